using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>Where a sequence has targets: at every time step (<see cref="PerStep"/>: y holds one vector per step of x),
/// or only after its last step (<see cref="Last"/>: y holds one vector).</summary>
public enum SequenceTargets { PerStep, Last }

/// <summary>One sequence row: an id, its inputs x_1 … x_T (one vector per time step) and its targets y (one vector per
/// step, or one for the whole sequence; empty when unknown). Which of the two y holds is the data set's
/// <see cref="SequenceTargets"/>.</summary>
public sealed record SequenceSample(string Id, ImmutableArray<ImmutableArray<double>> X, ImmutableArray<ImmutableArray<double>> Y)
{
    public int Steps => X.Length;

    public bool HasTarget => !Y.IsDefaultOrEmpty;
}

/// <summary>Sequence rows in file order. Sequences may differ in length; every step's x has the same width.</summary>
public sealed record SequenceDataset(ImmutableArray<SequenceSample> Rows)
{
    public static readonly SequenceDataset Empty = new(ImmutableArray<SequenceSample>.Empty);

    public int Count => Rows.Length;

    public static SequenceDataset Of(params SequenceSample[] rows) => new(rows.ToImmutableArray());

    /// <summary>Mean sequence loss over the rows (see <see cref="ElmanNetwork.SequenceLoss"/>): summed in row order,
    /// then divided by the row count.</summary>
    public static double Loss(ElmanNetwork net, SequenceDataset data, LossKind loss, SequenceTargets targets)
    {
        var sum = 0.0;
        foreach (var row in data.Rows)
            sum += ElmanNetwork.SequenceLoss(net, ElmanNetwork.Forward(net, row.X), loss, targets, row.Y);
        return sum / data.Count;
    }

    /// <summary>Every step's x of every row, in row order then step order: what an input transform is fitted on.</summary>
    public static IReadOnlyList<ImmutableArray<double>> AllSteps(SequenceDataset data) =>
        data.Rows.SelectMany(r => r.X).ToList();

    /// <summary>The rows with <paramref name="t"/> applied to every step's x.</summary>
    public static SequenceDataset Apply(FittedTransform t, SequenceDataset data) =>
        new(data.Rows.Select(r => r with { X = r.X.Select(x => FittedTransform.Apply(t, x)).ToImmutableArray() }).ToImmutableArray());
}
