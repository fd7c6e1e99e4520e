using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>Early stopping on a held-out validation split: a seeded <see cref="Validation"/> fraction of the training
/// rows is not trained on; after every epoch the loss on them is computed, and training stops once it has not improved
/// by more than <see cref="MinDelta"/> for <see cref="Patience"/> epochs in a row. The run's result is then the best
/// network seen (lowest validation loss, the earliest on ties), not the last.</summary>
public sealed record EarlyStopping(double Validation, int Patience, double MinDelta)
{
    /// <summary>The training rows cut in two: the validation rows are the first k of a permutation of the row indices
    /// drawn from <paramref name="rng"/> (the experiment's <c>validation</c> stream), k = ⌊fraction·n + ½⌋ kept within
    /// [1, n − 1]; both parts keep file order. Needs at least two rows. Feature rows and sequence rows are split by
    /// this one rule (see the overloads).</summary>
    public static (ImmutableArray<T> Train, ImmutableArray<T> Validation) Split<T>(ImmutableArray<T> rows, double fraction, RngState rng)
    {
        var n = rows.Length;
        if (n < 2) throw new ArgumentException("A validation split needs at least two rows.");
        var k = Math.Clamp((int)Math.Floor(fraction * n + 0.5), 1, n - 1);
        var (permutation, _) = Rng.Permutation(rng, n);
        var held = permutation.Take(k).ToHashSet();
        var train = Enumerable.Range(0, n).Where(i => !held.Contains(i)).Select(i => rows[i]).ToImmutableArray();
        var validation = Enumerable.Range(0, n).Where(held.Contains).Select(i => rows[i]).ToImmutableArray();
        return (train, validation);
    }

    /// <summary>Feature rows split by <see cref="Split{T}"/>.</summary>
    public static (Dataset Train, Dataset Validation) Split(Dataset rows, double fraction, RngState rng)
    {
        var (train, validation) = Split(rows.Rows, fraction, rng);
        return (new Dataset(train), new Dataset(validation));
    }

    /// <summary>Sequence rows split by <see cref="Split{T}"/>: whole sequences are held out.</summary>
    public static (SequenceDataset Train, SequenceDataset Validation) Split(SequenceDataset rows, double fraction, RngState rng)
    {
        var (train, validation) = Split(rows.Rows, fraction, rng);
        return (new SequenceDataset(train), new SequenceDataset(validation));
    }

    /// <summary>The watch before training's first epoch (or at any start): the starting network is the best so far.</summary>
    public static EarlyStoppingState Start(Network net, double validationLoss, int epoch) =>
        new(net, validationLoss, epoch, 0, false);

    /// <summary>After epoch <paramref name="epoch"/>: an improvement (best − loss &gt; minDelta, computed as written)
    /// makes this network the best and resets the count; anything else (including a NaN loss) counts one more
    /// epoch without improvement, and reaching <see cref="Patience"/> such epochs stops training.</summary>
    public static EarlyStoppingState Observe(EarlyStopping config, EarlyStoppingState s, Network net, double validationLoss, int epoch) =>
        Observe(config, s, () => net, validationLoss, epoch);

    /// <summary><see cref="Observe(EarlyStopping, EarlyStoppingState, Network, double, int)"/> asking for the network only
    /// when it becomes the best (a batched trainer makes an immutable copy of its parameters only then).</summary>
    public static EarlyStoppingState Observe(EarlyStopping config, EarlyStoppingState s, Func<Network> net, double validationLoss, int epoch)
    {
        if (s.BestLoss - validationLoss > config.MinDelta) return new(net(), validationLoss, epoch, 0, false);
        var waiting = s.Waiting + 1;
        return s with { Waiting = waiting, Stopped = waiting >= config.Patience };
    }
}

/// <summary>What early stopping carries through training (and a checkpoint): the best network so far, its validation
/// loss and epoch, how many epochs have passed since it, and whether training has stopped.</summary>
public sealed record EarlyStoppingState(Network Best, double BestLoss, int BestEpoch, int Waiting, bool Stopped);
