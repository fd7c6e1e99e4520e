using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

public class LossTests
{
    private static double[] Activate(Activation f, double[] z)
    {
        var a = new double[z.Length];
        Activation.Forward(f, z, a);
        return a;
    }

    private static double ValueAt(LossKind loss, Activation output, double[] z, double[] t) =>
        Loss.Value(loss, z, Activate(output, z), t);

    public static TheoryData<LossKind, Activation, double[], double[]> Cases => new()
    {
        { LossKind.Mse, Activation.Sigmoid, [0.3, -1.2, 2.0], [1, 0, 0.5] },
        { LossKind.Mse, Activation.Linear, [0.3, -1.2], [4, -2] },
        { LossKind.Mse, Activation.Tanh, [0.9], [-1] },
        { LossKind.Mse, Activation.Softmax, [0.2, 0.1, -0.4], [0, 1, 0] },
        { LossKind.Bce, Activation.Sigmoid, [0.3, -1.2, 4.0], [1, 0, 0.25] },
        { LossKind.Ce, Activation.Softmax, [0.3, -1.2, 2.0, 0.5], [0, 0, 1, 0] },
        { LossKind.Ce, Activation.Softmax, [0.3, -1.2, 2.0], [0.2, 0.3, 0.5] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutputDelta_MatchesFiniteDifferenceOfLossInZ(LossKind loss, Activation output, double[] z, double[] t)
    {
        var a = Activate(output, z);
        var delta = new double[z.Length];
        Loss.OutputDelta(loss, output, z, a, t, delta);
        for (var i = 0; i < z.Length; i++)
        {
            var index = i;
            var numeric = FiniteDifference.Derivative(zi =>
            {
                var zz = (double[])z.Clone();
                zz[index] = zi;
                return ValueAt(loss, output, zz, t);
            }, z[i]);
            FiniteDifference.AssertClose(delta[i], numeric, 1e-8, $"{loss}/{output.Kind} δ[{i}]");
        }
    }

    [Fact]
    public void MseGradient_OneOutput_IsTheLecturesMinusTwoTimesError()
    {
        var dA = new double[1];
        Loss.Gradient(LossKind.Mse, [0.7], [1.0], dA);
        Assert.Equal(-2 * (1.0 - 0.7), dA[0]);
        Assert.Equal((1.0 - 0.7) * (1.0 - 0.7), Loss.Value(LossKind.Mse, [0.0], [0.7], [1.0]));
    }

    [Fact]
    public void MseGradient_InA_MatchesFiniteDifference()
    {
        double[] a = [0.2, 0.9, -3.0], t = [1, 0, 0.5];
        var dA = new double[3];
        Loss.Gradient(LossKind.Mse, a, t, dA);
        for (var i = 0; i < 3; i++)
        {
            var index = i;
            var numeric = FiniteDifference.Derivative(ai =>
            {
                var aa = (double[])a.Clone();
                aa[index] = ai;
                return Loss.Value(LossKind.Mse, new double[3], aa, t);
            }, a[i]);
            FiniteDifference.AssertClose(dA[i], numeric, 1e-8, $"mse dA[{i}]");
        }
    }

    [Fact]
    public void BceAndCeGradients_InA_MatchTheirTextbookFormulas()
    {
        double[] a = [0.2, 0.9], t = [1, 0];
        var dA = new double[2];
        Loss.Gradient(LossKind.Bce, a, t, dA);
        for (var i = 0; i < 2; i++)
        {
            var index = i;
            double Bce(double ai) => -(t[index] * Math.Log(ai) + (1 - t[index]) * Math.Log(1 - ai)) / 2;
            FiniteDifference.AssertClose(dA[i], FiniteDifference.Derivative(Bce, a[i], 1e-7), 1e-7, $"bce dA[{i}]");
        }
        Loss.Gradient(LossKind.Ce, [0.25, 0.75], [0, 1], dA);
        Assert.Equal([-0.0, -1 / 0.75], dA);
    }

    [Fact]
    public void Bce_MatchesTextbookFormulaOnProbabilities()
    {
        double[] z = [0.4, -2.0];
        double[] t = [1, 0];
        var a = Activate(Activation.Sigmoid, z);
        var expected = -(Math.Log(a[0]) + Math.Log(1 - a[1])) / 2;
        Assert.Equal(expected, Loss.Value(LossKind.Bce, z, a, t), 14);
    }

    [Fact]
    public void Ce_ConfidentlyWrongLogits_StayFinite()
    {
        double[] z = [1000, 0];
        var a = Activate(Activation.Softmax, z);
        Assert.Equal(1000.0, Loss.Value(LossKind.Ce, z, a, [0, 1]));
        Assert.Equal(800.0, Loss.Value(LossKind.Bce, [-800], Activate(Activation.Sigmoid, [-800]), [1]));
    }

    [Fact]
    public void OutputDelta_WrongOutputActivation_IsAProgrammingError()
    {
        var dZ = new double[2];
        Assert.Throws<ArgumentException>(() => Loss.OutputDelta(LossKind.Ce, Activation.Sigmoid, [0.0, 1], [0.5, 0.7], [0.0, 1], dZ));
    }
}
