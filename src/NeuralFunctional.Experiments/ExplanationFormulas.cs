using System.Globalization;
using NeuralFunctional.Core;

namespace NeuralFunctional.Experiments;

/// <summary>The formulas and number formats of <see cref="ExplanationText"/>: each activation, its derivative, each
/// output-δ rule, and how numbers are shown (6 significant digits, negative factors in parentheses, exact value in brackets).</summary>
internal static class ExplanationFormulas
{
    internal static string RuleText(DeltaRule rule) => rule switch
    {
        DeltaRule.Output => "δ = dL/dy · f'(z)",
        DeltaRule.OutputBceSigmoid => "δ = dL/dy · f'(z), which for BCE over a sigmoid simplifies to δ = (y - t)/m",
        DeltaRule.OutputCeSoftmax => "δ = ∂L/∂z, which for CE over a softmax simplifies to δ_i = y_i·Σ_j t_j - t_i (= y - t for one-hot t)",
        _ => "δ_i = y_i·(dL/dy_i - Σ_j dL/dy_j·y_j) (dL/dy through the softmax's full Jacobian)",
    };

    /// <summary>The activation's formula; a softmax names its unit's index counted from <paramref name="origin"/>.</summary>
    internal static string ActivationFormula(Activation f, int unit, int origin = 1) => f.Kind switch
    {
        ActivationKind.Step => $"step(z) = (1 if z ≥ {G(f.Threshold)} else 0)",
        ActivationKind.Sign => "sign(z) = (1 if z ≥ 0 else -1)",
        ActivationKind.Linear => "linear(z) = z",
        ActivationKind.Sigmoid => "sigmoid(z) = 1/(1 + e^(-z))",
        ActivationKind.Tanh => "tanh(z)",
        ActivationKind.Relu => "relu(z) = max(0, z)",
        ActivationKind.LeakyRelu => $"leakyRelu(z) = (z if z > 0 else {G(f.Alpha)}·z)",
        ActivationKind.Elu => $"elu(z) = (z if z > 0 else {G(f.Alpha)}·(e^z - 1))",
        ActivationKind.Softplus => "softplus(z) = log(1 + e^z)",
        _ => $"softmax(z)_{unit + origin} = e^(z_{unit + origin} - max z) / Σ_j e^(z_j - max z)",
    };

    internal static string DerivativeText(NeuronStep n, string a) => n.Activation.Kind switch
    {
        ActivationKind.Sigmoid => $"f'(z) = {a}(1 - {a}) = {P(n.A)}·(1 - {P(n.A)})",
        ActivationKind.Tanh => $"f'(z) = 1 - {a}² = 1 - {P(n.A)}²",
        ActivationKind.Step or ActivationKind.Sign => "f'(z) = 0 (flat: no gradient flows through it)",
        ActivationKind.Linear => "f'(z) = 1",
        ActivationKind.Relu => $"f'(z) = (1 if z > 0 else 0), z = {P(n.Z)}",
        ActivationKind.LeakyRelu => $"f'(z) = (1 if z > 0 else {G(n.Activation.Alpha)}), z = {P(n.Z)}",
        ActivationKind.Elu => $"f'(z) = (1 if z > 0 else {G(n.Activation.Alpha)}·e^z), z = {P(n.Z)}",
        ActivationKind.Softplus => $"f'(z) = sigmoid(z) = 1/(1 + e^(-{P(n.Z)}))",
        _ => $"f'(z) = {a}(1 - {a})",
    };

    internal static string OptimizerText(Optimizer o) => o switch
    {
        Optimizer.Sgd s => $"sgd, learning rate lr = {G(s.LearningRate)}",
        _ => o.GetType().Name.ToLowerInvariant(),
    };

    /// <summary>A number rounded to 6 significant digits.</summary>
    public static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A factor or term: negative numbers in parentheses.</summary>
    internal static string P(double v) => double.IsNegative(v) ? $"({G(v)})" : G(v);

    /// <summary>A result: rounded, then the exact double in brackets when the rounding lost something.</summary>
    internal static string Exact(double v)
    {
        var exact = v.ToString("R", CultureInfo.InvariantCulture);
        return exact == G(v) ? G(v) : $"{G(v)} [{exact}]";
    }

    internal static string Vector(IEnumerable<double> values) => "[" + string.Join(", ", values.Select(G)) + "]";
}
