using System.Text;
using static NeuralFunctional.Experiments.ExplanationFormulas;

namespace NeuralFunctional.Experiments;

/// <summary>Writes an <see cref="Explanation"/> for a student to check by hand: every line names the formula it applies
/// and shows the numbers in it (6 significant digits, and the exact double in brackets where that differs). Neurons are
/// named as in the lecture: inputs by feature name, hidden neurons h1, h2… (h1.1, h2.1… with several hidden layers),
/// outputs y (y1, y2… with several). An Elman network's step (<see cref="ElmanExplanation"/>) is written with the same
/// sections, through time (ExplanationText.Elman.cs).</summary>
public static partial class ExplanationText
{
    /// <summary>Plain text, or markdown (headings, each section in a code block) when <paramref name="markdown"/>.</summary>
    public static string Write(Explanation x, bool markdown = false) =>
        ExplanationWriter.Write(markdown, w => Header(w, x), w => Forward(w, x), x.Loss is { } loss ? w => Training(w, x, loss) : null, w => Notes(w, x));

    /// <summary>An Elman network's step, as plain text or markdown, in the same sections.</summary>
    public static string Write(ElmanExplanation x, bool markdown = false) =>
        ExplanationWriter.Write(markdown, w => Header(w, x), w => Forward(w, x), x.Loss is { } loss ? w => Training(w, x, loss) : null, w => Notes(w, x));

    /// <summary>What one training step does: the loss, the δs backwards, the updates.</summary>
    private static void Training(ExplanationWriter w, Explanation x, LossStep loss)
    {
        LossSection(w, loss);
        Backward(w, x);
        Updates(w, x);
    }

    private static void Header(ExplanationWriter w, Explanation x)
    {
        var e = x.Experiment;
        w.Title($"{e.Name}: backpropagation for one sample, with its numbers");
        w.Line($"row {x.Row.Id} ({x.Place.Name} row {x.Place.Index + 1} of {x.Place.Count}), parameters at the start of epoch {x.Epoch}{(x.Epoch == 0 ? " (the initial parameters)" : "")}");
        var transforms = e.Data.Transforms.Select(Names.Of).ToList();
        w.Line($"x = {Vector(x.Row.X)}" + (transforms.Count > 0 ? $"  (the file's {Vector(x.RawX)} after {string.Join(", then ", transforms)})" : ""));
        if (x.Row.HasTarget) w.Line($"t = {Vector(x.Row.Y)}  (the target)");
        if (e.Training is { } t) w.Line($"loss {Names.Of(t.Loss)}; optimizer {OptimizerText(t.Optimizer)}");
        w.Line("Numbers are rounded to 6 significant digits; [brackets] hold the exact double (shortest round-trip form) where it differs.");
        w.End();
    }

    private static void Forward(ExplanationWriter w, Explanation x)
    {
        w.Section("1. Forward pass: each neuron's weighted sum z = Σ_k w_k·x_k + b (added left to right), then a = f(z)");
        ForwardLayers(w, x.Before, x.Neurons, "", "y", 1, (l, k) => InputName(x, l, k), (l, u) => NeuronName(x, l, u));
        w.End();
    }

    private static void LossSection(ExplanationWriter w, LossStep loss)
    {
        var (formula, numbers) = LossFormula(loss);
        w.Section($"2. Loss ({Names.Of(loss.Kind)}): {formula}");
        w.Line($"L = {numbers} = {Exact(loss.Value)}");
        w.End();
    }

    /// <summary>The loss's formula, and the same with the sample's numbers in it.</summary>
    internal static (string Formula, string Numbers) LossFormula(LossStep loss)
    {
        var m = loss.Targets.Length;
        var t = loss.Targets;
        var y = loss.Outputs;
        var range = Enumerable.Range(0, m);
        return loss.Kind switch
        {
            LossKind.Mse => ("L = Σ_i (t_i - y_i)² / m",
                $"({string.Join(" + ", range.Select(i => $"({P(t[i])} - {P(y[i])})²"))}) / {m}"),
            LossKind.Bce => ("L = Σ_i [max(z_i, 0) - z_i·t_i + log(1 + e^(-|z_i|))] / m  (= -[t log y + (1 - t) log(1 - y)], from z)",
                $"({string.Join(" + ", range.Select(i => $"[max({P(loss.Z[i])}, 0) - {P(loss.Z[i])}·{P(t[i])} + log(1 + e^(-{G(Math.Abs(loss.Z[i]))}))]"))}) / {m}"),
            _ => ("L = -Σ_i t_i·log y_i  (computed from z as log softmax)",
                "-(" + string.Join(" + ", range.Where(i => t[i] != 0).Select(i => $"{P(t[i])}·log {G(y[i])}")) + ")"),
        };
    }

    private static void Backward(ExplanationWriter w, Explanation x)
    {
        w.Section("3. Backward pass: δ = ∂L/∂z of each neuron, from the output layer back");
        var top = x.Before.Layers.Length - 1;
        var m = x.Row.Y.Length;
        foreach (var layer in x.Deltas.GroupBy(d => d.Layer))
        {
            var first = layer.First();
            w.Line(layer.Key == top
                ? $"layer {layer.Key + 1}, output layer: {RuleText(first.Rule)}"
                : $"layer {layer.Key + 1}, hidden layer: δ_k = (Σ_j w_jk·δ_j) · f'(z_k), j over layer {layer.Key + 2}");
            foreach (var d in layer)
            {
                var n = x.Neurons.First(s => s.Layer == d.Layer && s.Unit == d.Unit);
                DeltaLines(w, d, n, d.Layer == top ? x.Row.Y[d.Unit] : 0, x.Row.Y.Sum(), m, (l, j) => NeuronName(x, l, j));
            }
        }
        w.End();
    }

    /// <summary>The lines of one δ: its rule's formula with the numbers. <paramref name="t"/> is the neuron's target (output
    /// layer), <paramref name="targetSum"/> Σ_j t_j, <paramref name="m"/> the output count, <paramref name="name"/> names
    /// neuron (layer, unit).</summary>
    internal static void DeltaLines(ExplanationWriter w, DeltaStep d, NeuronStep n, double t, double targetSum, int m, Func<int, int, string> name)
    {
        var me = name(d.Layer, d.Unit);
        var pad = new string(' ', me.Length + 2);
        // An Elman network's output δ with a target at every step: the step's δ ÷ T.
        var (over, overNumber) = d.Divisor > 1 ? (" / T", $" / {d.Divisor}") : ("", "");
        switch (d.Rule)
        {
            case DeltaRule.Output:
                w.Line($"  {me}: dL/dy = -2·(t - y)/m = -2·({P(t)} - {P(n.A)})/{m} = {Exact(d.Upstream)}");
                w.Line($"  {pad}{DerivativeText(n, "y")} = {Exact(d.Derivative)}");
                w.Line($"  {pad}δ = dL/dy · f'(z){over} = {P(d.Upstream)}·{P(d.Derivative)}{overNumber} = {Exact(d.Delta)}");
                break;
            case DeltaRule.OutputBceSigmoid:
                w.Line($"  {me}: δ = (y - t)/m{over} = ({P(n.A)} - {P(t)})/{m}{overNumber} = {Exact(d.Delta)}");
                break;
            case DeltaRule.OutputCeSoftmax:
                w.Line(d.Divisor > 1
                    ? $"  {me}: δ = (y·Σ_j t_j - t){over} = ({P(n.A)}·{P(targetSum)} - {P(t)}){overNumber} = {Exact(d.Delta)}"
                    : $"  {me}: δ = y·Σ_j t_j - t = {P(n.A)}·{P(targetSum)} - {P(t)} = {Exact(d.Delta)}");
                break;
            case DeltaRule.OutputSoftmax:
                w.Line($"  {me}: dL/dy = -2·(t - y)/m = -2·({P(t)} - {P(n.A)})/{m} = {Exact(d.Upstream)}");
                w.Line($"  {pad}δ = y·(dL/dy - Σ_j dL/dy_j·y_j){over} = {P(n.A)}·({P(d.Upstream)} - {P(d.SoftmaxDot)}){overNumber} = {Exact(d.Delta)}");
                break;
            case DeltaRule.ThroughTime:
                var recurrent = string.Join(" + ", d.NextWeights.Select((_, j) => $"U({me}→{name(0, j)})·δ({name(0, j)})"));
                var products = string.Join(" + ", d.NextWeights.Select((uj, j) => $"{P(uj)}·{P(d.NextDeltas[j])}"));
                w.Line($"  {me}: ∂L/∂h = Σ_j U_ji·δ_j(t+1) = {recurrent} = {products} = {Exact(d.Upstream)}");
                w.Line($"  {pad}{DerivativeText(n, "h")} = {Exact(d.Derivative)}");
                w.Line($"  {pad}δ = ∂L/∂h · f'(z) = {P(d.Upstream)}·{P(d.Derivative)} = {Exact(d.Delta)}");
                break;
            case DeltaRule.HeadAndTime:
                var head = string.Join(" + ", d.NextWeights.Select((wj, j) => $"{P(wj)}·{P(d.NextDeltas[j])}"));
                var time = string.Join(" + ", d.ElmanWeights.Select((uj, j) => $"{P(uj)}·{P(d.LaterDeltas[j])}"));
                w.Line($"  {me}: through the head Σ_j w_ji·δ_j = {head} = {Exact(d.Parts.Head)}");
                w.Line($"  {pad}through time Σ_j U_ji·δ_j(t+1) = {time} = {Exact(d.Parts.Time)}");
                w.Line($"  {pad}∂L/∂h = {P(d.Parts.Head)} + {P(d.Parts.Time)} = {Exact(d.Upstream)}");
                w.Line($"  {pad}{DerivativeText(n, "h")} = {Exact(d.Derivative)}");
                w.Line($"  {pad}δ = ∂L/∂h · f'(z) = {P(d.Upstream)}·{P(d.Derivative)} = {Exact(d.Delta)}");
                break;
            case DeltaRule.Cut:
                w.Line($"  {me}: no gradient reaches this step (truncated BPTT): ∂L/∂h = 0, δ = {Exact(d.Delta)}");
                break;
            default:
                var symbols = string.Join(" + ", d.NextWeights.Select((_, j) => $"w({me}→{name(d.Layer + 1, j)})·δ({name(d.Layer + 1, j)})"));
                var terms = string.Join(" + ", d.NextWeights.Select((wj, j) => $"{P(wj)}·{P(d.NextDeltas[j])}"));
                w.Line($"  {me}: Σ_j w_jk·δ_j = {symbols} = {terms} = {Exact(d.Upstream)}");
                w.Line($"  {pad}{DerivativeText(n, "a")} = {Exact(d.Derivative)}");
                w.Line($"  {pad}δ = (Σ_j w_jk·δ_j) · f'(z) = {P(d.Upstream)}·{P(d.Derivative)} = {Exact(d.Delta)}");
                break;
        }
    }

    private static void Updates(ExplanationWriter w, Explanation x)
    {
        var optimizer = x.Rule ?? x.Experiment.Training!.Optimizer;
        var sgd = optimizer as Optimizer.Sgd;
        w.Section((sgd is not null
            ? $"4. Gradients ∂L/∂w = δ·x (x: the input the weight multiplies), ∂L/∂b = δ; updates p ← p - lr·∂L/∂p with lr = {G(sgd.LearningRate)}"
            : $"4. Gradients ∂L/∂w = δ·x (x: the input the weight multiplies), ∂L/∂b = δ; updates by the {OptimizerText(optimizer)} step")
            + StepRemarks(x.Experiment, x.Epoch, x.WeightDecay));
        foreach (var neuron in x.Parameters.GroupBy(p => (p.Layer, p.Unit)))
        {
            var name = NeuronName(x, neuron.Key.Layer, neuron.Key.Unit);
            w.Line($"{name} (δ = {G(neuron.First().Delta)}):");
            foreach (var p in neuron)
            {
                var label = p.Input is { } k ? $"w({InputName(x, p.Layer, k)}→{name})" : $"b({name})";
                var gradient = p.Input is null
                    ? $"∂L/∂b = δ = {Exact(p.Gradient)}"
                    : $"∂L/∂w = δ·x = {P(p.Delta)}·{P(p.X)} = {Exact(p.Gradient)}";
                w.Line($"  {label}: {gradient}");
                UpdateLines(w, new string(' ', label.Length), p.Input is null ? "b" : "w", sgd, x.WeightDecay, p.Value, p.Gradient, p.Decayed, p.Updated);
            }
        }
        w.End();
    }

    /// <summary>What the section heading adds about the step: the schedule's learning rate, weight decay.</summary>
    internal static string StepRemarks(Experiment e, int epoch, double weightDecay) =>
        (e.Training?.Schedule is not null ? $" (the learning rate of epoch {epoch} under the schedule)" : "") +
        (weightDecay != 0 ? $"; weight decay adds λ·w to each weight's gradient first, λ = {G(weightDecay)}" : "");

    /// <summary>A parameter's update lines: weight decay (weights only), then the optimizer's step.</summary>
    internal static void UpdateLines(ExplanationWriter w, string pad, string symbol, Optimizer.Sgd? sgd, double weightDecay,
        double value, double gradient, double decayed, double updated)
    {
        var g = $"∂L/∂{symbol}";
        if (symbol == "w" && weightDecay != 0)
        {
            w.Line($"  {pad}  {g} + λ·w = {P(gradient)} + {G(weightDecay)}·{P(value)} = {Exact(decayed)}");
            g = $"(∂L/∂{symbol} + λ·w)";
        }
        w.Line(sgd is not null
            ? $"  {pad}  {symbol} ← {symbol} - lr·{g} = {P(value)} - {G(sgd.LearningRate)}·{P(decayed)} = {Exact(updated)}"
            : $"  {pad}  {symbol}: {P(value)} → {Exact(updated)}");
    }

    private static void Notes(ExplanationWriter w, Explanation x)
    {
        var e = x.Experiment;
        w.Section("Notes");
        if (e.Training is not { } t) w.Line("The experiment does not train: the forward pass is all there is to explain.");
        else if (!x.Row.HasTarget) w.Line($"{x.Row.Id} has no target t: no loss and no backpropagation, only the forward pass.");
        else if (x.Place.Set == RowSet.Validation) w.Line($"{x.Row.Id} is held out for early stopping: training never steps on it (it only measures the validation loss); shown is the step it would cause.");
        else if (x.Place.Set == RowSet.Test) w.Line($"{x.Row.Id} is a test row: training never steps on it; shown is the step it would cause.");
        else if (t.BatchSize > 1) w.Line($"Training averages the gradients of a mini-batch of {t.BatchSize} rows before one update; shown is the update of this row alone.");
        else if (t.Shuffle) w.Line("Rows are shuffled each epoch, so this row's step need not come first; shown is its step from the parameters at the start of the epoch.");
        else if (x.Place.Index == 0) w.Line($"This is the first step of epoch {x.Epoch} exactly as `nf run` takes it (the same Core functions, bit for bit).");
        else w.Line($"In training the rows before {x.Row.Id} update the parameters first; shown is its step from the parameters at the start of epoch {x.Epoch}.");
        w.End();
    }

    private static string InputName(Explanation x, int layer, int k) =>
        layer == 0 ? x.Experiment.Data.Features[k] : NeuronName(x, layer - 1, k);

    private static string NeuronName(Explanation x, int layer, int unit)
    {
        var layers = x.Before.Layers;
        if (layer == layers.Length - 1) return layers[layer].Units == 1 ? "y" : $"y{unit + 1}";
        return layers.Length == 2 ? $"h{unit + 1}" : $"h{layer + 1}.{unit + 1}";
    }
}

/// <summary>Lines with LF ends; sections as indented blocks (text) or headings with code blocks (markdown).</summary>
internal sealed class ExplanationWriter(bool markdown)
{
    private readonly StringBuilder sb = new();
    private bool inBlock;

    /// <summary>An explanation's text: its sections in order, each written by one of <paramref name="sections"/>
    /// (a null one is left out); plain text, or markdown when <paramref name="markdown"/>.</summary>
    public static string Write(bool markdown, params Action<ExplanationWriter>?[] sections)
    {
        var w = new ExplanationWriter(markdown);
        foreach (var section in sections) section?.Invoke(w);
        return w.ToString();
    }

    public void Title(string title) { sb.Append(markdown ? $"# {title}\n\n```text\n" : $"{title}\n"); inBlock = true; }

    public void Section(string title) { sb.Append(markdown ? $"## {title}\n\n```text\n" : $"{title}\n"); inBlock = true; }

    public void Line(string line) => sb.Append(markdown ? line : "  " + line).Append('\n');

    public void End()
    {
        if (inBlock && markdown) sb.Append("```\n");
        sb.Append('\n');
        inBlock = false;
    }

    public override string ToString() => sb.ToString().TrimEnd('\n') + "\n";
}
