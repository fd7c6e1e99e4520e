using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>One row: an id (so predictions can be named), its inputs x and its targets y (empty when unknown).</summary>
public sealed record Sample(string Id, ImmutableArray<double> X, ImmutableArray<double> Y)
{
    public bool HasTarget => !Y.IsDefaultOrEmpty;
}

/// <summary>Rows in file order.</summary>
public sealed record Dataset(ImmutableArray<Sample> Rows)
{
    public int Count => Rows.Length;

    public static Dataset Of(params Sample[] rows) => new(rows.ToImmutableArray());

    /// <summary>Mean loss over the rows (sample losses summed in row order, then divided by the row count).</summary>
    public static double Loss(Network net, Dataset data, LossKind loss)
    {
        var sum = 0.0;
        foreach (var row in data.Rows)
            sum += Network.SampleLoss(net, Network.Forward(net, row.X), loss, row.Y);
        return sum / data.Count;
    }
}
