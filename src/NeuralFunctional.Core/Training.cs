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

    /// <summary>One optimizer step on a mini-batch: the mean of the samples' gradients (see <see cref="Gradient.Mean"/>),
    /// every gradient computed from the parameters before the step.</summary>
    [Pure]
    public static TrainingState Step(TrainingState s, IReadOnlyList<Sample> batch, TrainingConfig config)
    {
        var gradients = new Gradient[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var pass = Network.Forward(s.Network, batch[i].X);
            gradients[i] = Network.Backward(s.Network, pass, config.Loss, batch[i].Y);
        }
        var (net, optimizer) = Optimizer.Update(config.Optimizer, s.Optimizer, s.Network, Gradient.Mean(gradients));
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
    /// Nothing runs until the caller enumerates, so a host can observe, checkpoint and stop between records.</summary>
    [Pure]
    public static IEnumerable<EpochRecord> Run(TrainingState start, Dataset data, TrainingConfig config)
    {
        if (data.Count == 0) throw new ArgumentException("Training needs at least one row.");
        if (config.BatchSize < 1 || config.RecordEvery < 1) throw new ArgumentException("Batch size and record interval must be positive.");
        return Choose(start, data, config);
    }

    /// <summary>Chooses the path at the first enumeration (so <see cref="Run"/> stays lazy): the fast trainer when it
    /// applies, else the reference unfold.</summary>
    private static IEnumerable<EpochRecord> Choose(TrainingState start, Dataset data, TrainingConfig config)
    {
        var fast = FastTrainer.TryCreate(start, data, config);
        foreach (var record in fast is null ? Unfold(start, data, config) : Unfold(fast, config)) yield return record;
    }

    /// <summary>The same records as <see cref="Run"/>, always computed by the plain reference path (<see cref="Epoch"/>
    /// and <see cref="Step"/> on immutable values). <see cref="Run"/> takes a faster path with reused buffers when it can;
    /// tests prove the two equal bit for bit, and benchmarks compare them.</summary>
    [Pure]
    public static IEnumerable<EpochRecord> RunReference(TrainingState start, Dataset data, TrainingConfig config)
    {
        if (data.Count == 0) throw new ArgumentException("Training needs at least one row.");
        if (config.BatchSize < 1 || config.RecordEvery < 1) throw new ArgumentException("Batch size and record interval must be positive.");
        return Unfold(start, data, config);
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

    private static IEnumerable<EpochRecord> Unfold(TrainingState s, Dataset data, TrainingConfig config)
    {
        var first = new EpochRecord(s.Epoch, Dataset.Loss(s.Network, data, config.Loss), s);
        yield return first;
        if (first.Diverged) yield break;
        while (s.Epoch < config.Epochs)
        {
            s = Epoch(s, data, config);
            var recorded = s.Epoch % config.RecordEvery == 0 || s.Epoch == config.Epochs;
            if (!recorded && AllFinite(s.Network)) continue;
            var record = new EpochRecord(s.Epoch, Dataset.Loss(s.Network, data, config.Loss), s);
            yield return record;
            if (record.Diverged) yield break;
        }
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

    private static ImmutableArray<int> Order(ref TrainingState s, int count, bool shuffle)
    {
        if (!shuffle) return Enumerable.Range(0, count).ToImmutableArray();
        var (permutation, rng) = Rng.Permutation(s.Rng, count);
        s = s with { Rng = rng };
        return permutation;
    }
}
