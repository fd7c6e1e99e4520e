using System.Collections.Immutable;
using CsCheck;
using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

public class NetworkTests
{
    internal static Layer Dense(double[][] w, double[] b, Activation f) =>
        Layer.Create(Matrix.FromRows(w), b.ToImmutableArray(), f);

    internal static ImmutableArray<double> V(params double[] x) => x.ToImmutableArray();

    [Fact]
    public void Neuron_LectureTwoInputExample_GivesLectureOutput()
    {
        var neuron = Network.Create(2, [Dense([[3, 1]], [-1], Activation.Sigmoid)]);
        Assert.Equal(0.9999938558253978, Network.Predict(neuron, V(4, 1))[0]);
    }

    [Fact]
    public void Network_Lecture221WithEqualNeurons_GivesLectureOutput()
    {
        var hidden = Dense([[0, 1], [0, 1]], [0, 0], Activation.Sigmoid);
        var output = Dense([[0, 1]], [0], Activation.Sigmoid);
        var net = Network.Create(2, [hidden, output]);
        Assert.Equal(0.7216325609518421, Network.Predict(net, V(2, 3))[0]);
    }

    [Theory]
    [InlineData(1, 1, "AND", new double[] { 0, 0, 0, 1 })]
    [InlineData(2, 2, "OR", new double[] { 0, 1, 1, 1 })]
    public void Neuron_LectureLogicGates_ReproduceTruthTables(double w1, double w2, string gate, double[] expected)
    {
        var neuron = Network.Create(2, [Dense([[w1, w2]], [0], Activation.Step(2))]);
        double[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
        var outputs = inputs.Select(x => Network.Predict(neuron, V(x))[0]).ToArray();
        Assert.True(expected.SequenceEqual(outputs), $"{gate}: got [{string.Join(", ", outputs)}]");
    }

    [Fact]
    public void Layer_WeightedSum_IsLeftToRightThenBias()
    {
        // 0.1·1 + 0.2·1 + 0.3·1 = 0.6000000000000001 left to right; 0.1 + (0.2 + 0.3) would be 0.6.
        var layer = Dense([[0.1, 0.2, 0.3]], [0], Activation.Linear);
        var z = new double[1];
        Layer.WeightedSums(layer, [1, 1, 1], z);
        Assert.Equal(0.1 * 1 + 0.2 * 1 + 0.3 * 1, z[0]);
        Assert.Equal(0.6000000000000001, z[0]);
    }

    [Fact]
    public void Create_MismatchedShapes_Throw()
    {
        Assert.Throws<ArgumentException>(() => Network.Create(3, [Dense([[1, 2]], [0], Activation.Linear)]));
        Assert.Throws<ArgumentException>(() => Layer.Create(Matrix.FromRows([[1.0, 2.0]]), V(0, 0), Activation.Linear));
    }

    [Fact]
    public void WithParameters_RoundTripsParameters()
    {
        var net = Network.Create(2, [Dense([[1, 2], [3, 4]], [5, 6], Activation.Tanh), Dense([[7, 8]], [9], Activation.Linear)]);
        var p = Network.Parameters(net);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (double)i), p);
        Assert.True(Network.BitEquals(net, Network.WithParameters(net, p.AsSpan())));
        Assert.False(Network.BitEquals(net, Network.WithParameters(net, p.Select(v => v + 1).ToArray())));
    }

    private static readonly ActivationKind[] Differentiable =
    [
        ActivationKind.Linear, ActivationKind.Sigmoid, ActivationKind.Tanh, ActivationKind.LeakyRelu,
        ActivationKind.Elu, ActivationKind.Softplus, ActivationKind.Softmax,
    ];

    /// <summary>A random network, sample and loss: 1–4 layers of 1–5 units, any differentiable activation,
    /// with the loss's required output layer.</summary>
    internal static readonly Gen<(Network Net, double[] X, double[] T, LossKind Loss)> RandomCase =
        from loss in Gen.Enum<LossKind>()
        from inputs in Gen.Int[1, 4]
        from widths in Gen.Int[1, 5].Array[1, 4]
        from kinds in Gen.Int[0, Differentiable.Length - 1].Select(i => Differentiable[i]).Array[4]
        from seed in Gen.Double[-1.5, 1.5].Array[200]
        from x in Gen.Double[-2, 2].Array[inputs]
        from tRaw in Gen.Double[0.05, 1].Array[5]
        select Build(loss, inputs, widths, kinds, seed, x, tRaw);

    private static (Network, double[], double[], LossKind) Build(LossKind loss, int inputs, int[] widths, ActivationKind[] kinds,
        double[] values, double[] x, double[] tRaw)
    {
        var layers = new List<Layer>();
        var fanIn = inputs;
        var v = 0;
        for (var l = 0; l < widths.Length; l++)
        {
            var last = l == widths.Length - 1;
            var kind = last && Loss.RequiredOutput(loss) is { } required ? required
                : kinds[l] == ActivationKind.Softmax && !last ? ActivationKind.Tanh : kinds[l];
            var units = kind == ActivationKind.Softmax ? Math.Max(2, widths[l]) : widths[l];
            var w = new double[units * fanIn];
            for (var i = 0; i < w.Length; i++) w[i] = values[v++ % values.Length];
            var b = new double[units];
            for (var i = 0; i < b.Length; i++) b[i] = values[v++ % values.Length];
            var f = new Activation(kind, Alpha: kind == ActivationKind.Elu ? 0.8 : 0.05);
            layers.Add(Layer.Create(new Matrix(units, fanIn, w.ToImmutableArray()), b.ToImmutableArray(), f));
            fanIn = units;
        }
        var outputs = fanIn;
        var t = tRaw.Take(outputs).ToArray();
        if (loss == LossKind.Ce) { var s = t.Sum(); t = t.Select(ti => ti / s).ToArray(); }
        return (Network.Create(inputs, layers), x, t, loss);
    }

    [Fact]
    public void Backward_RandomNetworks_MatchesFiniteDifferences()
    {
        RandomCase.Sample(c =>
        {
            var (net, x, t, loss) = c;
            var target = t.ToImmutableArray();
            var pass = Network.Forward(net, x.ToImmutableArray());
            if (NearKink(net, pass)) return;
            var analytic = Gradient.Flatten(Network.Backward(net, pass, loss, target));
            var p = Network.Parameters(net).ToArray();
            for (var i = 0; i < p.Length; i++)
            {
                var index = i;
                var numeric = FiniteDifference.Derivative(pi =>
                {
                    var q = (double[])p.Clone();
                    q[index] = pi;
                    var n = Network.WithParameters(net, q);
                    return Network.SampleLoss(n, Network.Forward(n, x.ToImmutableArray()), loss, target);
                }, p[i]);
                FiniteDifference.AssertClose(analytic[i], numeric, 1e-6, $"∂L/∂p[{i}] ({loss}, {net.Layers.Length} layers)");
            }
        }, iter: 300);
    }

    /// <summary>Leaky ReLU and ELU (alpha ≠ 1) bend at z = 0: a finite difference straddling the bend measures
    /// neither side, so such samples (which shrinking seeks out) are not gradient-checkable.</summary>
    private static bool NearKink(Network net, ForwardPass pass) =>
        net.Layers.Zip(pass.Layers).Any(p => p.First.Activation.Kind is ActivationKind.LeakyRelu or ActivationKind.Elu &&
                                             p.Second.Z.Any(z => Math.Abs(z) < 1e-3));

    [Fact]
    public void Forward_SameNetworkTwice_GivesIdenticalBits()
    {
        RandomCase.Sample(c =>
        {
            var a = Network.Predict(c.Net, c.X.ToImmutableArray());
            var b = Network.Predict(c.Net with { }, c.X.ToArray().ToImmutableArray());
            Assert.True(Bits.Equal(a.AsSpan(), b.AsSpan()));
        }, iter: 100);
    }
}
