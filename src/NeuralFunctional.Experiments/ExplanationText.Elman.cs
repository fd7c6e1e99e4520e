using static NeuralFunctional.Experiments.ExplanationFormulas;

namespace NeuralFunctional.Experiments;

// An Elman network's step (ElmanExplanation), in the style of the feed-forward one: time steps count from 1
// (x_1 … x_T, h_0 = 0), the hidden units are h1, h2, …, the head's hidden neurons g1, g2, … (g1.1, g2.1, … with
// several), its outputs y (y1, y2, … with several); W are the cell's weights on x, U those on the previous hidden
// state, U(h2→h1) the weight h2's previous value carries into h1.
public static partial class ExplanationText
{
    /// <summary>What one training step does: the loss over the sequence, the δs back through time, the updates.</summary>
    private static void Training(ExplanationWriter w, ElmanExplanation x, double loss)
    {
        LossSection(w, x, loss);
        Backward(w, x);
        Updates(w, x);
    }

    private static void Header(ExplanationWriter w, ElmanExplanation x)
    {
        var e = x.Experiment;
        var T = x.Row.Steps;
        w.Title($"{e.Name}: backpropagation through time for one sequence, with its numbers");
        w.Line($"row {x.Row.Id} ({x.Place.Name} row {x.Place.Index + 1} of {x.Place.Count}), parameters at the start of epoch {x.Epoch}{(x.Epoch == 0 ? " (the initial parameters)" : "")}");
        var transforms = e.Data.Transforms.Select(Names.Of).ToList();
        w.Line($"{Span("x", T)} = {Vectors(x.Row.X)}" +
            (transforms.Count > 0 ? $"  (the file's {Vectors(x.RawX)} after {string.Join(", then ", transforms)})" : ""));
        if (x.Row.HasTarget)
            w.Line(x.Targets == SequenceTargets.Last
                ? $"t = {Vector(x.Row.Y[0])}  (the target after the last step)"
                : $"{Span("t", T)} = {Vectors(x.Row.Y)}  (a target at every step)");
        var net = x.Before;
        var head = net.Stack.Layers.Skip(1).Select((l, i) => $"{l.Units} {Names.Of(l.Activation.Kind)} ({string.Join(", ", Enumerable.Range(0, l.Units).Select(j => Name(x, i + 1, j)))})");
        w.Line($"Elman network: h_t = {Names.Of(net.Cell.Activation.Kind)}(W·x_t + U·h_(t-1) + b) with {net.Hidden} hidden unit{(net.Hidden == 1 ? "" : "s")}, h_0 = 0; then the head reads h_t: {string.Join(", then ", head)}");
        if (e.Training is { } t)
        {
            w.Line($"loss {Names.Of(t.Loss)}; optimizer {OptimizerText(t.Optimizer)}");
            w.Line(x.Truncate == 0 || x.Truncate >= T
                ? "backpropagation through time: full (the gradient flows back to step 1)"
                : $"backpropagation through time: truncated to {x.Truncate} step{(x.Truncate == 1 ? "" : "s")} (windows of {x.Truncate} step{(x.Truncate == 1 ? "" : "s")} counted back from the last step; the gradient flows back only within its window)");
        }
        w.Line("Numbers are rounded to 6 significant digits; [brackets] hold the exact double (shortest round-trip form) where it differs.");
        w.End();
    }

    private static void Forward(ExplanationWriter w, ElmanExplanation x)
    {
        var last = x.Targets == SequenceTargets.Last && x.Row.Steps > 1;
        w.Section("1. Forward through time: at step t each hidden unit's z = Σ_k W_k·x_k + Σ_i U_i·h_i(t-1) + b (added left to right), h = f(z); then the head reads h_t");
        w.Line($"(in each hidden unit's sum the first {x.Before.Inputs} product{(x.Before.Inputs == 1 ? " is" : "s are")} W·x_t, the next {x.Before.Hidden} U·h_(t-1))");
        if (last) w.Line($"(the head's output is used only after the last step, where the target is: it is shown at step {x.Row.Steps})");
        foreach (var step in x.Forward)
        {
            var t = step.Step + 1;
            w.Line($"step {t}: x_{t} = {Vector(step.X)}, h_{t - 1} = {Vector(step.PreviousHidden)}");
            foreach (var n in step.Neurons)
            {
                var name = Name(x, n.Layer, n.Unit);
                var terms = string.Join(" + ", n.Weights.Select((wk, k) => $"{P(wk)}·{P(n.Inputs[k])}"));
                w.Line($"  {name}: z = {terms} + {P(n.Bias)} = {Exact(n.Z)}");
                var symbol = n.Layer == 0 ? "h" : n.Layer == x.Before.Stack.Layers.Length - 1 ? "y" : "a";
                w.Line($"  {new string(' ', name.Length)}  {symbol} = {ActivationFormula(n.Activation, n.Unit)} = {Exact(n.A)}");
            }
        }
        w.End();
    }

    private static void LossSection(ExplanationWriter w, ElmanExplanation x, double loss)
    {
        var first = x.Losses[0].Loss;
        var (formula, numbers) = ExplanationText.LossFormula(first);
        if (x.Targets == SequenceTargets.Last)
        {
            w.Section($"2. Loss ({Names.Of(first.Kind)}) after the last step: {formula}");
            w.Line($"L = L_{x.Row.Steps} = {numbers} = {Exact(loss)}");
        }
        else
        {
            var T = x.Row.Steps;
            w.Section($"2. Loss ({Names.Of(first.Kind)}) at every step, averaged: L = (L_1 + … + L_T) / T, each {formula.Replace("L = ", "L_t = ")}");
            foreach (var term in x.Losses)
                w.Line($"L_{term.Step + 1} = {ExplanationText.LossFormula(term.Loss).Numbers} = {Exact(term.Loss.Value)}");
            w.Line($"L = ({string.Join(" + ", x.Losses.Select(l => P(l.Loss.Value)))}) / {T} = {Exact(loss)}");
        }
        w.End();
    }

    private static void Backward(ExplanationWriter w, ElmanExplanation x)
    {
        var head = x.Before.Stack.Layers.Length - 1;
        w.Section("3. Backward through time, from the last step: δ = ∂L/∂z of each neuron; the head's where a loss term reads the step, then each hidden unit's from ∂L/∂h_t = through the head + through time (Σ_j U_ji·δ_j(t+1))");
        foreach (var step in x.Backward)
        {
            var t = step.Step + 1;
            var hasHead = step.Deltas.Any(d => d.Layer > 0);
            var through = step.Deltas.Any(d => d.Rule == DeltaRule.HeadAndTime);
            w.Line(hasHead
                ? $"step {t}: the head's δ from L_{t}'s output back, then the cell's{(through ? $" (through the head, plus through time from step {t + 1})" : "")}"
                : step.Deltas.Any(d => d.Rule == DeltaRule.Cut)
                    ? $"step {t}: before the truncation window, no gradient reaches the cell"
                    : $"step {t}: the cell's δ through the recurrent weights U, from the δs at step {t + 1}");
            var target = ElmanNetwork.TargetAt(x.Targets, x.Row.Y, x.Targets == SequenceTargets.PerStep ? step.Step : 0);
            foreach (var d in step.Deltas)
            {
                var n = x.Forward[step.Step].Neurons.First(s => s.Layer == d.Layer && s.Unit == d.Unit);
                ExplanationText.DeltaLines(w, d, n, d.Layer == head ? target[d.Unit] : 0, target.Sum(), target.Length, (l, j) => Name(x, l, j));
            }
        }
        w.End();
    }

    private static void Updates(ExplanationWriter w, ElmanExplanation x)
    {
        var optimizer = x.Rule ?? x.Experiment.Training!.Optimizer;
        var sgd = optimizer as Optimizer.Sgd;
        var rule = "∂L/∂p sums δ·x over the time steps of section 3 from the first (x: the input the weight multiplies at that step; 1 for a bias)";
        w.Section((sgd is not null
            ? $"4. Gradients: {rule}; updates p ← p - lr·∂L/∂p with lr = {G(sgd.LearningRate)}"
            : $"4. Gradients: {rule}; updates by the {OptimizerText(optimizer)} step")
            + ExplanationText.StepRemarks(x.Experiment, x.Epoch, x.WeightDecay));
        foreach (var neuron in x.Parameters.GroupBy(p => (p.Layer, p.Unit)))
        {
            var name = Name(x, neuron.Key.Layer, neuron.Key.Unit);
            w.Line($"{name}:");
            foreach (var p in neuron)
            {
                var label = Label(x, p, name);
                var symbol = p.Input is null ? "b" : "w";
                var sum = string.Join(" + ", p.Terms.Select(t => p.Input is null ? P(t.Delta) : $"{P(t.Delta)}·{P(t.X)}"));
                w.Line($"  {label}: ∂L/∂{symbol} = {sum} = {Exact(p.Gradient)}");
                ExplanationText.UpdateLines(w, new string(' ', label.Length), symbol, sgd, x.WeightDecay, p.Value, p.Gradient, p.Decayed, p.Updated);
            }
        }
        w.End();
    }

    private static void Notes(ExplanationWriter w, ElmanExplanation x)
    {
        var e = x.Experiment;
        w.Section("Notes");
        if (e.Training is not { } t) w.Line("The experiment does not train: the forward pass is all there is to explain.");
        else if (!x.Row.HasTarget) w.Line($"{x.Row.Id} has no target: no loss and no backpropagation, only the forward pass.");
        else
        {
            if (x.Place.Set == RowSet.Validation) w.Line($"{x.Row.Id} is held out for early stopping: training never steps on it (it only measures the validation loss); shown is the step it would cause.");
            else if (x.Place.Set == RowSet.Test) w.Line($"{x.Row.Id} is a test row: training never steps on it; shown is the step it would cause.");
            else if (t.BatchSize > 1) w.Line($"Training averages the gradients of a mini-batch of {t.BatchSize} sequences before one update; shown is the update of this sequence alone.");
            else if (t.Shuffle) w.Line("Rows are shuffled each epoch, so this sequence's step need not come first; shown is its step from the parameters at the start of the epoch.");
            else if (x.Place.Index == 0) w.Line($"This is the first step of epoch {x.Epoch} exactly as `nf run` takes it (the same Core functions, bit for bit).");
            else w.Line($"In training the rows before {x.Row.Id} update the parameters first; shown is its step from the parameters at the start of epoch {x.Epoch}.");
            if (x.Truncate > 0 && x.Truncate < x.Row.Steps)
                w.Line($"Truncated BPTT: the {x.Row.Steps} steps are cut into windows of {x.Truncate} counted back from the last; at the first step of a window h_(t-1) is held constant, so no gradient flows into the window before. Each cell parameter still sums one term per step.");
        }
        w.End();
    }

    private static string Label(ElmanExplanation x, SequenceParameterStep p, string name)
    {
        if (p.Input is not { } k) return $"b({name})";
        if (p.Layer > 0) return $"w({Name(x, p.Layer - 1, k)}→{name})";
        var inputs = x.Before.Inputs;
        return k < inputs ? $"W({x.Experiment.Data.Features[k]}→{name})" : $"U({Name(x, 0, k - inputs)}→{name})";
    }

    /// <summary>Layer 0 is the cell (h1, h2, …), the last layer the output (y or y1, y2, …), the layers between the head's
    /// hidden layers (g1, … or g1.1, …).</summary>
    private static string Name(ElmanExplanation x, int layer, int unit)
    {
        var layers = x.Before.Stack.Layers;
        if (layer == 0) return $"h{unit + 1}";
        if (layer == layers.Length - 1) return layers[layer].Units == 1 ? "y" : $"y{unit + 1}";
        return layers.Length == 3 ? $"g{unit + 1}" : $"g{layer}.{unit + 1}";
    }

    private static string Span(string symbol, int steps) => steps switch
    {
        1 => $"{symbol}_1",
        2 => $"{symbol}_1, {symbol}_2",
        _ => $"{symbol}_1 … {symbol}_{steps}",
    };

    private static string Vectors(IEnumerable<System.Collections.Immutable.ImmutableArray<double>> steps) => string.Join(", ", steps.Select(s => Vector(s)));
}
