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
    /// before the step, then <see cref="Update"/>.</summary>
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

    /// <summary>How every step ends, feed-forward or recurrent (<see cref="RecurrentTraining.Step"/>): the mean of the
    /// mini-batch's gradients (see <see cref="Gradient.Mean"/>); then weight decay on that mean
    /// (<see cref="Gradient.WithWeightDecay"/>), then the optimizer with the learning rate of the current epoch
    /// (<see cref="Schedule.Apply"/>, a pure function of <see cref="TrainingState.Epoch"/>).</summary>
    [Pure]
    public static TrainingState Update(TrainingState s, IReadOnlyList<Gradient> gradients, TrainingConfig config)
    {
        var g = Gradient.WithWeightDecay(Gradient.Mean(gradients), s.Network, config.WeightDecay);
        var rule = Schedule.Apply(config.Schedule, config.Optimizer, s.Epoch);
        var (net, optimizer) = Optimizer.Update(rule, s.Optimizer, s.Network, g);
        return s with { Network = net, Optimizer = optimizer };
    }

    /// <summary>One epoch: the rows in file order (or in a permutation drawn from the state's rng when shuffling),
    /// cut into consecutive mini-batches of <see cref="TrainingConfig.BatchSize"/> (the last may be smaller).</summary>
    [Pure]
    public static TrainingState Epoch(TrainingState s, Dataset data, TrainingConfig config)
    {
        var order = Order(ref s, data.Count, config.Shuffle);
        for (var start = 0; start < data.Count; start += config.BatchSize)
        {
            var size = Math.Min(config.BatchSize, data.Count - start);
            var batch = new Sample[size];
            for (var i = 0; i < size; i++) batch[i] = data.Rows[order[start + i]];
            s = Step(s, batch, config);
        }
        return s with { Epoch = s.Epoch + 1 };
    }

    /// <summary>The run as a lazy unfold: first the record of <paramref name="start"/> itself, then one record for
    /// each recorded epoch (every <see cref="TrainingConfig.RecordEvery"/> epochs and the last) up to
    /// <see cref="TrainingConfig.Epochs"/>. An epoch after which a parameter is not finite is recorded too, and a
    /// record whose loss is not finite ends the sequence (divergence).
    /// With <see cref="TrainingConfig.EarlyStopping"/>, the loss on <paramref name="validation"/> is computed after
    /// every epoch (<see cref="Core.EarlyStopping.Observe"/>) and carried in each record; the epoch at which early
    /// stopping fires is recorded and ends the sequence (its state's <see cref="TrainingState.Result"/> is the best
    /// network). A state that has already stopped yields only its own record.
    /// Nothing runs until the caller enumerates, so a host can observe, checkpoint and stop between records.
    /// A host may lend a <paramref name="helper"/> thread to share the fast path's steps; the records are the same bits
    /// with or without it.</summary>
    [Pure]
    public static IEnumerable<EpochRecord> Run(TrainingState start, Dataset data, TrainingConfig config, Dataset? validation = null,
        IHelperThread? helper = null)
    {
        Require(data.Count, config, validation?.Count ?? 0);
        return Choose(start, data, config, validation ?? Dataset.Of(), helper);
    }

    /// <summary>Chooses the path at the first enumeration (so <see cref="Run"/> stays lazy): the fast trainer when it
    /// applies (see <see cref="FastTrainer.TryCreate"/>), else the reference unfold.</summary>
    private static IEnumerable<EpochRecord> Choose(TrainingState start, Dataset data, TrainingConfig config, Dataset validation, IHelperThread? helper)
    {
        var fast = FastTrainer.TryCreate(start, data, config, helper);
        foreach (var record in fast is null ? Unfold(start, data, config, validation) : Unfold(fast, config)) yield return record;
    }

    /// <summary>The same records as <see cref="Run"/>, always computed by the plain reference path (<see cref="Epoch"/>
    /// and <see cref="Step"/> on immutable values). <see cref="Run"/> takes a faster path with reused buffers when it can;
    /// tests prove the two equal bit for bit, and benchmarks compare them.</summary>
    [Pure]
    public static IEnumerable<EpochRecord> RunReference(TrainingState start, Dataset data, TrainingConfig config, Dataset? validation = null)
    {
        Require(data.Count, config, validation?.Count ?? 0);
        return Unfold(start, data, config, validation ?? Dataset.Of());
    }

    /// <summary>The unfold of <see cref="Run"/> on a <see cref="FastTrainer"/>: the same records, epoch for epoch.</summary>
    private static IEnumerable<EpochRecord> Unfold(FastTrainer fast, TrainingConfig config)
    {
        var first = fast.Record();
        yield return first;
        if (first.Diverged) yield break;
        while (fast.EpochCount < config.Epochs)
        {
            fast.Epoch();
            var recorded = fast.EpochCount % config.RecordEvery == 0 || fast.EpochCount == config.Epochs;
            if (!recorded && fast.AllFinite()) continue;
            var record = fast.Record();
            yield return record;
            if (record.Diverged) yield break;
        }
    }

    private static IEnumerable<EpochRecord> Unfold(TrainingState s, Dataset data, TrainingConfig config, Dataset validation) =>
        Unfold(s, config, state => Epoch(state, data, config), net => Dataset.Loss(net, data, config.Loss),
            net => Dataset.Loss(net, validation, config.Loss));

    /// <summary>The reference unfold, whatever the network reads (feature rows here, sequences in
    /// <see cref="RecurrentTraining.Run"/>): <paramref name="epoch"/> advances the state by one epoch,
    /// <paramref name="loss"/> is the training-set loss of a network and <paramref name="validationLoss"/> its loss on
    /// the held-out rows (called only with <see cref="TrainingConfig.EarlyStopping"/>). Records as <see cref="Run"/>
    /// describes.</summary>
    internal static IEnumerable<EpochRecord> Unfold(TrainingState s, TrainingConfig config, Func<TrainingState, TrainingState> epoch,
        Func<Network, double> loss, Func<Network, double> validationLoss)
    {
        var watch = config.EarlyStopping;
        double? ValidationLoss(Network net) => watch is null ? null : validationLoss(net);
        var startLoss = ValidationLoss(s.Network);
        if (watch is not null && s.Stopping is null) s = s with { Stopping = EarlyStopping.Start(s.Network, startLoss!.Value, s.Epoch) };
        var first = new EpochRecord(s.Epoch, loss(s.Network), s, startLoss);
        yield return first;
        if (first.Diverged) yield break;
        while (s.Epoch < config.Epochs && s.Stopping is not { Stopped: true })
        {
            s = epoch(s);
            var validation = ValidationLoss(s.Network);
            if (watch is not null) s = s with { Stopping = EarlyStopping.Observe(watch, s.Stopping!, s.Network, validation!.Value, s.Epoch) };
            var recorded = s.Epoch % config.RecordEvery == 0 || s.Epoch == config.Epochs || s.Stopping is { Stopped: true };
            if (!recorded && AllFinite(s.Network)) continue;
            var record = new EpochRecord(s.Epoch, loss(s.Network), s, validation);
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
