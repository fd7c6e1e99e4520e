using System.Collections.Immutable;
using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

public class EarlyStoppingTests
{
    private static Network Neuron(double w) => Network.Create(1, [Layer.Create(Matrix.FromRows([[w]]), [0], Activation.Linear)]);

    [Fact]
    public void Observe_LossSequence_StopsAfterPatienceAndRemembersTheBest()
    {
        // Validation losses after epochs 0..5: 1.0, 0.8 (best), 0.9, 0.7 (best), 0.75, 0.76 → second miss stops at 5.
        var config = new EarlyStopping(0.25, Patience: 2, MinDelta: 0);
        var losses = new[] { 1.0, 0.8, 0.9, 0.7, 0.75, 0.76 };
        var s = EarlyStopping.Start(Neuron(0), losses[0], 0);
        for (var e = 1; e < losses.Length; e++)
        {
            Assert.False(s.Stopped);
            s = EarlyStopping.Observe(config, s, Neuron(e), losses[e], e);
        }
        Assert.True(s.Stopped);
        Assert.Equal((3, 0.7, 2), (s.BestEpoch, s.BestLoss, s.Waiting));
        Assert.True(Network.BitEquals(Neuron(3), s.Best));
    }

    [Fact]
    public void Observe_ImprovementNotAboveMinDelta_DoesNotCount()
    {
        var config = new EarlyStopping(0.25, Patience: 5, MinDelta: 0.25);
        var s = EarlyStopping.Start(Neuron(0), 1.0, 0);
        s = EarlyStopping.Observe(config, s, Neuron(1), 0.75, 1); // improves by exactly 0.25: not more than minDelta
        Assert.Equal((0, 1), (s.BestEpoch, s.Waiting));
        s = EarlyStopping.Observe(config, s, Neuron(2), 0.5, 2);
        Assert.Equal((2, 0), (s.BestEpoch, s.Waiting));
    }

    [Fact]
    public void Run_ValidationContradictsTraining_StopsAtPatienceAndRestoresTheStart()
    {
        // Training pulls the output at x = 1 towards 1, the validation row wants 0: validation loss rises from the
        // first epoch on, so the best network is the starting one, and training stops after `patience` epochs.
        var train = Dataset.Of(new Sample("t", [1], [1]));
        var validation = Dataset.Of(new Sample("v", [1], [0]));
        var start = Neuron(0);
        var config = new TrainingConfig(LossKind.Mse, new Optimizer.Sgd(0.1), 100, RecordEvery: 50,
            EarlyStopping: new EarlyStopping(0.5, Patience: 3, MinDelta: 0));
        var records = Training.Run(Training.Start(start, config, Rng.FromSeed(0)), train, config, validation).ToList();
        Assert.Equal([0, 3], records.Select(r => r.Epoch));
        Assert.Equal(0.0, records[0].ValidationLoss);
        Assert.True(records[^1].ValidationLoss > 0);
        Assert.True(records[^1].StoppedEarly);
        var final = records[^1].State;
        Assert.Equal(0, final.Stopping!.BestEpoch);
        Assert.True(Network.BitEquals(start, final.Result));
        Assert.False(Network.BitEquals(start, final.Network));
    }

    [Fact]
    public void Run_StoppedState_YieldsOnlyItsOwnRecord()
    {
        var train = Dataset.Of(new Sample("t", [1], [1]));
        var validation = Dataset.Of(new Sample("v", [1], [0]));
        var config = new TrainingConfig(LossKind.Mse, new Optimizer.Sgd(0.1), 100, EarlyStopping: new EarlyStopping(0.5, 2, 0));
        var stopped = Training.Run(Training.Start(Neuron(0), config, Rng.FromSeed(0)), train, config, validation).Last().State;
        var again = Training.Run(stopped, train, config, validation).ToList();
        Assert.Single(again);
        Assert.Equal(2, again[0].Epoch);
    }

    [Fact]
    public void Run_EarlyStoppingWithoutValidationRows_IsAProgrammingError()
    {
        var config = new TrainingConfig(LossKind.Mse, new Optimizer.Sgd(0.1), 10, EarlyStopping: new EarlyStopping(0.5, 2, 0));
        Assert.Throws<ArgumentException>(() => Training.Run(Training.Start(Neuron(0), config, Rng.FromSeed(0)), Dataset.Of(new Sample("t", [1], [1])), config));
    }

    [Theory]
    [InlineData(4, 0.25, 1)]
    [InlineData(4, 0.1, 1)]
    [InlineData(4, 0.99, 3)]
    [InlineData(30, 0.1, 3)]
    [InlineData(10, 0.25, 3)]
    public void Split_HoldsOutTheRoundedFractionInFileOrder(int n, double fraction, int expected)
    {
        var rows = new Dataset(Enumerable.Range(0, n).Select(i => new Sample($"r{i}", [i], [0])).ToImmutableArray());
        var (train, validation) = EarlyStopping.Split(rows, fraction, Rng.Stream(7, "validation"));
        Assert.Equal(expected, validation.Count);
        Assert.Equal(n, train.Count + validation.Count);
        Assert.Equal(rows.Rows.Select(r => r.Id).Order(), train.Rows.Concat(validation.Rows).Select(r => r.Id).Order());
        Assert.Equal(validation.Rows.Select(r => r.X[0]).Order(), validation.Rows.Select(r => r.X[0]));
        Assert.Equal(train.Rows.Select(r => r.X[0]).Order(), train.Rows.Select(r => r.X[0]));
    }

    [Theory]
    [InlineData(4, 0.25)]
    [InlineData(13, 0.5)]
    [InlineData(32, 0.25)]
    public void Split_SequenceRows_HoldsOutTheRowsFeatureRowsWouldBe(int n, double fraction)
    {
        var rows = new Dataset(Enumerable.Range(0, n).Select(i => new Sample($"r{i}", [i], [0])).ToImmutableArray());
        var sequences = new SequenceDataset(Enumerable.Range(0, n)
            .Select(i => new SequenceSample($"r{i}", [[i], [i + 1.0]], [[0]])).ToImmutableArray());
        var rng = Rng.Stream(11, "validation");
        var (train, validation) = EarlyStopping.Split(rows, fraction, rng);
        var (trainSequences, validationSequences) = EarlyStopping.Split(sequences, fraction, rng);
        Assert.Equal(train.Rows.Select(r => r.Id), trainSequences.Rows.Select(r => r.Id));
        Assert.Equal(validation.Rows.Select(r => r.Id), validationSequences.Rows.Select(r => r.Id));
        Assert.All(trainSequences.Rows.Concat(validationSequences.Rows), r => Assert.Same(sequences.Rows.Single(x => x.Id == r.Id), r));
    }
}
