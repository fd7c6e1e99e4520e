using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace NeuralFunctional.Core;

/// <summary>How sequences are trained besides <see cref="TrainingConfig"/>: where their targets are, and the BPTT
/// truncation (0 = full; see <see cref="ElmanNetwork.Backward"/>).</summary>
public sealed record SequenceConfig(SequenceTargets Targets, int Truncate = 0);

/// <summary>Training an Elman network on sequences, as pure transitions mirroring <see cref="Training"/>: a step on a
/// mini-batch of sequences, an epoch, a run as a lazy unfold of <see cref="EpochRecord"/>s. The state is a plain
/// <see cref="TrainingState"/> whose network is the recurrent network's <see cref="ElmanNetwork.Stack"/>, so the
/// optimizer, its state, the shuffle rng and checkpoints are those of feed-forward training.</summary>
public static class ElmanTraining
{
    /// <summary>The state before the first step. <paramref name="shuffleRng"/> is the experiment's <c>shuffle</c> stream.</summary>
    [Pure]
    public static TrainingState Start(ElmanNetwork net, TrainingConfig config, RngState shuffleRng) =>
        Training.Start(net.Stack, config, shuffleRng);

    /// <summary>One optimizer step on a mini-batch of sequences: their BPTT terms (<see cref="ElmanNetwork.BackwardTerms"/>),
    /// every one computed from the parameters before the step, summed in the documented order (<see cref="ElmanNetwork.SumTerms"/>:
    /// time steps from the first, sequences in row order within a step), then <see cref="Training.Update(TrainingState, double[], int, TrainingConfig)"/>
    /// as a feed-forward step on as many samples as sequences (mean, weight decay, the learning rate of the epoch's
    /// schedule, the optimizer).</summary>
    [Pure]
    public static TrainingState Step(TrainingState s, int inputs, IReadOnlyList<SequenceSample> batch, TrainingConfig config, SequenceConfig sequence)
    {
        var net = ElmanNetwork.FromStack(inputs, s.Network);
        var terms = new ImmutableArray<BpttTerm>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var pass = ElmanNetwork.Forward(net, batch[i].X);
            terms[i] = ElmanNetwork.BackwardTerms(net, pass, config.Loss, sequence.Targets, batch[i].Y, sequence.Truncate);
        }
        return Training.Update(s, ElmanNetwork.SumTerms(s.Network, terms), batch.Count, config);
    }

    /// <summary>One epoch: the rows in file order (or in a permutation drawn from the state's rng when shuffling), cut
    /// into consecutive mini-batches of <see cref="TrainingConfig.BatchSize"/> (the last may be smaller).</summary>
    [Pure]
    public static TrainingState Epoch(TrainingState s, int inputs, SequenceDataset data, TrainingConfig config, SequenceConfig sequence) =>
        Training.Epoch(s, data.Rows, config, (state, batch) => Step(state, inputs, batch, config, sequence));

    /// <summary>The run as a lazy unfold, recorded exactly as <see cref="Training.Run"/> records (epoch 0, every
    /// <see cref="TrainingConfig.RecordEvery"/> epochs, the last, and a divergent epoch, which ends it) by the same
    /// trainer loop; the loss is <see cref="SequenceDataset.Loss"/> over the training rows. With
    /// <see cref="TrainingConfig.EarlyStopping"/>, the loss on the <paramref name="validation"/> sequences is computed
    /// after every epoch and carried in each record, and the epoch at which early stopping fires ends the run (its
    /// state's <see cref="TrainingState.Result"/> is the best network), as in <see cref="Training.Run"/>. The batched
    /// engine trains (every optimizer, weight decay, schedule, early stopping, batch size, shuffle, truncation, ragged
    /// lengths), the same bits as <see cref="RunReference"/>; a host may lend a <paramref name="helper"/> thread (same bits).</summary>
    [Pure]
    public static IEnumerable<EpochRecord> Run(TrainingState start, int inputs, SequenceDataset data, TrainingConfig config, SequenceConfig sequence,
        SequenceDataset? validation = null, IHelperThread? helper = null)
    {
        Require(data, config, sequence, validation);
        return Choose(start, inputs, data, config, sequence, validation ?? SequenceDataset.Empty, helper);
    }

    private static IEnumerable<EpochRecord> Choose(TrainingState start, int inputs, SequenceDataset data, TrainingConfig config, SequenceConfig sequence,
        SequenceDataset validation, IHelperThread? helper)
    {
        Training.ITrainer trainer = (Training.ITrainer?)FastTrainer.TryCreate(start, inputs, data, validation, config, sequence, helper)
            ?? Reference(start, inputs, data, config, sequence, validation);
        foreach (var record in Training.Unfold(trainer, config, start.Stopping)) yield return record;
    }

    /// <summary>The same records as <see cref="Run"/>, always computed by the reference path (<see cref="Epoch"/> and
    /// <see cref="Step"/> on immutable values): what tests prove the engine equal to.</summary>
    [Pure]
    public static IEnumerable<EpochRecord> RunReference(TrainingState start, int inputs, SequenceDataset data, TrainingConfig config,
        SequenceConfig sequence, SequenceDataset? validation = null)
    {
        Require(data, config, sequence, validation);
        return Training.Unfold(Reference(start, inputs, data, config, sequence, validation ?? SequenceDataset.Empty), config, start.Stopping);
    }

    private static void Require(SequenceDataset data, TrainingConfig config, SequenceConfig sequence, SequenceDataset? validation)
    {
        Training.Require(data.Count, config, validation?.Count ?? 0);
        if (sequence.Truncate < 0) throw new ArgumentException("truncate must be ≥ 0.");
    }

    private static Training.ReferenceTrainer Reference(TrainingState start, int inputs, SequenceDataset data, TrainingConfig config,
        SequenceConfig sequence, SequenceDataset held)
    {
        double Loss(Network stack, SequenceDataset rows) =>
            SequenceDataset.Loss(ElmanNetwork.FromStack(inputs, stack), rows, config.Loss, sequence.Targets);
        return new Training.ReferenceTrainer(start, s => Epoch(s, inputs, data, config, sequence), net => Loss(net, data), net => Loss(net, held));
    }
}
