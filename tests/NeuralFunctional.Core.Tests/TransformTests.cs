using System.Collections.Immutable;
using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

public class TransformTests
{
    private static readonly List<ImmutableArray<double>> Rows = [[12, 6, 5], [32, 4, 5], [11, 3, 5], [29, 11, 5]];

    [Fact]
    public void Center_HiringTable_SubtractsTrainingMean()
    {
        var t = FittedTransform.Fit(TransformKind.Center, Rows);
        Assert.Equal([21.0, 6.0, 5.0], t.Offset.ToArray());
        Assert.Equal([-9.0, 0.0, 0.0], FittedTransform.Apply(t, Rows[0]).ToArray());
        Assert.Equal([-7.0, 0.0, 0.0], FittedTransform.Apply(t, [14, 6, 5]).ToArray());
    }

    [Fact]
    public void Standardize_GivesZeroMeanUnitPopulationStd_ConstantFeatureOnlyCentred()
    {
        var t = FittedTransform.Fit(TransformKind.Standardize, Rows);
        var z = Rows.Select(r => FittedTransform.Apply(t, r)).ToList();
        for (var k = 0; k < 2; k++)
        {
            Assert.Equal(0.0, z.Average(r => r[k]), 14);
            Assert.Equal(1.0, Math.Sqrt(z.Average(r => r[k] * r[k])), 14);
        }
        Assert.Equal(1.0, t.Scale[2]);
        Assert.All(z, r => Assert.Equal(0.0, r[2]));
    }

    [Fact]
    public void MinMax_MapsTrainingRangeToUnitInterval()
    {
        var t = FittedTransform.Fit(TransformKind.MinMax, Rows);
        Assert.Equal([0.0, 0.0, 0.0], FittedTransform.Apply(t, [11, 3, 5]).ToArray());
        Assert.Equal([1.0, 1.0, 0.0], FittedTransform.Apply(t, [32, 11, 5]).ToArray());
    }
}
