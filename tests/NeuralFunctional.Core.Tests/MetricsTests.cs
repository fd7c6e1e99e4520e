using System.Collections.Immutable;
using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

/// <summary>Confusion matrix and per-class scores against cases worked by hand.</summary>
public class MetricsTests
{
    // Classes A, B, C. Truth A A A B B C C C, predicted A A B B A A B B: C is never predicted.
    private static readonly int[] Truth = [0, 0, 0, 1, 1, 2, 2, 2];
    private static readonly int[] Predicted = [0, 0, 1, 1, 0, 0, 1, 1];

    private static int[][] Plain(ImmutableArray<ImmutableArray<int>> m) => m.Select(r => r.ToArray()).ToArray();

    [Fact]
    public void Confusion_HandCase_RowsAreTruthColumnsArePredicted()
    {
        var m = Metrics.Confusion(Truth, Predicted, 3);
        Assert.Equal([[2, 1, 0], [1, 1, 0], [1, 2, 0]], Plain(m));
    }

    [Fact]
    public void PerClass_HandCase_MatchesWorkedNumbers()
    {
        var s = Metrics.PerClass(Metrics.Confusion(Truth, Predicted, 3));
        // A: TP 2, predicted 4, present 3 → P 1/2, R 2/3, F1 = 2·(1/2)(2/3)/(7/6) = 4/7.
        Assert.Equal(0.5, s[0].Precision, 14);
        Assert.Equal(2.0 / 3, s[0].Recall, 14);
        Assert.Equal(4.0 / 7, s[0].F1, 14);
        Assert.Equal(3, s[0].Support);
        // B: TP 1, predicted 4, present 2 → P 1/4, R 1/2, F1 = 1/3.
        Assert.Equal(0.25, s[1].Precision, 14);
        Assert.Equal(0.5, s[1].Recall, 14);
        Assert.Equal(1.0 / 3, s[1].F1, 14);
        Assert.Equal(2, s[1].Support);
    }

    [Fact]
    public void PerClass_ClassNeverPredicted_PrecisionIsZeroNotNaN()
    {
        var c = Metrics.PerClass(Metrics.Confusion(Truth, Predicted, 3))[2];
        Assert.Equal(new ClassScore(0, 0, 0, 3), c);
    }

    [Fact]
    public void PerClass_ClassAbsentAndNeverPredicted_AllZeroWithZeroSupport()
    {
        var s = Metrics.PerClass(Metrics.Confusion([0, 1, 1], [0, 1, 0], 3));
        Assert.Equal(new ClassScore(0, 0, 0, 0), s[2]);
        Assert.Equal(new ClassScore(0.5, 1, 2 * 0.5 * 1 / 1.5, 1), s[0]);
    }

    [Fact]
    public void Macro_HandCase_MeansOverClassesCountingEachOnce()
    {
        var (p, r, f1) = Metrics.Macro(Metrics.PerClass(Metrics.Confusion(Truth, Predicted, 3)));
        Assert.Equal(0.25, p, 14);            // (1/2 + 1/4 + 0) / 3
        Assert.Equal(7.0 / 18, r, 14);        // (2/3 + 1/2 + 0) / 3
        Assert.Equal(19.0 / 63, f1, 14);      // (4/7 + 1/3 + 0) / 3
    }

    [Fact]
    public void PerClass_PerfectPredictions_AllOnes()
    {
        var s = Metrics.PerClass(Metrics.Confusion([0, 1, 2, 2], [0, 1, 2, 2], 3));
        Assert.All(s, c => Assert.Equal((1.0, 1.0, 1.0), (c.Precision, c.Recall, c.F1)));
        Assert.Equal([1, 1, 2], s.Select(c => c.Support));
    }

    [Fact]
    public void Confusion_OneHotOutputs_UsesArgMax()
    {
        List<ImmutableArray<double>> targets = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]];
        List<ImmutableArray<double>> outputs = [[0.7, 0.2, 0.1], [0.5, 0.4, 0.1], [0.1, 0.1, 0.8], [0.2, 0.6, 0.2]];
        var m = Metrics.Confusion(TargetKind.OneHot, outputs, targets);
        Assert.Equal([[1, 0, 0], [1, 0, 0], [0, 1, 1]], Plain(m!.Value));
    }

    [Fact]
    public void Confusion_SingleBinaryOutput_TwoByTwoThresholdedAtHalf()
    {
        List<ImmutableArray<double>> targets = [[0], [1], [1], [0], [1]];
        List<ImmutableArray<double>> outputs = [[0.2], [0.7], [0.4], [0.5], [0.5]];
        var m = Metrics.Confusion(TargetKind.Binary, outputs, targets);
        // truth 0: predicted 0 (0.2), 1 (0.5); truth 1: predicted 1 (0.7), 0 (0.4), 1 (0.5).
        Assert.Equal([[1, 1], [1, 2]], Plain(m!.Value));
    }

    [Fact]
    public void Confusion_ContinuousOrMultiLabelTargets_IsNull()
    {
        List<ImmutableArray<double>> continuous = [[0.3], [2]];
        Assert.Null(Metrics.Confusion(TargetKind.Continuous, continuous, continuous));
        List<ImmutableArray<double>> multiLabel = [[1, 1], [0, 0]];
        Assert.Null(Metrics.Confusion(Metrics.Classify(multiLabel), multiLabel, multiLabel));
    }
}
