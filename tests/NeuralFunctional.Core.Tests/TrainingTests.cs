using System.Collections.Immutable;
using CsCheck;
using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Core.Tests;

public class TrainingTests
{
    private static readonly JObject Reference =
        JObject.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "hiring-fixed-init.json")));

    private static double R(string name) => (double)Reference["initial"]![name]!;

    private static Network ReferenceStart() => Network.Create(2,
    [
        Layer.Create(Matrix.FromRows([[R("w1"), R("w2")], [R("w3"), R("w4")]]), [R("b1"), R("b2")], Activation.Sigmoid),
        Layer.Create(Matrix.FromRows([[R("w5"), R("w6")]]), [R("b3")], Activation.Sigmoid),
    ]);

    /// <summary>The lecture's table, raw, centred through the core's transform (mean experience 21, projects 6).</summary>
    private static (Dataset Train, Dataset Test) Hiring()
    {
        var train = Dataset.Of(
            new Sample("Michael", [12, 6], [0]), new Sample("Shash", [32, 4], [1]),
            new Sample("Hannah", [11, 3], [0]), new Sample("Lisa", [29, 11], [1]));
        var test = Dataset.Of(new Sample("Jamal", [14, 6], []), new Sample("Mina", [31, 0], []));
        var center = FittedTransform.Fit(TransformKind.Center, train.Rows.Select(r => r.X).ToList());
        return (FittedTransform.Apply(center, train), FittedTransform.Apply(center, test));
    }

    private static readonly TrainingConfig LectureConfig = new(LossKind.Mse, new Optimizer.Sgd(0.1), Epochs: 1000);

    private static double RelativeDifference(double a, double b) => Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b));

    [Fact]
    public void Hiring_FromReferenceStart_MatchesIndependentReferenceTrace()
    {
        var (train, test) = Hiring();
        Assert.Equal([-9.0, 0.0], train.Rows[0].X.ToArray());
        Assert.Equal([10.0, -6.0], test.Rows[1].X.ToArray());

        var records = Training.Run(Training.Start(ReferenceStart(), LectureConfig, Rng.FromSeed(0)), train, LectureConfig).ToList();
        var trace = Reference["trace"]!.Select(t => (double)t).ToArray();
        Assert.Equal(trace.Length, records.Count);
        var worst = 0.0;
        for (var k = 0; k < trace.Length; k++)
        {
            Assert.Equal(k, records[k].Epoch);
            worst = Math.Max(worst, RelativeDifference(trace[k], records[k].Loss));
        }

        var final = records[^1].State.Network;
        var expected = new[] { "w1", "w2", "w3", "w4", "b1", "b2", "w5", "w6", "b3" }
            .Select(n => (double)Reference["final"]![n]!).ToArray();
        var actual = Network.Parameters(final);
        for (var i = 0; i < expected.Length; i++) worst = Math.Max(worst, RelativeDifference(expected[i], actual[i]));

        foreach (var row in test.Rows.Concat(train.Rows))
        {
            var key = test.Rows.Contains(row) ? "testOutputs" : "trainOutputs";
            worst = Math.Max(worst, RelativeDifference((double)Reference[key]![row.Id]!, Network.Predict(final, row.X)[0]));
        }
        Assert.True(worst <= 1e-9, $"worst relative difference {worst:R}");
    }

    [Fact]
    public void Run_IsLazy_AndRecordsEpochZeroEveryKAndTheLast()
    {
        var (train, _) = Hiring();
        var config = LectureConfig with { Epochs = 25, RecordEvery = 10 };
        var epochs = Training.Run(Training.Start(ReferenceStart(), config, Rng.FromSeed(1)), train, config).Select(r => r.Epoch);
        Assert.Equal([0, 10, 20, 25], epochs);

        var endless = LectureConfig with { Epochs = int.MaxValue };
        var firstThree = Training.Run(Training.Start(ReferenceStart(), endless, Rng.FromSeed(1)), train, endless).Take(3).ToList();
        Assert.Equal([0, 1, 2], firstThree.Select(r => r.Epoch));
    }

    [Fact]
    public void Step_MiniBatch_UsesMeanOfSampleGradients()
    {
        var (train, _) = Hiring();
        var net = ReferenceStart();
        var config = new TrainingConfig(LossKind.Mse, new Optimizer.Sgd(0.5), 1, BatchSize: 4);
        var after = Training.Step(Training.Start(net, config, Rng.FromSeed(0)), train.Rows, config).Network;

        var sum = new double[Network.ParameterCount(net)];
        foreach (var row in train.Rows)
        {
            var g = Gradient.Flatten(Network.Backward(net, Network.Forward(net, row.X), LossKind.Mse, row.Y));
            for (var i = 0; i < sum.Length; i++) sum[i] += g[i];
        }
        var p = Network.Parameters(net);
        var expected = p.Select((v, i) => v - 0.5 * (sum[i] / 4)).ToArray();
        Assert.True(Bits.Equal(expected, Network.Parameters(after).AsSpan()));
    }

    [Fact]
    public void Epoch_BatchSizeLargerThanData_IsOneFullBatchStep()
    {
        var (train, _) = Hiring();
        var big = new TrainingConfig(LossKind.Mse, new Optimizer.Sgd(0.1), 1, BatchSize: 100);
        var four = big with { BatchSize = 4 };
        var a = Training.Epoch(Training.Start(ReferenceStart(), big, Rng.FromSeed(0)), train, big);
        var b = Training.Epoch(Training.Start(ReferenceStart(), four, Rng.FromSeed(0)), train, four);
        Assert.True(Network.BitEquals(a.Network, b.Network));
        Assert.Equal(1, a.Epoch);
    }

    [Fact]
    public void Shuffle_ChangesTheTraceButSameSeedRepeatsIt()
    {
        var (train, _) = Hiring();
        var shuffled = LectureConfig with { Epochs = 30, Shuffle = true, BatchSize = 3 };
        double[] Trace(TrainingConfig c, ulong seed) =>
            Training.Run(Training.Start(ReferenceStart(), c, Rng.Stream(seed, "shuffle")), train, c).Select(r => r.Loss).ToArray();
        Assert.True(Bits.Equal(Trace(shuffled, 5), Trace(shuffled, 5)));
        Assert.False(Bits.Equal(Trace(shuffled, 5), Trace(shuffled, 6)));
        Assert.False(Bits.Equal(Trace(shuffled, 5), Trace(shuffled with { Shuffle = false }, 5)));
    }

    [Fact]
    public void Run_ResumedFromAnyRecordedState_ContinuesBitForBit()
    {
        var (train, _) = Hiring();
        var gen = from epochs in Gen.Int[1, 12]
                  from stop in Gen.Int[0, 12]
                  from batch in Gen.Int[1, 5]
                  from shuffle in Gen.Bool
                  from seed in Gen.ULong
                  select (epochs, Math.Min(stop, epochs), batch, shuffle, seed);
        gen.Sample(c =>
        {
            var config = LectureConfig with { Epochs = c.epochs, BatchSize = c.batch, Shuffle = c.shuffle };
            var start = Training.Start(ReferenceStart(), config, Rng.Stream(c.seed, "shuffle"));
            var whole = Training.Run(start, train, config).ToList();
            var checkpoint = whole[c.Item2].State;
            var resumed = whole.Take(c.Item2).Concat(Training.Run(checkpoint, train, config)).ToList();
            Assert.Equal(whole.Select(r => r.Epoch), resumed.Select(r => r.Epoch));
            Assert.True(Bits.Equal(whole.Select(r => r.Loss).ToArray(), resumed.Select(r => r.Loss).ToArray()));
            Assert.True(Network.BitEquals(whole[^1].State.Network, resumed[^1].State.Network));
            Assert.Equal(whole[^1].State.Rng, resumed[^1].State.Rng);
        }, iter: 60);
    }

    [Fact]
    public void Run_Diverging_StopsAtFirstNonFiniteEpoch()
    {
        var data = Dataset.Of(new Sample("a", [1e3], [1e3]), new Sample("b", [-1e3], [5e2]));
        var net = Network.Create(1, [Layer.Create(Matrix.FromRows([[1.0]]), [0.0], Activation.Linear)]);
        var config = new TrainingConfig(LossKind.Mse, new Optimizer.Sgd(10), Epochs: 1000, RecordEvery: 100);
        var records = Training.Run(Training.Start(net, config, Rng.FromSeed(0)), data, config).ToList();
        Assert.True(records[^1].Diverged);
        Assert.True(records[^1].Epoch < 100, $"diverged at {records[^1].Epoch}");
        Assert.All(records.SkipLast(1), r => Assert.False(r.Diverged));
    }
}
