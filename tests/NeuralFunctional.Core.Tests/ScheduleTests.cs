using CsCheck;
using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

public class ScheduleTests
{
    [Theory]
    [InlineData(0, 0.8)]
    [InlineData(9, 0.8)]
    [InlineData(10, 0.4)]
    [InlineData(19, 0.4)]
    [InlineData(25, 0.2)]
    [InlineData(100, 0.00078125)]
    public void Step_HalvesTheRateEveryTenEpochs(int epoch, double expected) =>
        Assert.Equal(expected, Schedule.LearningRateAt(new Schedule.Step(10, 0.5), 0.8, epoch));

    [Theory]
    [InlineData(0, 0.8)]
    [InlineData(1, 0.4)]
    [InlineData(3, 0.1)]
    [InlineData(6, 0.0125)]
    public void Exponential_MultipliesByRateEachEpoch(int epoch, double expected) =>
        Assert.Equal(expected, Schedule.LearningRateAt(new Schedule.Exponential(0.5), 0.8, epoch));

    [Fact]
    public void NoSchedule_KeepsTheOptimizerItself()
    {
        var sgd = new Optimizer.Sgd(0.1);
        Assert.Same(sgd, Schedule.Apply(null, sgd, 500));
        Assert.Equal(new Optimizer.Adam(0.05, 0.9, 0.999, 1e-8),
            Schedule.Apply(new Schedule.Step(1, 0.5), new Optimizer.Adam(0.1, 0.9, 0.999, 1e-8), 1));
    }

    [Fact]
    public void Power_ExactCases()
    {
        Assert.Equal(1.0, Schedule.Power(0.3, 0));
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.3), BitConverter.DoubleToInt64Bits(Schedule.Power(0.3, 1)));
        Assert.Equal(1024.0, Schedule.Power(2, 10));
        Assert.Equal(double.Epsilon, Schedule.Power(0.5, 1074));
        Assert.Equal(0.0, Schedule.Power(0.5, 1075));
        Assert.Equal(0.9 * 0.9 * 0.9, Schedule.Power(0.9, 3));
    }

    [Fact]
    public void Power_AgreesWithMathPowWithinNUlps()
    {
        Gen.Double[0.5, 1].Select(Gen.Int[0, 100_000]).Sample((x, n) =>
        {
            var expected = Math.Pow(x, n);
            var actual = Schedule.Power(x, n);
            // Each squaring doubles the relative error so far and adds one rounding: at most about n·2⁻⁵³ in all
            // (1e-11 at n = 100 000), far below anything a learning rate can notice.
            Assert.True(Math.Abs(actual - expected) <= 64 * double.Epsilon + (n + 1) * 2.3e-16 * expected, $"{x:R}^{n}: {actual:R} vs {expected:R}");
        }, iter: 2000);
    }

    [Fact]
    public void Epoch_WithSchedule_EqualsPlainSgdAtThatEpochsRate()
    {
        var data = Dataset.Of(new Sample("a", [1, 2], [0.5]), new Sample("b", [-1, 0.5], [0.25]));
        var net = Network.Create(2, [Layer.Create(Matrix.FromRows([[0.3, -0.2]]), [0.1], Activation.Sigmoid)]);
        var scheduled = new TrainingConfig(LossKind.Mse, new Optimizer.Sgd(0.9), 10, Schedule: new Schedule.Exponential(0.7));
        var s = Training.Start(net, scheduled, Rng.FromSeed(0));
        for (var e = 0; e < 7; e++)
        {
            var plain = scheduled with { Schedule = null, Optimizer = new Optimizer.Sgd(Schedule.LearningRateAt(scheduled.Schedule, 0.9, e)) };
            var expected = Training.Epoch(s, data, plain);
            s = Training.Epoch(s, data, scheduled);
            Assert.True(Network.BitEquals(expected.Network, s.Network), $"epoch {e}");
        }
    }
}
