using System.Collections.Immutable;
using CsCheck;
using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

/// <summary>Each optimizer against a two-step example computed by hand (every number exact in binary), and the
/// properties that tie them together.</summary>
public class OptimizerTests
{
    /// <summary>One linear neuron with one input: parameters [w, b].</summary>
    private static Network Neuron(double w, double b) =>
        Network.Create(1, [Layer.Create(Matrix.FromRows([[w]]), [b], Activation.Linear)]);

    /// <summary>A gradient shaped like <paramref name="net"/> from values in <see cref="Network.Parameters"/> order.</summary>
    internal static Gradient GradientOf(Network net, params double[] values)
    {
        var layers = ImmutableArray.CreateBuilder<LayerGradient>();
        var offset = 0;
        foreach (var layer in net.Layers)
        {
            var w = values.AsSpan(offset, layer.Units * layer.Inputs).ToArray();
            offset += w.Length;
            var b = values.AsSpan(offset, layer.Units).ToArray();
            offset += b.Length;
            layers.Add(new LayerGradient(new Matrix(layer.Units, layer.Inputs, [.. w]), [.. b]));
        }
        return new Gradient(layers.ToImmutable());
    }

    private static (Network, OptimizerState) TwoSteps(Optimizer o, Network net, double[] g1, double[] g2)
    {
        var (n1, s1) = Optimizer.Update(o, Optimizer.Init(o, net), net, GradientOf(net, g1));
        return Optimizer.Update(o, s1, n1, GradientOf(n1, g2));
    }

    private static void AssertExact(double[] expected, ImmutableArray<double> actual) =>
        Assert.True(Bits.Equal(expected, actual.AsSpan()), $"expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");

    [Fact]
    public void Momentum_TwoSteps_MatchHandComputation()
    {
        // lr 0.5, β 0.5. w: v = 1, w = 1 − 0.5·1 = 0.5; v = 0.5·1 + 2 = 2.5, w = 0.5 − 1.25 = −0.75.
        //                b: v = −2, b = 2 + 1 = 3;     v = −1 + 4 = 3,        b = 3 − 1.5 = 1.5.
        var (net, state) = TwoSteps(new Optimizer.Momentum(0.5, 0.5), Neuron(1, 2), [1, -2], [2, 4]);
        AssertExact([-0.75, 1.5], Network.Parameters(net));
        Assert.Equal(2, state.Step);
        AssertExact([2.5, 3], state.Moments[0]);
    }

    [Fact]
    public void Nesterov_TwoSteps_MatchHandComputation()
    {
        // lr 0.5, β 0.5. w: v = 1, w = 1 − 0.5·(1 + 0.5) = 0.25; v = 2.5, w = 0.25 − 0.5·(2 + 1.25) = −1.375.
        //                b: v = −2, b = 2 − 0.5·(−2 − 1) = 3.5;  v = 3,   b = 3.5 − 0.5·(4 + 1.5) = 0.75.
        var (net, state) = TwoSteps(new Optimizer.Nesterov(0.5, 0.5), Neuron(1, 2), [1, -2], [2, 4]);
        AssertExact([-1.375, 0.75], Network.Parameters(net));
        AssertExact([2.5, 3], state.Moments[0]);
    }

    [Fact]
    public void Adam_TwoSteps_MatchHandComputation()
    {
        // lr 1, β1 0.5, β2 0.75, ε 2; g_w = 2, 2 and g_b = −2, −2.
        // t=1: m = 0.5·2 = 1, v = 0.25·4 = 1, m̂ = 1/0.5 = 2, v̂ = 1/0.25 = 4, w = 1 − 2/(2 + 2) = 0.5.
        // t=2: m = 0.5 + 1 = 1.5, v = 0.75 + 1 = 1.75, m̂ = 1.5/0.75 = 2, v̂ = 1.75/0.4375 = 4, w = 0.5 − 0.5 = 0.
        // b mirrors w: 3 → 3.5 → 4.
        var (net, state) = TwoSteps(new Optimizer.Adam(1, 0.5, 0.75, 2), Neuron(1, 3), [2, -2], [2, -2]);
        AssertExact([0, 4], Network.Parameters(net));
        Assert.Equal(2, state.Step);
        AssertExact([1.5, -1.5], state.Moments[0]);
        AssertExact([1.75, 1.75], state.Moments[1]);
    }

    [Fact]
    public void Sgd_TwoSteps_MatchHandComputation()
    {
        var (net, state) = TwoSteps(new Optimizer.Sgd(0.5), Neuron(1, 2), [1, -2], [2, 4]);
        AssertExact([-0.5, 1], Network.Parameters(net));
        Assert.Equal(2, state.Step);
        Assert.Empty(state.Moments);
    }

    /// <summary>The documented formulas, written out in the documented order with awkward numbers (so that a
    /// reordering or a fused multiply-add changes some bit): the optimizers must agree bit for bit over five steps.</summary>
    [Fact]
    public void Optimizers_AwkwardNumbers_FollowTheDocumentedOperationOrder()
    {
        const int n = 13;
        var net0 = Network.WithParameters(Shape(), Enumerable.Range(0, n).Select(i => Math.Sin(i + 0.5) * 3).ToArray());
        var p0 = Network.Parameters(net0).ToArray();
        var gs = Enumerable.Range(0, 5).Select(t => Enumerable.Range(0, n).Select(i => Math.Cos(7.3 * t + 1.9 * i) * (1 + t)).ToArray()).ToArray();
        var (lr, beta, b1, b2, eps) = (0.37, 0.83, 0.87, 0.993, 1e-3);

        double[] p = [.. p0], v = new double[n], pn = [.. p0], vn = new double[n], pa = [.. p0], m = new double[n], va = new double[n];
        double beta1t = 1, beta2t = 1;
        for (var t = 1; t <= gs.Length; t++)
        {
            beta1t *= b1;
            beta2t *= b2;
            for (var i = 0; i < n; i++)
            {
                var g = gs[t - 1][i];
                v[i] = beta * v[i] + g;
                p[i] = p[i] - lr * v[i];
                vn[i] = beta * vn[i] + g;
                pn[i] = pn[i] - lr * (g + beta * vn[i]);
                m[i] = b1 * m[i] + (1 - b1) * g;
                va[i] = b2 * va[i] + (1 - b2) * (g * g);
                pa[i] = pa[i] - lr * (m[i] / (1 - beta1t)) / (Math.Sqrt(va[i] / (1 - beta2t)) + eps);
            }
        }
        Network Run5(Optimizer o) => Run(o, net0, gs);
        AssertExact(p, Network.Parameters(Run5(new Optimizer.Momentum(lr, beta))));
        AssertExact(pn, Network.Parameters(Run5(new Optimizer.Nesterov(lr, beta))));
        AssertExact(pa, Network.Parameters(Run5(new Optimizer.Adam(lr, b1, b2, eps))));
    }

    private static Network Shape() => Network.Create(2, [
        Layer.Create(new Matrix(3, 2, [0, 0, 0, 0, 0, 0]), [0, 0, 0], Activation.Tanh),
        Layer.Create(new Matrix(1, 3, [0, 0, 0]), [0], Activation.Sigmoid)]);

    private static readonly Gen<(Network Net, double[][] Gradients, double Lr)> Cases =
        from p in Gen.Double[-10, 10].Array[13]
        from gs in Gen.Double[-10, 10].Array[13].Array[1, 6]
        from lr in Gen.Double[1e-4, 2]
        select (Network.WithParameters(Shape(), p), gs, lr);

    private static Network Run(Optimizer o, Network net, double[][] gradients)
    {
        var state = Optimizer.Init(o, net);
        foreach (var g in gradients) (net, state) = Optimizer.Update(o, state, net, GradientOf(net, g));
        return net;
    }

    [Fact]
    public void MomentumAndNesterov_BetaZero_AreSgdBitForBit()
    {
        Cases.Sample(c =>
        {
            var sgd = Run(new Optimizer.Sgd(c.Lr), c.Net, c.Gradients);
            Assert.True(Network.BitEquals(sgd, Run(new Optimizer.Momentum(c.Lr, 0), c.Net, c.Gradients)));
            Assert.True(Network.BitEquals(sgd, Run(new Optimizer.Nesterov(c.Lr, 0), c.Net, c.Gradients)));
        }, iter: 200);
    }

    [Fact]
    public void Adam_FirstStep_MovesEachParameterByAboutLearningRateTimesSignOfGradient()
    {
        Cases.Sample(c =>
        {
            var adam = new Optimizer.Adam(c.Lr, 0.9, 0.999, 1e-8);
            var (after, _) = Optimizer.Update(adam, Optimizer.Init(adam, c.Net), c.Net, GradientOf(c.Net, c.Gradients[0]));
            var before = Network.Parameters(c.Net);
            var moved = Network.Parameters(after);
            for (var i = 0; i < before.Length; i++)
            {
                var g = c.Gradients[0][i];
                var expected = -c.Lr * Math.Sign(g) * (Math.Abs(g) / (Math.Abs(g) + 1e-8));
                Assert.True(Math.Abs(moved[i] - before[i] - expected) <= 1e-12 * (1 + Math.Abs(before[i])),
                    $"parameter {i}: g {g:R}, moved {moved[i] - before[i]:R}, expected {expected:R}");
            }
        }, iter: 200);
    }

    [Fact]
    public void Momentum_ConstantGradient_VelocityApproachesGradientOverOneMinusBeta()
    {
        var net = Neuron(0, 0);
        var o = new Optimizer.Momentum(0.1, 0.5);
        var state = Optimizer.Init(o, net);
        for (var k = 0; k < 60; k++) (net, state) = Optimizer.Update(o, state, net, GradientOf(net, 1, 1));
        Assert.Equal(2.0, state.Moments[0][0], 12);
    }

    [Fact]
    public void Update_StateOfAnotherOptimizer_IsAProgrammingError()
    {
        var net = Neuron(1, 1);
        Assert.Throws<ArgumentException>(() =>
            Optimizer.Update(new Optimizer.Adam(0.1, 0.9, 0.999, 1e-8), OptimizerState.Empty, net, GradientOf(net, 1, 1)));
    }

    [Fact]
    public void WeightDecay_AddsLambdaTimesWeightToWeightGradientsOnly()
    {
        var net = Network.Create(2, [Layer.Create(Matrix.FromRows([[1, -2]]), [3], Activation.Linear)]);
        double[] sums = [0.5, 0.5, 0.25];
        double[] Decayed(double lambda)
        {
            var step = UpdateStep.Of(new Optimizer.Sgd(0.1), 1, 1, lambda);
            var g = new double[3];
            var p = Network.Parameters(net).AsSpan();
            foreach (var (offset, length, weights) in Network.Stretches(net))
                step.Gradient(p.Slice(offset, length), sums.AsSpan(offset, length), g.AsSpan(offset, length), weights);
            return g;
        }
        AssertExact([1, -0.5, 0.25], [.. Decayed(0.5)]);
        AssertExact([0.5, 0.5, 0.25], [.. Decayed(0)]);
    }

    [Fact]
    public void WeightDecay_InTrainingStep_ShrinksWeightsWhenTheLossGradientIsZero()
    {
        // A row the neuron already fits exactly (w·x + b = y): the loss gradient is 0, so only decay moves w, not b.
        var net = Network.Create(1, [Layer.Create(Matrix.FromRows([[2]]), [1], Activation.Linear)]);
        var config = new TrainingConfig(LossKind.Mse, new Optimizer.Sgd(0.25), 1, WeightDecay: 0.5);
        var after = Training.Step(Training.Start(net, config, Rng.FromSeed(0)), [new Sample("a", [1], [3])], config);
        AssertExact([1.75, 1], Network.Parameters(after.Network)); // w − 0.25·(0 + 0.5·2) = 1.75
    }
}
