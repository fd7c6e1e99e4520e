using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>The input transforms: centre (subtract the training mean), standardize (then divide by the population
/// standard deviation) and min–max (map the training range to [0, 1]).</summary>
public enum TransformKind { Center, Standardize, MinMax }

/// <summary>A transform fitted on the training rows: x'_k = (x_k − Offset_k) / Scale_k. A feature that is constant
/// on the training rows keeps scale 1 (it is only shifted).</summary>
public sealed record FittedTransform(TransformKind Kind, ImmutableArray<double> Offset, ImmutableArray<double> Scale)
{
    /// <summary>Fits on <paramref name="rows"/> (at least one; every x of the same length). Means are sums in row
    /// order divided by the count; the standard deviation is √(Σ (x − mean)² / n).</summary>
    public static FittedTransform Fit(TransformKind kind, IReadOnlyList<ImmutableArray<double>> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("A transform is fitted on at least one row.");
        var n = rows[0].Length;
        var offset = new double[n];
        var scale = new double[n];
        for (var k = 0; k < n; k++)
        {
            switch (kind)
            {
                case TransformKind.Center:
                    offset[k] = Mean(rows, k);
                    scale[k] = 1.0;
                    break;
                case TransformKind.Standardize:
                    offset[k] = Mean(rows, k);
                    var sq = 0.0;
                    foreach (var row in rows) { var d = row[k] - offset[k]; sq += d * d; }
                    var std = Math.Sqrt(sq / rows.Count);
                    scale[k] = std > 0 ? std : 1.0;
                    break;
                case TransformKind.MinMax:
                    double min = double.PositiveInfinity, max = double.NegativeInfinity;
                    foreach (var row in rows) { min = Math.Min(min, row[k]); max = Math.Max(max, row[k]); }
                    offset[k] = min;
                    scale[k] = max > min ? max - min : 1.0;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind));
            }
        }
        return new FittedTransform(kind, Layer.Freeze(offset), Layer.Freeze(scale));
    }

    /// <summary>x' = (x − offset) / scale.</summary>
    public static ImmutableArray<double> Apply(FittedTransform t, ImmutableArray<double> x)
    {
        if (x.Length != t.Offset.Length) throw new ArgumentException($"Transform expects {t.Offset.Length} features, got {x.Length}.");
        var result = new double[x.Length];
        for (var k = 0; k < x.Length; k++) result[k] = (x[k] - t.Offset[k]) / t.Scale[k];
        return Layer.Freeze(result);
    }

    public static Dataset Apply(FittedTransform t, Dataset data) =>
        new(data.Rows.Select(r => r with { X = Apply(t, r.X) }).ToImmutableArray());

    private static double Mean(IReadOnlyList<ImmutableArray<double>> rows, int k)
    {
        var sum = 0.0;
        foreach (var row in rows) sum += row[k];
        return sum / rows.Count;
    }
}
