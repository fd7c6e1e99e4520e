using System.Globalization;
using static NeuralFunctional.Experiments.ExplanationFormulas;

namespace NeuralFunctional.Experiments;

/// <summary>Writes a <see cref="ReinforcementExplanation"/> for a student to check by hand, in the style of
/// <see cref="ExplanationText"/>. Steps count from 0 as the Core counts them (s_0, a_0, r_0, …, T steps); the first
/// <see cref="StepsInFull"/> steps are written out in full, the rest one line per step in a table; a sum of more than
/// <see cref="TermsInFull"/> terms shows its first and last terms. The observation's inputs are named by the environment
/// (a bandit's constant s; cart-pole's x, ẋ, θ, θ̇), hidden neurons h1, h2, … (h1.1, h2.1, … with several hidden
/// layers), the outputs by their action (arm0, arm1, …; left, right).</summary>
public static class ReinforcementExplanationText
{
    /// <summary>How many steps of an episode are written out in full (forward pass, sampling, δs).</summary>
    public const int StepsInFull = 3;

    /// <summary>Sums of at most this many terms are shown term by term; longer ones show the first three and the last.</summary>
    public const int TermsInFull = 8;

    /// <summary>Plain text, or markdown (headings, each section in a code block) when <paramref name="markdown"/>.</summary>
    public static string Write(ReinforcementExplanation x, bool markdown = false) =>
        ExplanationWriter.Write(markdown, w => Header(w, x), w => Episode(w, x), w => Returns(w, x), w => PolicyGradient(w, x), w => Updates(w, x),
            x.Baseline.Kind == BaselineKind.Mean ? w => BaselineUpdate(w, x) : null, w => Notes(w, x));

    private static void Header(ExplanationWriter w, ReinforcementExplanation x)
    {
        var e = x.Experiment;
        var plan = e.Training;
        var T = x.Steps.Length;
        w.Title($"{e.Name}: REINFORCE for one episode, with its numbers");
        w.Line("The policy network observes its environment, draws an action from its softmax probabilities π(a|s) and is rewarded,");
        w.Line("step by step; after the episode REINFORCE adjusts its weights so that the actions that paid more than the baseline become more likely.");
        w.Line($"episode {x.Episode} of training's {plan.Episodes} (counted from 0): " +
            (x.Episode == 0 ? "the first, played with the initial parameters" : $"played with the parameters after {x.Episode} episode{(x.Episode == 1 ? "" : "s")}") +
            $"; it took {T} step{(T == 1 ? "" : "s")}");
        foreach (var line in EnvironmentLines(e.Environment)) w.Line(line);
        var layers = x.Before.Layers.Select((l, i) => $"{l.Units} {Names.Of(l.Activation.Kind)} ({string.Join(", ", Enumerable.Range(0, l.Units).Select(j => NeuronName(x, i, j)))})");
        w.Line($"policy: {x.Before.Inputs} input{(x.Before.Inputs == 1 ? "" : "s")} [{string.Join(", ", ObservationNames(e.Environment))}] → {string.Join(" → ", layers)}; its outputs are π(a|s), one per action");
        w.Line($"REINFORCE: discount γ = {G(plan.Gamma)}; baseline b = {(plan.Baseline == BaselineKind.Mean ? "the mean of every return G_t of the earlier episodes" : "0 (none)")}; optimizer {OptimizerText(plan.Optimizer)}");
        w.Line("Random draws: the `policy` stream picks the actions, the `env` stream " + (e.Environment is AgentEnvironment.CartPoleBalance ? "the start state." : "the rewards."));
        w.Line("Numbers are rounded to 6 significant digits; [brackets] hold the exact double (shortest round-trip form) where it differs.");
        w.End();
    }

    private static IEnumerable<string> EnvironmentLines(AgentEnvironment env)
    {
        switch (env)
        {
            case AgentEnvironment.MultiArmedBandit b:
                yield return $"environment: a {b.Arms.Length}-armed bandit; one pull is the whole episode, and the observation is always s = [1]";
                yield return "  " + (b.Arms.All(a => a is Arm.Bernoulli)
                    ? $"arm k pays 1 with probability p_k, else 0: p = {Vector(b.Arms.Select(Arm.Expected))}"
                    : string.Join("; ", b.Arms.Select((a, k) => $"arm {k} {ArmText(a)}")));
                break;
            case AgentEnvironment.CartPoleBalance c:
                yield return "environment: cart-pole; the policy observes s = [x, ẋ, θ, θ̇] (the cart's position and velocity, the pole's angle and";
                yield return $"  angular velocity), pushes left (action 0, {G(-CartPole.ForceMagnitude)} N) or right (action 1, +{G(CartPole.ForceMagnitude)} N) for {G(CartPole.Tau)} s, and gets reward 1 per step;";
                yield return $"  the episode ends when |x| > {G(CartPole.XLimit)}, when |θ| > 12° ({G(CartPole.ThetaLimit)} rad), or after {c.MaxSteps} steps";
                break;
        }
    }

    private static string ArmText(Arm arm) => arm switch
    {
        Arm.Bernoulli b => $"pays 1 with probability {G(b.P)}, else 0",
        Arm.Normal n => $"pays a draw from Normal({G(n.Mean)}, {G(n.Std)})",
        _ => arm.ToString(),
    };

    private static void Episode(ExplanationWriter w, ReinforcementExplanation x)
    {
        var T = x.Steps.Length;
        w.Section("1. The episode: at each step t the policy observes s_t, computes π(·|s_t) by its forward pass (z = Σ_k w_k·x_k + b, added left to right; a = f(z)), draws a_t and receives r_t");
        w.Line("a_t is the first action a whose cumulative probability π_0 + … + π_a is above u, a uniform draw in [0, 1) (the last action if none is)");
        foreach (var d in x.Steps.Take(StepsInFull))
        {
            var t = d.Step;
            w.Line($"step {t}: s_{t} = {Vector(d.State.Observation)}");
            ForwardLines(w, x, d);
            w.Line($"  π(·|s_{t}) = {Vector(d.Probabilities)}");
            var chosen = d.Action < d.Cumulative.Length
                ? $"the first above u is {CumulativeName(d.Action)} = {G(d.Cumulative[d.Action])}"
                : "none is above u, so the last action";
            w.Line($"  a_{t}: u = {Exact(d.Draw)}; cumulative π: {string.Join(", ", d.Cumulative.Select(G))}; {chosen}: a_{t} = {ActionName(x, d.Action)}");
            w.Line($"  r_{t} = {G(d.Reward)}{RewardText(x, d)}");
        }
        if (T > StepsInFull)
        {
            w.Line($"steps {StepsInFull} to {T - 1}, one line each (the same forward pass, draw and step with their own numbers):");
            var rows = new List<IReadOnlyList<string>> { new[] { "t", "s_t", "π(·|s_t)", "u", "a_t", "r_t" } };
            rows.AddRange(x.Steps.Skip(StepsInFull).Select(d => (IReadOnlyList<string>)
                [Int(d.Step), Vector(d.State.Observation), Vector(d.Probabilities), G(d.Draw), ActionName(x, d.Action), G(d.Reward)]));
            Table(w, rows);
            var last = x.Steps[^1];
            w.Line($"after step {last.Step}: s_{T} = {Vector(last.Next.Observation)}{EndText(x, last)}");
        }
        w.End();
    }

    private static string CumulativeName(int action) => action switch
    {
        0 => "π_0",
        1 => "π_0 + π_1",
        _ => $"π_0 + … + π_{action}",
    };

    private static void ForwardLines(ExplanationWriter w, ReinforcementExplanation x, DecisionStep d) =>
        ForwardLayers(w, x.Before, d.Neurons, "  ", "π", 0, (l, k) => InputName(x, l, k), (l, u) => NeuronName(x, l, u));

    /// <summary>What follows r_t: where the bandit's reward comes from, or cart-pole's next state (and why the episode ends).</summary>
    private static string RewardText(ReinforcementExplanation x, DecisionStep d) => x.Experiment.Environment switch
    {
        AgentEnvironment.MultiArmedBandit b => $" (arm {d.Action} {ArmText(b.Arms[d.Action])}: the env stream's draw decides){(d.Done ? "; one pull ends the episode" : "")}",
        _ => $"; pushed {(d.Action == 1 ? "right" : "left")} for {G(CartPole.Tau)} s, the cart-pole moves to s_{d.Step + 1} = {Vector(d.Next.Observation)}{EndText(x, d)}",
    };

    private static string EndText(ReinforcementExplanation x, DecisionStep d)
    {
        if (!d.Done || x.Experiment.Environment is not AgentEnvironment.CartPoleBalance c) return "";
        var p = d.Next.Pole;
        if (p.Theta < -CartPole.ThetaLimit || p.Theta > CartPole.ThetaLimit)
            return $": |θ| = {G(Math.Abs(p.Theta))} > {G(CartPole.ThetaLimit)} (12°), the pole fell; the episode ends after {d.Step + 1} steps";
        if (p.X < -CartPole.XLimit || p.X > CartPole.XLimit)
            return $": |x| = {G(Math.Abs(p.X))} > {G(CartPole.XLimit)}, the cart left the track; the episode ends after {d.Step + 1} steps";
        return $": {c.MaxSteps} steps, the most an episode may take; it ends balanced";
    }

    private static void Returns(ExplanationWriter w, ReinforcementExplanation x)
    {
        var gamma = x.Experiment.Training.Gamma;
        var b = x.Baseline;
        w.Section("2. Returns-to-go G_t = r_t + γ·G_(t+1), from the last step back (G_(T-1) = r_(T-1)); advantages A_t = G_t - b");
        w.Line(b.Kind == BaselineKind.None
            ? "b = 0 (no baseline)"
            : b.Count == 0
                ? "b = 0: the mean of the returns of the earlier episodes, and there are none yet"
                : $"b = (sum of the {b.Count} return{(b.Count == 1 ? "" : "s")} G_t of the earlier episodes) / {b.Count} = {P(b.Sum)} / {b.Count} = {Exact(b.Value)}");
        var T = x.Returns.Length;
        var full = Math.Max(0, T - StepsInFull);
        for (var t = T - 1; t >= full; t--)
        {
            var r = x.Returns[t];
            var g = t == T - 1
                ? $"G_{t} = r_{t} = {Exact(r.Return)}"
                : $"G_{t} = r_{t} + γ·G_{t + 1} = {P(r.Reward)} + {G(gamma)}·{P(x.Returns[t + 1].Return)} = {Exact(r.Return)}";
            w.Line($"{g};  A_{t} = G_{t} - b = {P(r.Return)} - {P(b.Value)} = {Exact(r.Advantage)}");
        }
        if (full > 0)
        {
            w.Line($"steps {full - 1} down to 0, one line each (the same two formulas):");
            var rows = new List<IReadOnlyList<string>> { new[] { "t", "r_t", "G_t", "A_t" } };
            for (var t = full - 1; t >= 0; t--)
                rows.Add([Int(t), G(x.Returns[t].Reward), G(x.Returns[t].Return), G(x.Returns[t].Advantage)]);
            Table(w, rows);
        }
        w.End();
    }

    private static void PolicyGradient(ExplanationWriter w, ReinforcementExplanation x)
    {
        var T = x.Steps.Length;
        var top = x.Before.Layers.Length - 1;
        w.Section("3. The policy gradient: REINFORCE descends the surrogate loss L = -Σ_t A_t·log π(a_t|s_t), so a step with A_t > 0 makes a_t more likely, one with A_t < 0 less");
        w.Line("step t's term is the cross-entropy of the output y = π(·|s_t) against the target A_t·e_(a_t) (A_t at a_t, 0 elsewhere; t below),");
        w.Line("so the output's δ_i = y_i·Σ_j t_j - t_i = A_t·(π_i - [i = a_t]); a hidden neuron's δ_k = (Σ_j w_jk·δ_j) · f'(z_k), j over the layer after it");
        var terms = x.Gradients.Select(g => $"{P(g.Advantage)}·{P(g.LogProbability)}").ToList();
        w.Line($"L = -A_0·log π(a_0|s_0){(T > 1 ? " - A_1·log π(a_1|s_1) - …" : "")} = -{Terms(terms, " - ")} = {Exact(x.Surrogate)}");
        foreach (var g in x.Gradients.Take(StepsInFull))
        {
            var t = g.Step;
            var d = x.Steps[t];
            w.Line($"step {t}: a_{t} = {ActionName(x, g.Action)}, A_{t} = {G(g.Advantage)}, target t = {Vector(g.Target)}; log π(a_{t}|s_{t}) = log {G(d.Probabilities[g.Action])} = {Exact(g.LogProbability)} (computed from z as log softmax)");
            foreach (var delta in g.Deltas)
            {
                var n = d.Neurons.First(s => s.Layer == delta.Layer && s.Unit == delta.Unit);
                ExplanationText.DeltaLines(w, delta, n, delta.Layer == top ? g.Target[delta.Unit] : 0, g.Advantage, g.Target.Length, (l, j) => NeuronName(x, l, j));
            }
        }
        if (T > StepsInFull)
        {
            var layers = x.Before.Layers.Select((l, i) => i == top ? $"output [{UnitNames(x, i)}]" : $"layer {i + 1} [{UnitNames(x, i)}]").Reverse();
            w.Line($"steps {StepsInFull} to {T - 1}, one line each: a_t, A_t and the δs ({string.Join("; ", layers)}):");
            var rows = new List<IReadOnlyList<string>> { new[] { "t", "a_t", "A_t" }.Concat(x.Before.Layers.Select((_, i) => i == top ? "δ output" : $"δ layer {i + 1}").Reverse()).ToList() };
            rows.AddRange(x.Gradients.Skip(StepsInFull).Select(g => (IReadOnlyList<string>)
                new[] { Int(g.Step), ActionName(x, g.Action), G(g.Advantage) }
                    .Concat(g.Deltas.GroupBy(s => s.Layer).Select(l => Vector(l.Select(s => s.Delta)))).ToList()));
            Table(w, rows);
        }
        w.End();
    }

    private static void Updates(ExplanationWriter w, ReinforcementExplanation x)
    {
        var optimizer = x.Experiment.Training.Optimizer;
        var sgd = optimizer as Optimizer.Sgd;
        var rule = "∂L/∂p sums δ_t·x_t over the steps in order (x_t: the input the weight multiplies at step t; 1 for a bias)";
        w.Section(sgd is not null
            ? $"4. Gradients: {rule}; updates p ← p - lr·∂L/∂p with lr = {G(sgd.LearningRate)}"
            : $"4. Gradients: {rule}; updates by the {OptimizerText(optimizer)} step");
        foreach (var neuron in x.Parameters.GroupBy(p => (p.Layer, p.Unit)))
        {
            var name = NeuronName(x, neuron.Key.Layer, neuron.Key.Unit);
            w.Line($"{name}:");
            foreach (var p in neuron)
            {
                var label = p.Input is { } k ? $"w({InputName(x, p.Layer, k)}→{name})" : $"b({name})";
                var symbol = p.Input is null ? "b" : "w";
                var sum = Terms(p.Terms.Select(t => p.Input is null ? P(t.Delta) : $"{P(t.Delta)}·{P(t.X)}").ToList(), " + ");
                var formula = (p.Terms.Length, p.Input) switch
                {
                    (1, null) => "δ_0",
                    (1, _) => "δ_0·x_0",
                    (_, null) => "Σ_t δ_t",
                    _ => "Σ_t δ_t·x_t",
                };
                w.Line(p.Terms.Length == 1 && p.Input is null
                    ? $"  {label}: ∂L/∂b = δ_0 = {Exact(p.Gradient)}"
                    : $"  {label}: ∂L/∂{symbol} = {formula} = {sum} = {Exact(p.Gradient)}");
                ExplanationText.UpdateLines(w, new string(' ', label.Length), symbol, sgd, 0, p.Value, p.Gradient, p.Gradient, p.Updated);
            }
        }
        w.Line(Bits.Equal(x.Steps[0].Probabilities.AsSpan(), x.ProbabilitiesAfter.AsSpan())
            ? $"so π(·|s_0) stays {Vector(x.ProbabilitiesAfter)}"
            : $"so π(·|s_0) moves from {Vector(x.Steps[0].Probabilities)} to {Vector(x.ProbabilitiesAfter)}");
        w.End();
    }

    private static void BaselineUpdate(ExplanationWriter w, ReinforcementExplanation x)
    {
        var b = x.Baseline;
        var T = x.Returns.Length;
        w.Section("5. The baseline for the next episode: this episode's returns G_t join the running mean");
        w.Line($"sum = {P(b.Sum)} + {Terms(x.Returns.Select(r => P(r.Return)).ToList(), " + ")} = {Exact(b.NextSum)}");
        w.Line($"count = {b.Count} + {T} = {b.NextCount}");
        w.Line($"b = sum / count = {P(b.NextSum)} / {b.NextCount} = {Exact(b.NextValue)}");
        w.End();
    }

    private static void Notes(ExplanationWriter w, ReinforcementExplanation x)
    {
        var plan = x.Experiment.Training;
        w.Section("Notes");
        w.Line($"This is episode {x.Episode} exactly as `nf run` plays it (the same Core functions, bit for bit).");
        if (x.Returns.All(r => r.Advantage == 0))
            w.Line("Every advantage A_t is 0, so every δ and every gradient is 0: this episode leaves the policy as it was (a return equal to the baseline teaches nothing).");
        if (x.After.Diverged) w.Line("Its update made the policy's parameters (or the return) non-finite: training diverges here.");
        else if (x.Episode + 1 < plan.Episodes)
            w.Line($"Episode {x.Episode + 1} starts from the updated parameters{(plan.Baseline == BaselineKind.Mean ? " and baseline" : "")}, with the next draws of the `policy` and `env` streams (nf explain --epoch {x.Episode + 1}).");
        else w.Line("It is the last episode of training.");
        w.End();
    }

    /// <summary>Terms joined by <paramref name="op"/>; more than <see cref="TermsInFull"/> show the first three, then the last.</summary>
    private static string Terms(IReadOnlyList<string> terms, string op) =>
        terms.Count <= TermsInFull
            ? string.Join(op, terms)
            : string.Join(op, terms.Take(3)) + $"{op}… ({terms.Count - 4} more){op}" + terms[^1];

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static void Table(ExplanationWriter w, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        foreach (var line in TextTable.Render(rows, "  ").TrimEnd('\n').Split('\n')) w.Line(line);
    }

    private static IReadOnlyList<string> ObservationNames(AgentEnvironment env) => env switch
    {
        AgentEnvironment.CartPoleBalance => ["x", "ẋ", "θ", "θ̇"],
        _ => ["s"],
    };

    private static string ActionName(ReinforcementExplanation x, int action) => x.Experiment.Environment switch
    {
        AgentEnvironment.CartPoleBalance => action == 1 ? "1 (right)" : "0 (left)",
        _ => $"{action} (arm {action})",
    };

    private static string UnitNames(ReinforcementExplanation x, int layer) =>
        string.Join(", ", Enumerable.Range(0, x.Before.Layers[layer].Units).Select(j => NeuronName(x, layer, j)));

    private static string InputName(ReinforcementExplanation x, int layer, int k) =>
        layer == 0 ? ObservationNames(x.Experiment.Environment)[k] : NeuronName(x, layer - 1, k);

    private static string NeuronName(ReinforcementExplanation x, int layer, int unit)
    {
        var layers = x.Before.Layers;
        if (layer == layers.Length - 1)
            return x.Experiment.Environment is AgentEnvironment.CartPoleBalance ? (unit == 1 ? "right" : "left") : $"arm{unit}";
        return layers.Length == 2 ? $"h{unit + 1}" : $"h{layer + 1}.{unit + 1}";
    }
}
