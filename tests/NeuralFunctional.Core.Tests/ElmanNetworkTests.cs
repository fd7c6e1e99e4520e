using System.Collections.Immutable;
using CsCheck;
using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

public class ElmanNetworkTests
{
    private static ImmutableArray<double> V(params double[] x) => x.ToImmutableArray();

    private static ImmutableArray<ImmutableArray<double>> Seq(params double[][] steps) => steps.Select(V).ToImmutableArray();

    /// <summary>1 input, 2 hidden units (linear), one linear output: small enough to follow by hand.</summary>
    private static ElmanNetwork Tiny()
    {
        // Row j: W_j0, U_j0, U_j1.
        var cell = NetworkTests.Dense([[0.5, 0.1, 0.2], [-1, 0.3, 0.4]], [0.25, 0], Activation.Linear);
        var head = NetworkTests.Dense([[1, 2]], [0.5], Activation.Linear);
        return ElmanNetwork.Create(1, cell, [head]);
    }

    [Fact]
    public void Forward_TinyNetwork_FollowsTheElmanRecurrenceFromZero()
    {
        var pass = ElmanNetwork.Forward(Tiny(), Seq([1], [2]));
        // Step 1: h_0 = 0, so h_1 = W x_1 + b = [0.75, -1].
        Assert.Equal(new[] { 0.75, -1.0 }, pass.HiddenState(0));
        // Step 2: h_2 = ((0 + W x_2) + U h_1) + b, left to right.
        var h0 = ((0 + 0.5 * 2) + 0.1 * 0.75 + 0.2 * -1.0) + 0.25;
        var h1 = ((0 + -1.0 * 2) + 0.3 * 0.75 + 0.4 * -1.0) + 0.0;
        Assert.Equal(new[] { h0, h1 }, pass.HiddenState(1));
        Assert.Equal(((0 + 1 * h0) + 2 * h1) + 0.5, pass.Steps[1].Output[0]);
    }

    [Fact]
    public void Forward_CellSum_IsInputPartThenRecurrentPartThenBias()
    {
        // ((0 + 1e16·1) + (−1e16)·1) + 1 = 1, while 1e16 + (−1e16 + 1) would be 0: the W·x sum is closed before U·h is added.
        var cell = NetworkTests.Dense([[1e16, -1e16]], [1], Activation.Linear);
        var net = ElmanNetwork.Create(1, cell, [NetworkTests.Dense([[1]], [0], Activation.Linear)]);
        var pass = ElmanNetwork.Forward(net, Seq([1], [1]), V(1));
        Assert.Equal(1.0, pass.HiddenState(0)[0]);
    }

    [Fact]
    public void Create_CellOfWrongWidth_Throws()
    {
        var cell = NetworkTests.Dense([[1, 2]], [0], Activation.Tanh); // 1 unit over 2 values = 1 input + 1 hidden: fine
        Assert.Equal(1, ElmanNetwork.Create(1, cell, [NetworkTests.Dense([[1]], [0], Activation.Linear)]).Inputs);
        Assert.Throws<ArgumentException>(() => ElmanNetwork.Create(2, cell, [NetworkTests.Dense([[1]], [0], Activation.Linear)]));
        Assert.Throws<ArgumentException>(() => ElmanNetwork.Create(1, cell, []));
    }

    private static readonly ActivationKind[] Smooth = [ActivationKind.Tanh, ActivationKind.Sigmoid, ActivationKind.Linear, ActivationKind.Softplus];

    /// <summary>A random small Elman network with a random sequence and targets: 1–3 inputs, 1–4 hidden units, 1–2 head
    /// layers, 1–6 steps, either target mode, any loss (with the output layer it needs).</summary>
    internal static readonly Gen<Case> RandomCase =
        from loss in Gen.Enum<LossKind>()
        from targets in Gen.Enum<SequenceTargets>()
        from inputs in Gen.Int[1, 3]
        from hidden in Gen.Int[1, 4]
        from widths in Gen.Int[1, 3].Array[1, 2]
        from cellKind in Gen.Int[0, Smooth.Length - 1].Select(i => Smooth[i])
        from headKind in Gen.Int[0, Smooth.Length - 1].Select(i => Smooth[i])
        from steps in Gen.Int[1, 6]
        from values in Gen.Double[-1, 1].Array[120]
        from xs in Gen.Double[-2, 2].Array[18]
        from ts in Gen.Double[0.05, 1].Array[18]
        select Build(loss, targets, inputs, hidden, widths, cellKind, headKind, steps, values, xs, ts);

    internal sealed record Case(ElmanNetwork Net, ImmutableArray<ImmutableArray<double>> X, ImmutableArray<ImmutableArray<double>> Y,
        LossKind Loss, SequenceTargets Targets);

    private static Case Build(LossKind loss, SequenceTargets targets, int inputs, int hidden, int[] widths, ActivationKind cellKind,
        ActivationKind headKind, int steps, double[] values, double[] xs, double[] ts)
    {
        var v = 0;
        Layer Draw(int units, int fanIn, ActivationKind kind)
        {
            var w = Enumerable.Range(0, units * fanIn).Select(_ => values[v++ % values.Length]).ToArray();
            var b = Enumerable.Range(0, units).Select(_ => values[v++ % values.Length]).ToArray();
            return Layer.Create(new Matrix(units, fanIn, w.ToImmutableArray()), b.ToImmutableArray(), new Activation(kind));
        }
        var cell = Draw(hidden, inputs + hidden, cellKind);
        var head = new List<Layer>();
        var fanIn = hidden;
        for (var l = 0; l < widths.Length; l++)
        {
            var last = l == widths.Length - 1;
            var kind = last && Loss.RequiredOutput(loss) is { } required ? required : headKind;
            var units = kind == ActivationKind.Softmax ? Math.Max(2, widths[l]) : widths[l];
            head.Add(Draw(units, fanIn, kind));
            fanIn = units;
        }
        var x = Enumerable.Range(0, steps).Select(t => Enumerable.Range(0, inputs).Select(k => xs[(t * inputs + k) % xs.Length]).ToImmutableArray());
        var count = targets == SequenceTargets.PerStep ? steps : 1;
        var y = Enumerable.Range(0, count).Select(t =>
        {
            var row = Enumerable.Range(0, fanIn).Select(k => ts[(t * fanIn + k) % ts.Length]).ToArray();
            if (loss == LossKind.Ce) { var s = row.Sum(); row = row.Select(r => r / s).ToArray(); }
            return row.ToImmutableArray();
        });
        return new Case(ElmanNetwork.Create(inputs, cell, head), x.ToImmutableArray(), y.ToImmutableArray(), loss, targets);
    }

    private static ElmanNetwork With(ElmanNetwork net, double[] p) =>
        ElmanNetwork.FromStack(net.Inputs, Network.WithParameters(net.Stack, p));

    /// <summary>Finite differences of <paramref name="objective"/> at every parameter against <paramref name="analytic"/>.</summary>
    private static void AssertGradient(Case c, ImmutableArray<double> analytic, Func<ElmanNetwork, double> objective, string what)
    {
        var p = Network.Parameters(c.Net.Stack).ToArray();
        for (var i = 0; i < p.Length; i++)
        {
            var index = i;
            var numeric = FiniteDifference.Derivative(pi =>
            {
                var q = (double[])p.Clone();
                q[index] = pi;
                return objective(With(c.Net, q));
            }, p[i]);
            FiniteDifference.AssertClose(analytic[i], numeric, 1e-6,
                $"{what}: ∂L/∂p[{i}] ({c.Loss}, {c.Targets}, {c.X.Length} steps, {c.Net.Hidden} hidden)");
        }
    }

    [Fact]
    public void Backward_FullBptt_MatchesFiniteDifferencesOfTheSequenceLoss()
    {
        RandomCase.Sample(c =>
        {
            var analytic = Gradient.Flatten(ElmanNetwork.Backward(c.Net, ElmanNetwork.Forward(c.Net, c.X), c.Loss, c.Targets, c.Y));
            AssertGradient(c, analytic, n => ElmanNetwork.SequenceLoss(n, ElmanNetwork.Forward(n, c.X), c.Loss, c.Targets, c.Y), "full");
        }, iter: 200);
    }

    /// <summary>The truncated objective, by definition: the sequence is cut into windows of k steps counted back from its
    /// last step, and each loss term L_t is recomputed from the first step of its window, whose h before (h_0 = 0 for
    /// the first window) is taken from the unperturbed network and held fixed.</summary>
    private static double TruncatedObjective(Case c, ElmanNetwork fixedNet, ElmanNetwork n, int k)
    {
        var fixedPass = ElmanNetwork.Forward(fixedNet, c.X);
        var steps = c.X.Length;
        var first = c.Targets == SequenceTargets.PerStep ? 0 : steps - 1;
        var sum = 0.0;
        for (var t = first; t < steps; t++)
        {
            var start = t; // the first step of t's window: where the gradient stops flowing back
            while (ElmanNetwork.ThroughTime(steps, start, k)) start--;
            Assert.True(start == 0 || (steps - start) % k == 0);
            var h = start > 0 ? fixedPass.HiddenState(start - 1) : V(new double[n.Hidden]);
            var pass = ElmanNetwork.Forward(n, c.X[start..(t + 1)], h);
            var target = c.Targets == SequenceTargets.PerStep ? c.Y[t] : c.Y[0];
            sum += Network.SampleLoss(n.Stack, pass.Steps[^1], c.Loss, target);
        }
        return c.Targets == SequenceTargets.PerStep ? sum / steps : sum;
    }

    [Fact]
    public void Backward_TruncatedBptt_MatchesFiniteDifferencesOfTheTruncatedObjective()
    {
        var gen = from c in RandomCase from k in Gen.Int[1, 5] select (c, k);
        gen.Sample(ck =>
        {
            var (c, k) = ck;
            var window = Math.Min(k, c.X.Length);
            var analytic = Gradient.Flatten(ElmanNetwork.Backward(c.Net, ElmanNetwork.Forward(c.Net, c.X), c.Loss, c.Targets, c.Y, k));
            AssertGradient(c, analytic, n => TruncatedObjective(c, c.Net, n, window), $"truncate {k}");
        }, iter: 200);
    }

    [Fact]
    public void Backward_TruncationOfAtLeastTheSequenceLength_EqualsFullBpttBitForBit()
    {
        var gen = from c in RandomCase from extra in Gen.Int[0, 3] select (c, extra);
        gen.Sample(ce =>
        {
            var (c, extra) = ce;
            var pass = ElmanNetwork.Forward(c.Net, c.X);
            var full = Gradient.Flatten(ElmanNetwork.Backward(c.Net, pass, c.Loss, c.Targets, c.Y));
            var truncated = Gradient.Flatten(ElmanNetwork.Backward(c.Net, pass, c.Loss, c.Targets, c.Y, c.X.Length + extra));
            Assert.True(Bits.Equal(full.AsSpan(), truncated.AsSpan()));
        }, iter: 200);
    }

    [Fact]
    public void Backward_TruncationShorterThanTheSequence_DiffersFromFullBptt()
    {
        // Linear cell, last-step target: the gradient of U through two steps is not zero, so cutting it shows.
        var net = Tiny();
        var xs = Seq([1], [2], [-1]);
        var pass = ElmanNetwork.Forward(net, xs);
        var y = Seq([1]);
        var full = Gradient.Flatten(ElmanNetwork.Backward(net, pass, LossKind.Mse, SequenceTargets.Last, y));
        var cut = Gradient.Flatten(ElmanNetwork.Backward(net, pass, LossKind.Mse, SequenceTargets.Last, y, 1));
        Assert.False(Bits.Equal(full.AsSpan(), cut.AsSpan()));
    }

    [Fact]
    public void Backward_SingleStepSequence_IsTheFeedForwardGradientOnXAndZeroState()
    {
        RandomCase.Sample(c =>
        {
            var x = c.X[..1];
            var y = c.Y[..1];
            var rnn = Gradient.Flatten(ElmanNetwork.Backward(c.Net, ElmanNetwork.Forward(c.Net, x), c.Loss, c.Targets, y));
            var input = x[0].AddRange(new double[c.Net.Hidden]);
            var ff = Gradient.Flatten(Network.Backward(c.Net.Stack, Network.Forward(c.Net.Stack, input), c.Loss, y[0]));
            Assert.True(Bits.Equal(rnn.AsSpan(), ff.AsSpan()));
        }, iter: 100);
    }

    [Theory]
    [InlineData(SequenceTargets.PerStep, 2, "0:head+time 1:head 2:head+time 3:head")]
    [InlineData(SequenceTargets.PerStep, 0, "0:head+time 1:head+time 2:head+time 3:head")]
    [InlineData(SequenceTargets.PerStep, 1, "0:head 1:head 2:head 3:head")]
    [InlineData(SequenceTargets.Last, 0, "0:time 1:time 2:time 3:head")]
    [InlineData(SequenceTargets.Last, 3, "0:none 1:time 2:time 3:head")]
    [InlineData(SequenceTargets.Last, 1, "0:none 1:none 2:none 3:head")]
    public void BackwardTerms_OnePerStepWithTheHeadsPartAndThePartThroughTime(SequenceTargets targets, int truncate, string expected)
    {
        var net = Tiny();
        var pass = ElmanNetwork.Forward(net, Seq([1], [2], [-1], [0.5]));
        var y = targets == SequenceTargets.PerStep ? Seq([1], [0], [1], [0]) : Seq([1]);
        var terms = ElmanNetwork.BackwardTerms(net, pass, LossKind.Mse, targets, y, truncate);
        static string Parts(BpttTerm t) => (t.FromHead.IsEmpty, t.ThroughTime.IsEmpty) switch
        {
            (false, false) => "head+time", (false, true) => "head", (true, false) => "time", _ => "none",
        };
        Assert.Equal(expected, string.Join(" ", terms.Select(t => $"{t.Step}:{Parts(t)}")));
        Assert.All(terms, t => Assert.Equal(t.FromHead.IsEmpty, t.Head.IsEmpty));
        foreach (var t in terms)
        {
            // ∂L/∂h_s = through the head + through time, either alone, 0 with neither; δ_s = f'(z_s) ⊙ that (f' = 1: a
            // linear cell).
            var expectedH = t.FromHead.IsEmpty && t.ThroughTime.IsEmpty ? new double[net.Hidden]
                : t.FromHead.IsEmpty ? t.ThroughTime.ToArray()
                : t.ThroughTime.IsEmpty ? t.FromHead.ToArray()
                : t.FromHead.Zip(t.ThroughTime, (a, b) => a + b).ToArray();
            Assert.Equal(expectedH, t.HiddenGradient.ToArray());
            Assert.Equal(t.HiddenGradient.ToArray(), t.Cell.Biases.ToArray());
            // Through time: Σ_j U_jk δ_(s+1),j over units from 0.
            if (t.ThroughTime.IsEmpty) continue;
            var u = net.Cell.Weights;
            var later = terms[t.Step + 1].Cell.Biases;
            Assert.Equal(Enumerable.Range(0, net.Hidden).Select(k => 0 + u[0, 1 + k] * later[0] + u[1, 1 + k] * later[1]).ToArray(), t.ThroughTime.ToArray());
        }
    }
}
