using System.Collections.Immutable;
using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

public class ElmanTrainingTests
{
    private static ImmutableArray<ImmutableArray<double>> Seq(params double[] bits) => bits.Select(b => ImmutableArray.Create(b)).ToImmutableArray();

    /// <summary>"Output the first bit at the end": 3-bit sequences, the target the first bit.</summary>
    private static readonly SequenceDataset FirstBit = new(
        Enumerable.Range(0, 8).Select(i => new SequenceSample($"s{i}", Seq(i & 1, (i >> 1) & 1, (i >> 2) & 1), Seq(i & 1))).ToImmutableArray());

    private static ElmanNetwork Start(ulong seed)
    {
        var (drawn, _) = Initializer.Network(new Initializer.Uniform(-0.5, 0.5), Rng.Stream(seed, "init"), 1 + 4,
            [new LayerSpec(4, Activation.Tanh), new LayerSpec(1, Activation.Sigmoid)]);
        return ElmanNetwork.FromStack(1, drawn);
    }

    private static readonly TrainingConfig Config = new(LossKind.Bce, new Optimizer.Sgd(0.5), 300, BatchSize: 2, Shuffle: true, RecordEvery: 50);
    private static readonly SequenceConfig Last = new(SequenceTargets.Last);

    [Fact]
    public void Step_OneSequence_IsSgdOnTheBpttGradient()
    {
        var net = Start(1);
        var row = FirstBit.Rows[5];
        var state = ElmanTraining.Start(net, Config, Rng.Stream(1, "shuffle"));
        var after = ElmanTraining.Step(state, 1, [row], Config, Last);
        var g = Gradient.Flatten(ElmanNetwork.Backward(net, ElmanNetwork.Forward(net, row.X), LossKind.Bce, SequenceTargets.Last, row.Y));
        var expected = Network.Parameters(net.Stack).Select((p, i) => p - 0.5 * g[i]).ToArray();
        Assert.True(Bits.Equal(expected, Network.Parameters(after.Network).AsSpan()));
        Assert.Equal(1, after.Optimizer.Step);
    }

    /// <summary>Per parameter, in <see cref="Network.Parameters"/> order: true for a weight, false for a bias.</summary>
    private static bool[] WeightMask(Network net) =>
        net.Layers.SelectMany(l => Enumerable.Repeat(true, l.Weights.Values.Length).Concat(Enumerable.Repeat(false, l.Biases.Length))).ToArray();

    /// <summary>The mean BPTT gradient of <paramref name="rows"/>, flat: their terms summed in the documented order
    /// (<see cref="ElmanNetwork.SumTerms"/>: steps from the first, rows in row order within a step), then divided
    /// by the count.</summary>
    private static double[] MeanGradient(ElmanNetwork net, IReadOnlyList<SequenceSample> rows)
    {
        var terms = rows.Select(row => ElmanNetwork.BackwardTerms(net, ElmanNetwork.Forward(net, row.X), LossKind.Bce, SequenceTargets.Last, row.Y)).ToList();
        var sum = ElmanNetwork.SumTerms(net.Stack, terms);
        return rows.Count == 1 ? sum : sum.Select(v => v / rows.Count).ToArray();
    }

    [Fact]
    public void SumTerms_OfEqualLengthRows_IsTheSumOfTheirGradientsUpToRounding()
    {
        var net = Start(4);
        var rows = FirstBit.Rows.Take(5).ToList();
        var sum = ElmanNetwork.SumTerms(net.Stack, rows.Select(row => ElmanNetwork.BackwardTerms(net, ElmanNetwork.Forward(net, row.X), LossKind.Bce, SequenceTargets.Last, row.Y)).ToList());
        var each = rows.Select(row => Gradient.Flatten(ElmanNetwork.Backward(net, ElmanNetwork.Forward(net, row.X), LossKind.Bce, SequenceTargets.Last, row.Y))).ToList();
        for (var i = 0; i < sum.Length; i++) Assert.Equal(each.Sum(g => g[i]), sum[i], 1e-12);
    }

    [Fact]
    public void Step_WithWeightDecay_IsSgdOnTheMeanGradientPlusLambdaTimesEachWeight()
    {
        const double lambda = 0.25;
        var net = Start(1);
        SequenceSample[] batch = [FirstBit.Rows[5], FirstBit.Rows[2], FirstBit.Rows[6]];
        var config = Config with { WeightDecay = lambda };
        var after = ElmanTraining.Step(ElmanTraining.Start(net, config, Rng.Stream(1, "shuffle")), 1, batch, config, Last);

        var g = MeanGradient(net, batch);
        var p = Network.Parameters(net.Stack);
        var weight = WeightMask(net.Stack);
        var expected = p.Select((w, i) => weight[i] ? w - 0.5 * (g[i] + lambda * w) : w - 0.5 * g[i]).ToArray();
        Assert.True(Bits.Equal(expected, Network.Parameters(after.Network).AsSpan()));
        var plain = ElmanTraining.Step(ElmanTraining.Start(net, Config, Rng.Stream(1, "shuffle")), 1, batch, Config, Last);
        Assert.False(Network.BitEquals(plain.Network, after.Network));
    }

    [Theory]
    [InlineData("step", 3, 0.5 * 0.5)]          // lr·0.5^⌊3/2⌋
    [InlineData("exponential", 2, 0.5 * (0.9 * 0.9))] // lr·0.9^2
    [InlineData("none", 7, 0.5)]
    public void Step_WithSchedule_UsesTheLearningRateOfTheStatesEpoch(string kind, int epoch, double lr)
    {
        Schedule? schedule = kind switch { "step" => new Schedule.Step(2, 0.5), "exponential" => new Schedule.Exponential(0.9), _ => null };
        var net = Start(1);
        SequenceSample[] batch = [FirstBit.Rows[3], FirstBit.Rows[4]];
        var config = Config with { Schedule = schedule };
        var state = ElmanTraining.Start(net, config, Rng.Stream(1, "shuffle")) with { Epoch = epoch };
        var after = ElmanTraining.Step(state, 1, batch, config, Last);
        var g = MeanGradient(net, batch);
        var expected = Network.Parameters(net.Stack).Select((w, i) => w - lr * g[i]).ToArray();
        Assert.True(Bits.Equal(expected, Network.Parameters(after.Network).AsSpan()));
    }

    [Fact]
    public void Step_Momentum_CarriesTheVelocityFromStepToStep()
    {
        // v ← 0.9·v + g, p ← p − lr·v, over two mini-batches of two sequences.
        var config = Config with { Optimizer = new Optimizer.Momentum(0.5, 0.9) };
        var net = Start(2);
        SequenceSample[][] batches = [[FirstBit.Rows[1], FirstBit.Rows[6]], [FirstBit.Rows[0], FirstBit.Rows[7]]];
        var state = ElmanTraining.Start(net, config, Rng.Stream(2, "shuffle"));
        var p = Network.Parameters(net.Stack).ToArray();
        var v = new double[p.Length];
        foreach (var batch in batches)
        {
            var g = MeanGradient(ElmanNetwork.FromStack(1, Network.WithParameters(net.Stack, p)), batch);
            for (var i = 0; i < p.Length; i++)
            {
                v[i] = 0.9 * v[i] + g[i];
                p[i] -= 0.5 * v[i];
            }
            state = ElmanTraining.Step(state, 1, batch, config, Last);
        }
        Assert.True(Bits.Equal(p, Network.Parameters(state.Network).AsSpan()));
        Assert.Equal(2, state.Optimizer.Step);
    }

    [Fact]
    public void Run_FirstBitTask_LearnsToRememberTheFirstInput()
    {
        var records = ElmanTraining.Run(ElmanTraining.Start(Start(3), Config, Rng.Stream(3, "shuffle")), 1, FirstBit, Config, Last).ToList();
        Assert.True(records[^1].Loss < records[0].Loss / 4, $"loss {records[0].Loss} -> {records[^1].Loss}");
        var net = ElmanNetwork.FromStack(1, records[^1].State.Network);
        foreach (var row in FirstBit.Rows)
            Assert.Equal(row.Y[0][0], ElmanNetwork.Predict(net, row.X, SequenceTargets.Last)[0][0] >= 0.5 ? 1.0 : 0.0);
    }

    [Fact]
    public void Run_ResumedFromARecordedState_GivesTheSameRemainingRecords()
    {
        var start = ElmanTraining.Start(Start(2), Config, Rng.Stream(2, "shuffle"));
        var whole = ElmanTraining.Run(start, 1, FirstBit, Config, Last).ToList();
        var middle = whole.First(r => r.Epoch == 100).State;
        var resumed = ElmanTraining.Run(middle, 1, FirstBit, Config, Last).ToList();
        Assert.Equal(whole.SkipWhile(r => r.Epoch < 100).Select(r => (r.Epoch, r.Loss)), resumed.Select(r => (r.Epoch, r.Loss)));
        Assert.True(Network.BitEquals(whole[^1].State.Network, resumed[^1].State.Network));
    }

    [Fact]
    public void Run_PerStepTargetsWithTruncation_Trains()
    {
        // Per step: output the previous input (the first step's target is 0).
        var data = new SequenceDataset(Enumerable.Range(0, 8).Select(i =>
        {
            double[] x = [i & 1, (i >> 1) & 1, (i >> 2) & 1];
            return new SequenceSample($"s{i}", Seq(x), Seq(0, x[0], x[1]));
        }).ToImmutableArray());
        var config = Config with { Epochs = 400 };
        var records = ElmanTraining.Run(ElmanTraining.Start(Start(4), config, Rng.Stream(4, "shuffle")), 1, data, config,
            new SequenceConfig(SequenceTargets.PerStep, Truncate: 2)).ToList();
        Assert.True(records[^1].Loss < records[0].Loss / 4, $"loss {records[0].Loss} -> {records[^1].Loss}");
    }

    /// <summary>The first-bit rows with the opposite targets: the better a network learns <see cref="FirstBit"/>, the
    /// worse its loss on these.</summary>
    private static readonly SequenceDataset Contrary = new(FirstBit.Rows.Select(r => r with { Id = "not " + r.Id, Y = Seq(1 - r.Y[0][0]) }).ToImmutableArray());

    [Fact]
    public void Run_EarlyStoppingOnContraryRows_StopsAtPatienceAndRestoresTheBestNetwork()
    {
        var config = Config with { Shuffle = false, RecordEvery = 1, EarlyStopping = new EarlyStopping(0.25, Patience: 3, MinDelta: 0) };
        var records = ElmanTraining.Run(ElmanTraining.Start(Start(3), config, Rng.Stream(3, "shuffle")), 1, FirstBit, config, Last, Contrary).ToList();
        Assert.True(records[^1].StoppedEarly);
        Assert.True(records[^1].Epoch < 20, $"stopped only at epoch {records[^1].Epoch}");
        foreach (var r in records)
            Assert.Equal(SequenceDataset.Loss(ElmanNetwork.FromStack(1, r.State.Network), Contrary, LossKind.Bce, SequenceTargets.Last), r.ValidationLoss);
        var final = records[^1].State;
        var best = records.MinBy(r => r.ValidationLoss)!; // the earliest of the lowest
        Assert.Equal((best.Epoch, best.ValidationLoss, 3), (final.Stopping!.BestEpoch, final.Stopping.BestLoss, final.Stopping.Waiting));
        Assert.Equal(best.Epoch + 3, records[^1].Epoch);
        Assert.True(Network.BitEquals(best.State.Network, final.Result));
        Assert.False(Network.BitEquals(final.Network, final.Result));
    }

    [Fact]
    public void Run_EarlyStopping_IsTheHandUnfoldOfEpochsAndObservations()
    {
        // Watch two of the first-bit rows while training on the others: every epoch by hand, the watch observed after
        // each, the records those of epoch 0, every 5th epoch and the stopping one.
        var (train, validation) = EarlyStopping.Split(FirstBit, 0.25, Rng.Stream(6, "validation"));
        var watch = new EarlyStopping(0.25, Patience: 2, MinDelta: 0.02);
        var config = Config with { Epochs = 200, RecordEvery = 5, Optimizer = new Optimizer.Adam(0.05, 0.9, 0.999, 1e-8), EarlyStopping = watch };
        var start = ElmanTraining.Start(Start(6), config, Rng.Stream(6, "shuffle"));
        double Loss(Network stack, SequenceDataset rows) => SequenceDataset.Loss(ElmanNetwork.FromStack(1, stack), rows, LossKind.Bce, SequenceTargets.Last);

        var s = start with { Stopping = EarlyStopping.Start(start.Network, Loss(start.Network, validation), 0) };
        var expected = new List<(int, double, double)> { (0, Loss(s.Network, train), Loss(s.Network, validation)) };
        while (!s.Stopping!.Stopped && s.Epoch < config.Epochs)
        {
            s = ElmanTraining.Epoch(s, 1, train, config, Last);
            var v = Loss(s.Network, validation);
            s = s with { Stopping = EarlyStopping.Observe(watch, s.Stopping!, s.Network, v, s.Epoch) };
            if (s.Epoch % 5 == 0 || s.Stopping.Stopped) expected.Add((s.Epoch, Loss(s.Network, train), v));
        }
        Assert.True(s.Stopping.Stopped, "the watch never fired: the test does not cover stopping");

        var records = ElmanTraining.Run(start, 1, train, config, Last, validation).ToList();
        Assert.Equal(expected, records.Select(r => (r.Epoch, r.Loss, r.ValidationLoss!.Value)));
        var stop = records[^1].State.Stopping!;
        Assert.Equal((s.Stopping.BestEpoch, s.Stopping.BestLoss, s.Stopping.Waiting, true), (stop.BestEpoch, stop.BestLoss, stop.Waiting, stop.Stopped));
        Assert.True(Network.BitEquals(s.Stopping.Best, records[^1].State.Result));
        Assert.True(Network.BitEquals(s.Network, records[^1].State.Network));
    }

    [Fact]
    public void Run_EarlyStoppingResumedFromARecordedState_GivesTheSameRemainingRecords()
    {
        var config = Config with { Shuffle = true, RecordEvery = 1, EarlyStopping = new EarlyStopping(0.25, Patience: 4, MinDelta: 0) };
        var start = ElmanTraining.Start(Start(3), config, Rng.Stream(3, "shuffle"));
        var whole = ElmanTraining.Run(start, 1, FirstBit, config, Last, Contrary).ToList();
        var resumed = ElmanTraining.Run(whole[2].State, 1, FirstBit, config, Last, Contrary).ToList();
        Assert.Equal(whole.Skip(2).Select(r => (r.Epoch, r.Loss, r.ValidationLoss)), resumed.Select(r => (r.Epoch, r.Loss, r.ValidationLoss)));
        Assert.True(resumed[^1].StoppedEarly);
        Assert.True(Network.BitEquals(whole[^1].State.Result, resumed[^1].State.Result));
        Assert.Single(ElmanTraining.Run(whole[^1].State, 1, FirstBit, config, Last, Contrary));
    }

    [Fact]
    public void Run_EarlyStoppingWithoutValidationRows_IsAProgrammingError()
    {
        var config = Config with { EarlyStopping = new EarlyStopping(0.25, 2, 0) };
        var start = ElmanTraining.Start(Start(1), config, Rng.Stream(1, "shuffle"));
        Assert.Throws<ArgumentException>(() => ElmanTraining.Run(start, 1, FirstBit, config, Last));
        Assert.Throws<ArgumentException>(() => ElmanTraining.Run(start, 1, FirstBit, config, Last, SequenceDataset.Empty));
    }
}
