using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace NeuralFunctional.Core;

/// <summary>How sequences are trained besides <see cref="TrainingConfig"/>: where their targets are, and the BPTT
/// truncation (0 = full; see <see cref="RecurrentNetwork.Backward"/>).</summary>
public sealed record SequenceConfig(SequenceTargets Targets, int Truncate = 0);

/// <summary>Training an Elman network on sequences, as pure transitions mirroring <see cref="Training"/>: a step on a
/// mini-batch of sequences, an epoch, a run as a lazy unfold of <see cref="EpochRecord"/>s. The state is a plain
/// <see cref="TrainingState"/> whose network is the recurrent network's <see cref="RecurrentNetwork.Stack"/>, so the
/// optimizer, its state, the shuffle rng and checkpoints are those of feed-forward training.</summary>
public static class RecurrentTraining
{
    /// <summary>The state before the first step. <paramref name="shuffleRng"/> is the experiment's <c>shuffle</c> stream.</summary>
    [Pure]
    public static TrainingState Start(RecurrentNetwork net, TrainingConfig config, RngState shuffleRng) =>
        Training.Start(net.Stack, config, shuffleRng);

    /// <summary>One optimizer step on a mini-batch of sequences: their BPTT gradients, every one computed from the
    /// parameters before the step, then <see cref="Training.Update"/> as a feed-forward step (mean, weight decay,
    /// the learning rate of the epoch's schedule, the optimizer).</summary>
    [Pure]
    public static TrainingState Step(TrainingState s, int inputs, IReadOnlyList<SequenceSample> batch, TrainingConfig config, SequenceConfig sequence)
    {
        var net = RecurrentNetwork.FromStack(inputs, s.Network);
        var gradients = new Gradient[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var pass = RecurrentNetwork.Forward(net, batch[i].X);
            gradients[i] = RecurrentNetwork.Backward(net, pass, config.Loss, sequence.Targets, batch[i].Y, sequence.Truncate);
        }
        return Training.Update(s, gradients, config);
    }

    /// <summary>One epoch: the rows in file order (or in a permutation drawn from the state's rng when shuffling), cut
    /// into consecutive mini-batches of <see cref="TrainingConfig.BatchSize"/> (the last may be smaller).</summary>
    [Pure]
    public static TrainingState Epoch(TrainingState s, int inputs, SequenceDataset data, TrainingConfig config, SequenceConfig sequence)
    {
        var order = Enumerable.Range(0, data.Count).ToImmutableArray();
        if (config.Shuffle)
        {
            var (permutation, rng) = Rng.Permutation(s.Rng, data.Count);
            (order, s) = (permutation, s with { Rng = rng });
        }
        for (var start = 0; start < data.Count; start += config.BatchSize)
        {
            var size = Math.Min(config.BatchSize, data.Count - start);
            var batch = new SequenceSample[size];
            for (var i = 0; i < size; i++) batch[i] = data.Rows[order[start + i]];
            s = Step(s, inputs, batch, config, sequence);
        }
        return s with { Epoch = s.Epoch + 1 };
    }

    /// <summary>The run as a lazy unfold, recorded exactly as <see cref="Training.Run"/> records (epoch 0, every
    /// <see cref="TrainingConfig.RecordEvery"/> epochs, the last, and a divergent epoch, which ends it); the loss is
    /// <see cref="SequenceDataset.Loss"/> over the training rows.</summary>
    [Pure]
    public static IEnumerable<EpochRecord> Run(TrainingState start, int inputs, SequenceDataset data, TrainingConfig config, SequenceConfig sequence)
    {
        if (data.Count == 0) throw new ArgumentException("Training needs at least one row.");
        if (config.BatchSize < 1 || config.RecordEvery < 1) throw new ArgumentException("Batch size and record interval must be positive.");
        if (sequence.Truncate < 0) throw new ArgumentException("truncate must be ≥ 0.");
        return Unfold(start, inputs, data, config, sequence);
    }

    private static IEnumerable<EpochRecord> Unfold(TrainingState s, int inputs, SequenceDataset data, TrainingConfig config, SequenceConfig sequence)
    {
        EpochRecord Record(TrainingState state) =>
            new(state.Epoch, SequenceDataset.Loss(RecurrentNetwork.FromStack(inputs, state.Network), data, config.Loss, sequence.Targets), state);

        var first = Record(s);
        yield return first;
        if (first.Diverged) yield break;
        while (s.Epoch < config.Epochs)
        {
            s = Epoch(s, inputs, data, config, sequence);
            var recorded = s.Epoch % config.RecordEvery == 0 || s.Epoch == config.Epochs;
            if (!recorded && Training.AllFinite(s.Network)) continue;
            var record = Record(s);
            yield return record;
            if (record.Diverged) yield break;
        }
    }
}
