using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace NeuralFunctional.Core;

/// <summary>Training as pure transitions: a step, an epoch, and a run as a lazy unfold of epoch records.</summary>
public static class Training
{
    /// <summary>The state before the first step. <paramref name="shuffleRng"/> is the experiment's <c>shuffle</c> stream.</summary>
    [Pure]
    public static TrainingState Start(Network net, TrainingConfig config, RngState shuffleRng) =>
        new(net, Optimizer.Init(config.Optimizer, net), shuffleRng, 0);

    /// <summary>One optimizer step on a mini-batch: the samples' gradients, every one computed from the parameters
    /// before the step, then <see cref="Update(TrainingState, IReadOnlyList{Gradient}, TrainingConfig)"/>.</summary>
    [Pure]
    public static TrainingState Step(TrainingState s, IReadOnlyList<Sample> batch, TrainingConfig config)
    {
        var gradients = new Gradient[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var pass = Network.Forward(s.Network, batch[i].X);
            gradients[i] = Network.Backward(s.Network, pass, config.Loss, batch[i].Y);
        }
        return Update(s, gradients, config);
    }

    /// <summary>How every step ends, feed-forward or recurrent (<see cref="ElmanTraining.Step"/>): the mini-batch's
    /// gradients summed from the first in sample order (<see cref="Gradient.Sum"/>), then one step of the update chain
    /// (<see cref="UpdateStep"/>: their mean, weight decay on the weights, the optimizer with the learning rate of the
    /// current epoch, <see cref="Schedule.Apply"/>, a pure function of <see cref="TrainingState.Epoch"/>).</summary>
    [Pure]
    public static TrainingState Update(TrainingState s, IReadOnlyList<Gradient> gradients, TrainingConfig config) =>
        Update(s, Gradient.Sum(gradients), gradients.Count, config);

    /// <summary><see cref="Update(TrainingState, IReadOnlyList{Gradient}, TrainingConfig)"/> on gradients already summed
    /// (flat, in <see cref="Network.Parameters"/> order) over <paramref name="count"/> samples.</summary>
    [Pure]
    public static TrainingState Update(TrainingState s, double[] sums, int count, TrainingConfig config)
    {
        var rule = Schedule.Apply(config.Schedule, config.Optimizer, s.Epoch);
        var (net, optimizer) = Optimizer.Update(rule, s.Optimizer, s.Network, sums, count, config.WeightDecay);
        return s with { Network = net, Optimizer = optimizer };
    }

    /// <summary>One epoch: the rows in file order (or in a permutation drawn from the state's rng when shuffling),
    /// cut into consecutive mini-batches of <see cref="TrainingConfig.BatchSize"/> (the last may be smaller).</summary>
    [Pure]
    public static TrainingState Epoch(TrainingState s, Dataset data, TrainingConfig config) =>
        Epoch(s, data.Rows, config, (state, batch) => Step(state, batch, config));

    /// <summary>The epoch of every reference path, whatever a row is (a feature row here, a sequence in
    /// <see cref="ElmanTraining.Epoch"/>): the order, the consecutive mini-batches, <paramref name="step"/> on each,
    /// then the epoch count one higher.</summary>
    internal static TrainingState Epoch<T>(TrainingState s, ImmutableArray<T> rows, TrainingConfig config, Func<TrainingState, IReadOnlyList<T>, TrainingState> step)
    {
        var order = Order(ref s, rows.Length, config.Shuffle);
        for (var start = 0; start < rows.Length; start += config.BatchSize)
        {
            var size = Math.Min(config.BatchSize, rows.Length - start);
            var batch = new T[size];
            for (var i = 0; i < size; i++) batch[i] = rows[order[start + i]];
            s = step(s, batch);
        }
        return s with { Epoch = s.Epoch + 1 };
    }

    /// <summary>The run as a lazy unfold: first the record of <paramref name="start"/> itself, then one record for
    /// each recorded epoch (every <see cref="TrainingConfig.RecordEvery"/> epochs and the last) up to
    /// <see cref="TrainingConfig.Epochs"/>. An epoch after which a parameter is not finite is recorded too, and a
    /// record whose loss is not finite ends the sequence (divergence).
    /// With <see cref="TrainingConfig.EarlyStopping"/>, the loss on <paramref name="validation"/> is computed after
    /// every epoch (<see cref="Core.EarlyStopping.Observe(Core.EarlyStopping, EarlyStoppingState, Network, double, int)"/>) and carried in each record; the epoch at which early
    /// stopping fires is recorded and ends the sequence (its state's <see cref="TrainingState.Result"/> is the best
    /// network). A state that has already stopped yields only its own record.
    /// Nothing runs until the caller enumerates, so a host can observe, checkpoint and stop between records.
    /// A host may lend a <paramref name="helper"/> thread to share the engine's steps; the records are the same bits
    /// with or without it.</summary>
    [Pure]
    public static IEnumerable<EpochRecord> Run(TrainingState start, Dataset data, TrainingConfig config, Dataset? validation = null,
        IHelperThread? helper = null)
    {
        Require(data.Count, config, validation?.Count ?? 0);
        return Choose(start, data, config, validation ?? Dataset.Of(), helper);
    }

    /// <summary>Chooses the path at the first enumeration (so <see cref="Run"/> stays lazy): the batched engine
    /// (<see cref="FastTrainer"/>) for every dense run whose rows are shaped like the network, which is every run an
    /// experiment file can describe (every optimizer, weight decay, schedule, early stopping, batch size and shuffle);
    /// the reference path only for rows of another shape than the network's (a programming error the engine does not
    /// carry, so that the reference's exception names it). Elman networks take the same engine through
    /// <see cref="ElmanTraining.Run"/>; REINFORCE (<see cref="Reinforce.Run"/>) plays episodes on the same passes
    /// (<see cref="ReinforceEngine"/>).</summary>
    private static IEnumerable<EpochRecord> Choose(TrainingState start, Dataset data, TrainingConfig config, Dataset validation, IHelperThread? helper)
    {
        ITrainer trainer = (ITrainer?)FastTrainer.TryCreate(start, data, validation, config, helper) ?? Reference(start, data, config, validation);
        foreach (var record in Unfold(trainer, config, start.Stopping)) yield return record;
    }

    /// <summary>The same records as <see cref="Run"/>, always computed by the plain reference path (<see cref="Epoch"/>
    /// and <see cref="Step"/> on immutable values). <see cref="Run"/> takes the batched engine with reused buffers;
    /// tests prove the two equal bit for bit, and benchmarks compare them.</summary>
    [Pure]
    public static IEnumerable<EpochRecord> RunReference(TrainingState start, Dataset data, TrainingConfig config, Dataset? validation = null)
    {
        Require(data.Count, config, validation?.Count ?? 0);
        return Unfold(Reference(start, data, config, validation ?? Dataset.Of()), config, start.Stopping);
    }

    private static ReferenceTrainer Reference(TrainingState s, Dataset data, TrainingConfig config, Dataset validation) =>
        new(s, state => Epoch(state, data, config), net => Dataset.Loss(net, data, config.Loss), net => Dataset.Loss(net, validation, config.Loss));

    /// <summary>What the trainer loop (<see cref="Unfold(ITrainer, TrainingConfig, EarlyStoppingState?)"/>) drives: the
    /// batched engine, or the reference path on immutable values (<see cref="ReferenceTrainer"/>).</summary>
    internal interface ITrainer
    {
        /// <summary>Completed epochs.</summary>
        int Epoch { get; }

        /// <summary>Trains one more epoch.</summary>
        void RunEpoch();

        /// <summary>The mean loss over the training rows with the current parameters.</summary>
        double Loss();

        /// <summary>The mean loss over the held-out rows with the current parameters.</summary>
        double ValidationLoss();

        /// <summary>True when no parameter is NaN or ±∞.</summary>
        bool AllFinite();

        /// <summary>The current network, as an immutable value.</summary>
        Network Network();

        /// <summary>The current state, as an immutable value, with early stopping's watch.</summary>
        TrainingState State(EarlyStoppingState? stopping);
    }

    /// <summary>The reference path as an <see cref="ITrainer"/>: an immutable state advanced by a pure epoch function.</summary>
    internal sealed class ReferenceTrainer(TrainingState s, Func<TrainingState, TrainingState> epoch, Func<Network, double> loss,
        Func<Network, double> validationLoss) : ITrainer
    {
        public int Epoch => s.Epoch;
        public void RunEpoch() => s = epoch(s);
        public double Loss() => loss(s.Network);
        public double ValidationLoss() => validationLoss(s.Network);
        public bool AllFinite() => Training.AllFinite(s.Network);
        public Network Network() => s.Network;
        public TrainingState State(EarlyStoppingState? stopping) => s with { Stopping = stopping };
    }

    /// <summary>The one trainer loop, whatever trains and whatever the network reads (feature rows here, sequences in
    /// <see cref="ElmanTraining.Run"/>): records as <see cref="Run"/> describes. With early stopping, the validation
    /// loss after every epoch (and of the start), the watch started at the first record unless the start carries one.</summary>
    internal static IEnumerable<EpochRecord> Unfold(ITrainer t, TrainingConfig config, EarlyStoppingState? stopping)
    {
        var watch = config.EarlyStopping;
        double? startLoss = watch is null ? null : t.ValidationLoss();
        if (watch is not null && stopping is null) stopping = EarlyStopping.Start(t.Network(), startLoss!.Value, t.Epoch);
        var first = new EpochRecord(t.Epoch, t.Loss(), t.State(stopping), startLoss);
        yield return first;
        if (first.Diverged) yield break;
        while (t.Epoch < config.Epochs && stopping is not { Stopped: true })
        {
            t.RunEpoch();
            double? validation = watch is null ? null : t.ValidationLoss();
            if (watch is not null) stopping = EarlyStopping.Observe(watch, stopping!, t.Network, validation!.Value, t.Epoch);
            var recorded = t.Epoch % config.RecordEvery == 0 || t.Epoch == config.Epochs || stopping is { Stopped: true };
            if (!recorded && t.AllFinite()) continue;
            var record = new EpochRecord(t.Epoch, t.Loss(), t.State(stopping), validation);
            yield return record;
            if (record.Diverged) yield break;
        }
    }

    /// <summary>The checks every run makes of its arguments (programming errors: an experiment is validated before):
    /// training rows, a positive batch size and record interval, and validation rows when early stopping watches them.</summary>
    internal static void Require(int rows, TrainingConfig config, int validationRows)
    {
        if (rows == 0) throw new ArgumentException("Training needs at least one row.");
        if (config.BatchSize < 1 || config.RecordEvery < 1) throw new ArgumentException("Batch size and record interval must be positive.");
        if (config.EarlyStopping is not null && validationRows == 0)
            throw new ArgumentException("Early stopping needs validation rows.");
    }

    /// <summary>True when no parameter is NaN or ±∞ (checked after every epoch, so divergence is caught at once).</summary>
    public static bool AllFinite(Network net)
    {
        foreach (var layer in net.Layers)
        {
            foreach (var w in layer.Weights.Values) if (!double.IsFinite(w)) return false;
            foreach (var b in layer.Biases) if (!double.IsFinite(b)) return false;
        }
        return true;
    }

    /// <summary>An epoch's row order: file order, or a permutation drawn from the state's rng (advancing it) when shuffling.</summary>
    internal static ImmutableArray<int> Order(ref TrainingState s, int count, bool shuffle)
    {
        if (!shuffle) return Enumerable.Range(0, count).ToImmutableArray();
        var (permutation, rng) = Rng.Permutation(s.Rng, count);
        s = s with { Rng = rng };
        return permutation;
    }
}
