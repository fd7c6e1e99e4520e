using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

public class ActivationTests
{
    public static TheoryData<Activation> Smooth => new()
    {
        Activation.Linear, Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu(0.1),
        Activation.Elu(0.7), Activation.Softplus,
    };

    private static readonly double[] Grid = Enumerable.Range(-40, 81).Select(i => i / 8.0 + 0.0173).ToArray();

    [Theory]
    [MemberData(nameof(Smooth))]
    public void Derivative_OnGrid_MatchesFiniteDifference(Activation f)
    {
        foreach (var z in Grid)
        {
            var numeric = FiniteDifference.Derivative(x => Activation.Apply(f, x), z);
            FiniteDifference.AssertClose(Activation.Derivative(f, z), numeric, 1e-7, $"{f.Kind} at {z}");
        }
    }

    [Theory]
    [MemberData(nameof(Smooth))]
    public void Backward_Elementwise_IsDerivativeTimesUpstream(Activation f)
    {
        var z = Grid;
        var a = new double[z.Length];
        Activation.Forward(f, z, a);
        var dA = z.Select((_, i) => 0.5 + i).ToArray();
        var dZ = new double[z.Length];
        Activation.Backward(f, z, a, dA, dZ);
        for (var i = 0; i < z.Length; i++)
            FiniteDifference.AssertClose(dZ[i], dA[i] * Activation.Derivative(f, z[i]), 1e-15, $"{f.Kind} at {z[i]}");
    }

    [Fact]
    public void Sigmoid_LargeNegativeInput_IsZeroNotNaN()
    {
        Assert.Equal(0.0, Activation.Apply(Activation.Sigmoid, -800));
        Assert.Equal(1.0, Activation.Apply(Activation.Sigmoid, 800));
        Assert.Equal(0.0, Activation.Derivative(Activation.Sigmoid, -800));
    }

    [Fact]
    public void Sigmoid_AtZero_IsOneHalfWithDerivativeOneQuarter()
    {
        Assert.Equal(0.5, Activation.Apply(Activation.Sigmoid, 0));
        Assert.Equal(0.25, Activation.Derivative(Activation.Sigmoid, 0));
    }

    [Fact]
    public void Softplus_LargeInputs_DoNotOverflow()
    {
        Assert.Equal(800.0, Activation.Apply(Activation.Softplus, 800));
        Assert.Equal(0.0, Activation.Apply(Activation.Softplus, -800));
        Assert.Equal(Math.Log(2), Activation.Apply(Activation.Softplus, 0), 15);
    }

    [Fact]
    public void Softmax_HugeLogits_AreStable()
    {
        var a = new double[2];
        Activation.Forward(Activation.Softmax, [1000, 0], a);
        Assert.Equal([1.0, 0.0], a);
    }

    [Fact]
    public void Softmax_Outputs_SumToOneAndKeepOrder()
    {
        var z = new[] { 0.3, -1.2, 2.5, 0.0, 2.5 };
        var a = new double[z.Length];
        Activation.Forward(Activation.Softmax, z, a);
        Assert.Equal(1.0, a.Sum(), 14);
        Assert.True(a[2] > a[0] && a[0] > a[3] && a[3] > a[1]);
        Assert.Equal(a[2], a[4]);
    }

    [Fact]
    public void SoftmaxBackward_MatchesFiniteDifferenceOfWeightedOutput()
    {
        var z = new[] { 0.3, -1.2, 2.5, 0.1 };
        var dA = new[] { 0.7, -0.4, 1.3, 2.0 };
        var a = new double[z.Length];
        Activation.Forward(Activation.Softmax, z, a);
        var dZ = new double[z.Length];
        Activation.Backward(Activation.Softmax, z, a, dA, dZ);
        for (var i = 0; i < z.Length; i++)
        {
            var index = i;
            double Weighted(double zi)
            {
                var zz = (double[])z.Clone();
                zz[index] = zi;
                var aa = new double[zz.Length];
                Activation.Forward(Activation.Softmax, zz, aa);
                return aa.Select((v, k) => v * dA[k]).Sum();
            }
            FiniteDifference.AssertClose(dZ[i], FiniteDifference.Derivative(Weighted, z[i]), 1e-8, $"softmax dZ[{i}]");
        }
    }

    [Theory]
    [InlineData(1.999, 0.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(3.5, 1.0)]
    public void Step_WithThresholdTwo_FiresAtOrAboveThreshold(double z, double expected)
    {
        Assert.Equal(expected, Activation.Apply(Activation.Step(2), z));
        Assert.Equal(0.0, Activation.Derivative(Activation.Step(2), z));
    }

    [Theory]
    [InlineData(-0.5, -1.0)]
    [InlineData(0.0, 1.0)]
    [InlineData(4.0, 1.0)]
    public void Sign_IsPlusOneFromZeroUp(double z, double expected)
    {
        Assert.Equal(expected, Activation.Apply(Activation.Sign, z));
        Assert.Equal(0.0, Activation.Derivative(Activation.Sign, z));
    }

    [Fact]
    public void ReluFamily_NegativeSide_FollowsAlpha()
    {
        Assert.Equal(0.0, Activation.Apply(Activation.Relu, -3));
        Assert.Equal(0.01 * -3, Activation.Apply(Activation.LeakyRelu(0.01), -3));
        Assert.Equal(-1.0, Activation.Apply(Activation.Elu(1), -800));
        Assert.Equal(0.0, Activation.Derivative(Activation.Relu, 0));
        Assert.Equal(0.01, Activation.Derivative(Activation.LeakyRelu(0.01), 0));
    }

    [Fact]
    public void Tanh_IsOddAndSaturates()
    {
        Assert.Equal(-Activation.Apply(Activation.Tanh, 0.7), Activation.Apply(Activation.Tanh, -0.7));
        Assert.Equal(1.0, Activation.Apply(Activation.Tanh, 40));
        Assert.Equal(0.0, Activation.Derivative(Activation.Tanh, 40));
    }
}
