using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>The activation functions of the lecture. Every one but softmax acts on each unit alone.</summary>
public enum ActivationKind { Step, Sign, Linear, Sigmoid, Tanh, Relu, LeakyRelu, Elu, Softplus, Softmax }

/// <summary>An activation function with its parameter: the step's <see cref="Threshold"/>, or the
/// <see cref="Alpha"/> of leaky ReLU and ELU. Other kinds ignore both.</summary>
public sealed record Activation(ActivationKind Kind, double Threshold = 0, double Alpha = 0)
{
    public static Activation Step(double threshold = 0) => new(ActivationKind.Step, Threshold: threshold);
    public static readonly Activation Sign = new(ActivationKind.Sign);
    public static readonly Activation Linear = new(ActivationKind.Linear);
    public static readonly Activation Sigmoid = new(ActivationKind.Sigmoid);
    public static readonly Activation Tanh = new(ActivationKind.Tanh);
    public static readonly Activation Relu = new(ActivationKind.Relu);
    public static Activation LeakyRelu(double alpha = 0.01) => new(ActivationKind.LeakyRelu, Alpha: alpha);
    public static Activation Elu(double alpha = 1.0) => new(ActivationKind.Elu, Alpha: alpha);
    public static readonly Activation Softplus = new(ActivationKind.Softplus);
    public static readonly Activation Softmax = new(ActivationKind.Softmax);

    /// <summary>True for softmax, whose output at one unit depends on every unit's weighted sum.</summary>
    public bool IsVectorValued => Kind == ActivationKind.Softmax;

    /// <summary>a = f(z) for one unit. Softmax of a single unit is 1; use <see cref="Forward"/> for a layer.</summary>
    public static double Apply(Activation f, double z) => f.Kind switch
    {
        ActivationKind.Step => z >= f.Threshold ? 1.0 : 0.0,
        ActivationKind.Sign => z >= 0 ? 1.0 : -1.0,
        ActivationKind.Linear => z,
        ActivationKind.Sigmoid => ActivationFormulas.Sigmoid<Lanes1, double>(DetMath.Exp(-z)),
        ActivationKind.Tanh => DetMath.Tanh(z),
        ActivationKind.Relu => ActivationFormulas.Relu<Lanes1, double>(z),
        ActivationKind.LeakyRelu => z > 0 ? z : f.Alpha * z,
        ActivationKind.Elu => z > 0 ? z : f.Alpha * DetMath.Expm1(z),
        // softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^−|z|): never overflows.
        ActivationKind.Softplus => (z > 0 ? z : 0.0) + DetMath.Log1p(DetMath.Exp(-Math.Abs(z))),
        ActivationKind.Softmax => double.IsNaN(z) ? z : 1.0,
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    /// <summary>f'(z) for one unit. Step and sign are flat almost everywhere: their derivative is 0 (so
    /// gradient descent cannot train them). ReLU's derivative at 0 is taken as 0, leaky ReLU's as alpha.
    /// For softmax this is the diagonal of its Jacobian, a(1 − a); <see cref="Backward"/> uses the full Jacobian.</summary>
    public static double Derivative(Activation f, double z) => f.Kind switch
    {
        ActivationKind.Step or ActivationKind.Sign => 0.0,
        ActivationKind.Linear => 1.0,
        ActivationKind.Sigmoid => SigmoidDerivative(Apply(f, z)),
        ActivationKind.Tanh => TanhDerivative(DetMath.Tanh(z)),
        ActivationKind.Relu => ActivationFormulas.ReluDerivative<Lanes1, double>(z),
        ActivationKind.LeakyRelu => z > 0 ? 1.0 : f.Alpha,
        ActivationKind.Elu => z > 0 ? 1.0 : f.Alpha * DetMath.Exp(z),
        ActivationKind.Softplus => Apply(Sigmoid, z),
        ActivationKind.Softmax => 0.0,
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    /// <summary>a = f(z) for a whole layer. Softmax: a_i = e^(z_i − max z) / Σ_j e^(z_j − max z), summed in unit order.</summary>
    public static void Forward(Activation f, ReadOnlySpan<double> z, Span<double> a)
    {
        if (a.Length != z.Length) throw new ArgumentException("z and a differ in length.");
        if (f.Kind != ActivationKind.Softmax)
        {
            for (var i = 0; i < z.Length; i++) a[i] = Apply(f, z[i]);
            return;
        }
        var max = double.NegativeInfinity;
        for (var i = 0; i < z.Length; i++) if (z[i] > max || double.IsNaN(z[i])) max = z[i];
        var sum = 0.0;
        for (var i = 0; i < z.Length; i++) { a[i] = DetMath.Exp(z[i] - max); sum += a[i]; }
        for (var i = 0; i < z.Length; i++) a[i] /= sum;
    }

    /// <summary>dZ = dA · ∂a/∂z for a layer, given its weighted sums z and activations a.
    /// Elementwise kinds: dZ_i = dA_i · f'(z_i). Softmax: dZ_i = a_i (dA_i − Σ_j dA_j a_j).</summary>
    public static void Backward(Activation f, ReadOnlySpan<double> z, ReadOnlySpan<double> a, ReadOnlySpan<double> dA, Span<double> dZ)
    {
        if (a.Length != z.Length || dA.Length != z.Length || dZ.Length != z.Length)
            throw new ArgumentException("z, a, dA and dZ differ in length.");
        switch (f.Kind)
        {
            case ActivationKind.Sigmoid:
                for (var i = 0; i < z.Length; i++) dZ[i] = dA[i] * SigmoidDerivative(a[i]);
                return;
            case ActivationKind.Tanh:
                for (var i = 0; i < z.Length; i++) dZ[i] = dA[i] * TanhDerivative(a[i]);
                return;
            case ActivationKind.Softmax:
                var dot = 0.0;
                for (var j = 0; j < z.Length; j++) dot += dA[j] * a[j];
                for (var i = 0; i < z.Length; i++) dZ[i] = a[i] * (dA[i] - dot);
                return;
            default:
                for (var i = 0; i < z.Length; i++) dZ[i] = dA[i] * Derivative(f, z[i]);
                return;
        }
    }

    /// <summary>σ'(z) = s(1 − s) where s = σ(z) (<see cref="ActivationFormulas.SigmoidDerivative{TL, TV}"/>).</summary>
    private static double SigmoidDerivative(double s) => ActivationFormulas.SigmoidDerivative<Lanes1, double>(s);

    /// <summary>tanh'(z) = 1 − t² where t = tanh(z) (<see cref="ActivationFormulas.TanhDerivative{TL, TV}"/>).</summary>
    private static double TanhDerivative(double t) => ActivationFormulas.TanhDerivative<Lanes1, double>(t);
}
