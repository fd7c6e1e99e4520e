using System.Globalization;

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

    /// <summary>A dense network's forward pass, neuron by neuron: per layer its role, units, activation and inputs, then
    /// each neuron's z = Σ w·x + b and its activation (the output layer's values named <paramref name="outputSymbol"/>;
    /// a softmax's unit indices count from <paramref name="origin"/>). The supervised and the REINFORCE explanations
    /// both list a forward pass this way.</summary>
    internal static void ForwardLayers(ExplanationWriter w, Network net, IReadOnlyList<NeuronStep> neurons, string indent, string outputSymbol, int origin,
        Func<int, int, string> inputName, Func<int, int, string> neuronName)
    {
        for (var l = 0; l < net.Layers.Length; l++)
        {
            var layer = net.Layers[l];
            var inputs = neurons.First(n => n.Layer == l).Inputs;
            var output = l == net.Layers.Length - 1;
            w.Line($"{indent}layer {l + 1}, {(output ? "output layer" : "hidden layer")}: {layer.Units} {Names.Of(layer.Activation.Kind)} neuron{(layer.Units == 1 ? "" : "s")}, " +
                   $"inputs [{string.Join(", ", Enumerable.Range(0, layer.Inputs).Select(k => inputName(l, k)))}] = {Vector(inputs)}");
            foreach (var n in neurons.Where(n => n.Layer == l))
            {
                var name = neuronName(l, n.Unit);
                var terms = string.Join(" + ", n.Weights.Select((wk, k) => $"{P(wk)}·{P(n.Inputs[k])}"));
                w.Line($"{indent}  {name}: z = {terms} + {P(n.Bias)} = {Exact(n.Z)}");
                w.Line($"{indent}  {new string(' ', name.Length)}  {(output ? outputSymbol : "a")} = {ActivationFormula(n.Activation, n.Unit, origin)} = {Exact(n.A)}");
            }
        }
    }
}
