using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Tests;

/// <summary>Comparing experiments in the test projects (linked into each, not copied).</summary>
internal static class ExperimentAsserts
{
    /// <summary>Field by field, doubles compared by their bits (records over ImmutableArray compare arrays by reference).</summary>
    public static void AssertSame(Experiment a, Experiment b)
    {
        Assert.Equal((a.Name, a.Description, a.Seed, a.Training), (b.Name, b.Description, b.Seed, b.Training));
        Assert.True(a.Training is null || BitEqual(a.Training.Optimizer, b.Training!.Optimizer));
        Assert.Equal(a.Data.Features.ToArray(), b.Data.Features.ToArray());
        Assert.Equal(a.Data.Targets.ToArray(), b.Data.Targets.ToArray());
        Assert.Equal(a.Data.Transforms.ToArray(), b.Data.Transforms.ToArray());
        Assert.Equal(a.Data.Rows.GetType(), b.Data.Rows.GetType());
        var pairs = a.Data.Rows is DataRows.Features fa ? new[] { (fa.Train, b.Data.FeatureRows().Train), (fa.Test, b.Data.FeatureRows().Test) } : [];
        foreach (var (x, y) in pairs)
        {
            Assert.Equal(x.Count, y.Count);
            for (var i = 0; i < x.Count; i++)
            {
                Assert.Equal(x.Rows[i].Id, y.Rows[i].Id);
                Assert.True(Bits.Equal(x.Rows[i].X.AsSpan(), y.Rows[i].X.AsSpan()), $"x of {x.Rows[i].Id}");
                Assert.True(Bits.Equal(x.Rows[i].Y.AsSpan(), y.Rows[i].Y.AsSpan()), $"y of {x.Rows[i].Id}");
            }
        }
        Assert.Equal(a.Network.Inputs, b.Network.Inputs);
        Assert.Equal(a.Network.Init, b.Network.Init);
        Assert.Equal(a.Network.Layers.Length, b.Network.Layers.Length);
        for (var l = 0; l < a.Network.Layers.Length; l++)
        {
            var (p, q) = (a.Network.Layers[l], b.Network.Layers[l]);
            Assert.Equal((p.Units, p.Activation, p.Weights, p.Init, p.Bottleneck), (q.Units, q.Activation, q.Weights, q.Init, q.Bottleneck));
            Assert.Equal(p.Biases.HasValue, q.Biases.HasValue);
            if (p.Biases is { } pb) Assert.True(Bits.Equal(pb.AsSpan(), q.Biases!.Value.AsSpan()), $"biases of layer {l}");
        }
    }

    private static bool BitEqual(Optimizer a, Optimizer b) =>
        a.GetType() == b.GetType() && Settings(a).Select(BitConverter.DoubleToInt64Bits).SequenceEqual(Settings(b).Select(BitConverter.DoubleToInt64Bits));

    private static double[] Settings(Optimizer o) => o switch
    {
        Optimizer.Momentum m => [m.LearningRate, m.Beta],
        Optimizer.Nesterov n => [n.LearningRate, n.Beta],
        Optimizer.Adam x => [x.LearningRate, x.Beta1, x.Beta2, x.Epsilon],
        _ => [o.LearningRate],
    };
}
