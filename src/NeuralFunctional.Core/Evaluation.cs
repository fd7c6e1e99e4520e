using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>A network's forward pass over a set of rows on the batched engine (one pass per block of rows, as the engine
/// evaluates losses during training): each row's output, its loss where it has a target of the output's length, the mean
/// loss when every row has one, and, when asked, one layer's activations for every row (an autoencoder's codes). Bit for
/// bit what <see cref="Network.Forward"/> gives row by row, and <see cref="Dataset.Loss"/> for the mean.</summary>
public sealed record Evaluation(
    ImmutableArray<ImmutableArray<double>> Outputs,
    ImmutableArray<double?> Losses,
    double? Loss,
    ImmutableArray<ImmutableArray<double>> Codes)
{
    /// <summary>Evaluates <paramref name="net"/> on <paramref name="rows"/> (each row's x shaped like the network's inputs):
    /// with <paramref name="loss"/>, each row's loss (<see cref="Core.Loss.Value"/>) and their mean (summed in row order
    /// from 0, ÷ the row count) when every row has a target; with <paramref name="codeLayer"/>, that layer's activations.
    /// A host may lend a <paramref name="helper"/> thread (same bits).</summary>
    public static Evaluation Of(Network net, Dataset rows, LossKind? loss = null, int? codeLayer = null, IHelperThread? helper = null)
    {
        if (codeLayer is { } c && (c < 0 || c >= net.Layers.Length)) throw new ArgumentOutOfRangeException(nameof(codeLayer));
        foreach (var row in rows.Rows)
            if (row.X.IsDefault || row.X.Length != net.Inputs)
                throw new ArgumentException($"Row {row.Id} has {(row.X.IsDefault ? 0 : row.X.Length)} inputs; the network takes {net.Inputs}.");
        if (rows.Count == 0) return new Evaluation([], [], null, []);
        return FastTrainer.Evaluate(net, rows, loss, codeLayer, helper);
    }
}

/// <summary>An Elman network's forward pass over a set of sequences on the batched engine (blocks of sequences, a time
/// step of the block at a time, as the engine evaluates losses during training): each sequence's outputs as its targets
/// are compared with (one per step, or the last step's), its loss where it has its targets, the mean loss when every
/// row has them, and each sequence's hidden states h_1 … h_T. Bit for bit what <see cref="ElmanNetwork.Forward(ElmanNetwork, ImmutableArray{ImmutableArray{double}})"/>
/// gives sequence by sequence, and <see cref="SequenceDataset.Loss"/> for the mean.</summary>
public sealed record ElmanEvaluation(
    ImmutableArray<ImmutableArray<ImmutableArray<double>>> Outputs,
    ImmutableArray<double?> Losses,
    double? Loss,
    ImmutableArray<ImmutableArray<ImmutableArray<double>>> HiddenStates)
{
    /// <summary>Evaluates <paramref name="net"/> on <paramref name="rows"/> (every step's x shaped like the network's
    /// inputs, at least one step): with <paramref name="loss"/>, each row's <see cref="ElmanNetwork.SequenceLoss"/> and
    /// their mean (summed in row order from 0, ÷ the row count) when every row has its targets. A host may lend a
    /// <paramref name="helper"/> thread (same bits).</summary>
    public static ElmanEvaluation Of(ElmanNetwork net, SequenceDataset rows, SequenceTargets targets, LossKind? loss = null, IHelperThread? helper = null)
    {
        foreach (var row in rows.Rows)
            if (row.X.IsDefaultOrEmpty || row.X.Any(x => x.IsDefault || x.Length != net.Inputs))
                throw new ArgumentException($"Row {row.Id} has a step of another width than the network's {net.Inputs} inputs, or no step.");
        if (rows.Count == 0) return new ElmanEvaluation([], [], null, []);
        return FastTrainer.EvaluateSequences(net, rows, loss, targets, helper);
    }
}
