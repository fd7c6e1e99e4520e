using System.Collections.Immutable;
using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

public class RecurrentTrainingTests
{
    private static ImmutableArray<ImmutableArray<double>> Seq(params double[] bits) => bits.Select(b => ImmutableArray.Create(b)).ToImmutableArray();

    /// <summary>"Output the first bit at the end": 3-bit sequences, the target the first bit.</summary>
    private static readonly SequenceDataset FirstBit = new(
        Enumerable.Range(0, 8).Select(i => new SequenceSample($"s{i}", Seq(i & 1, (i >> 1) & 1, (i >> 2) & 1), Seq(i & 1))).ToImmutableArray());

    private static RecurrentNetwork Start(ulong seed)
    {
        var (drawn, _) = Initializer.Network(new Initializer.Uniform(-0.5, 0.5), Rng.Stream(seed, "init"), 1 + 4,
            [new LayerSpec(4, Activation.Tanh), new LayerSpec(1, Activation.Sigmoid)]);
        return RecurrentNetwork.FromStack(1, drawn);
    }

    private static readonly TrainingConfig Config = new(LossKind.Bce, new Optimizer.Sgd(0.5), 300, BatchSize: 2, Shuffle: true, RecordEvery: 50);
    private static readonly SequenceConfig Last = new(SequenceTargets.Last);

    [Fact]
    public void Step_OneSequence_IsSgdOnTheBpttGradient()
    {
        var net = Start(1);
        var row = FirstBit.Rows[5];
        var state = RecurrentTraining.Start(net, Config, Rng.Stream(1, "shuffle"));
        var after = RecurrentTraining.Step(state, 1, [row], Config, Last);
        var g = Gradient.Flatten(RecurrentNetwork.Backward(net, RecurrentNetwork.Forward(net, row.X), LossKind.Bce, SequenceTargets.Last, row.Y));
        var expected = Network.Parameters(net.Stack).Select((p, i) => p - 0.5 * g[i]).ToArray();
        Assert.True(Bits.Equal(expected, Network.Parameters(after.Network).AsSpan()));
        Assert.Equal(1, after.Optimizer.Step);
    }

    [Fact]
    public void Run_FirstBitTask_LearnsToRememberTheFirstInput()
    {
        var records = RecurrentTraining.Run(RecurrentTraining.Start(Start(3), Config, Rng.Stream(3, "shuffle")), 1, FirstBit, Config, Last).ToList();
        Assert.True(records[^1].Loss < records[0].Loss / 4, $"loss {records[0].Loss} -> {records[^1].Loss}");
        var net = RecurrentNetwork.FromStack(1, records[^1].State.Network);
        foreach (var row in FirstBit.Rows)
            Assert.Equal(row.Y[0][0], RecurrentNetwork.Predict(net, row.X, SequenceTargets.Last)[0][0] >= 0.5 ? 1.0 : 0.0);
    }

    [Fact]
    public void Run_ResumedFromARecordedState_GivesTheSameRemainingRecords()
    {
        var start = RecurrentTraining.Start(Start(2), Config, Rng.Stream(2, "shuffle"));
        var whole = RecurrentTraining.Run(start, 1, FirstBit, Config, Last).ToList();
        var middle = whole.First(r => r.Epoch == 100).State;
        var resumed = RecurrentTraining.Run(middle, 1, FirstBit, Config, Last).ToList();
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
        var records = RecurrentTraining.Run(RecurrentTraining.Start(Start(4), config, Rng.Stream(4, "shuffle")), 1, data, config,
            new SequenceConfig(SequenceTargets.PerStep, Truncate: 2)).ToList();
        Assert.True(records[^1].Loss < records[0].Loss / 4, $"loss {records[0].Loss} -> {records[^1].Loss}");
    }
}
