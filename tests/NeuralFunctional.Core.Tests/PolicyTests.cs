namespace NeuralFunctional.Core.Tests;

/// <summary>Sampling actions from a softmax policy: frequencies match the probabilities, impossible actions never
/// happen, and log π agrees with the softmax.</summary>
public class PolicyTests
{
    [Fact]
    public void Sample_ManyDraws_MatchTheProbabilities()
    {
        double[] p = [0.2, 0.5, 0.3];
        var counts = new int[3];
        var rng = Rng.Stream(3, "policy");
        const int n = 100_000;
        for (var i = 0; i < n; i++)
        {
            (int a, rng) = Policy.Sample(p, rng);
            counts[a]++;
        }
        for (var a = 0; a < 3; a++)
        {
            var standardError = Math.Sqrt(p[a] * (1 - p[a]) / n);
            Assert.InRange(counts[a] / (double)n, p[a] - 4 * standardError, p[a] + 4 * standardError);
        }
    }

    [Fact]
    public void Sample_CertainAction_IsAlwaysChosen()
    {
        var rng = Rng.Stream(3, "policy");
        for (var i = 0; i < 1000; i++)
        {
            (int a, rng) = Policy.Sample([0.0, 1.0, 0.0], rng);
            Assert.Equal(1, a);
        }
    }

    [Fact]
    public void Draw_IsSampleWithItsUniformDraw_ChosenByCumulativeProbability()
    {
        double[] p = [0.25, 0.5, 0.25];
        var rng = Rng.Stream(5, "policy");
        for (var i = 0; i < 200; i++)
        {
            var (a, u, next) = Policy.Draw(p, rng);
            var (sampled, sampledNext) = Policy.Sample(p, rng);
            Assert.Equal((sampled, sampledNext), (a, next));
            Assert.Equal(Rng.NextDouble(rng).Value, u);
            Assert.Equal(u < 0.25 ? 0 : u < 0.75 ? 1 : 2, a);
            rng = next;
        }
        Assert.Equal(0, Policy.Choose(p, 0.0));
        Assert.Equal(1, Policy.Choose(p, 0.25));
        Assert.Equal(2, Policy.Choose(p, 0.75));
        Assert.Equal(0, Policy.Choose([1.0, 0.0], 0.9999999999999999));
    }

    [Fact]
    public void LogProbability_OfSoftmax_IsTheLogOfItsOutput()
    {
        double[] z = [0.3, -1.2, 2.0];
        var a = new double[3];
        Activation.Forward(Activation.Softmax, z, a);
        for (var i = 0; i < 3; i++) Assert.Equal(Math.Log(a[i]), Policy.LogProbability(z, i), 14);
    }
}
