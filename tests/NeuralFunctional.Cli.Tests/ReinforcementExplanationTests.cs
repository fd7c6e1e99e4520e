using System.Collections.Immutable;
using NeuralFunctional.Core;
using Snapshooter.Xunit;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf explain</c> on a reinforcement-learning experiment: one episode of REINFORCE written out. Its numbers
/// are the Core's bit for bit (the rollout, the draws, returns, advantages, the gradient of <see cref="Reinforce.Gradient"/>
/// and the parameters <see cref="Reinforce.Episode"/> leaves); every shown line's arithmetic redone from the numbers it
/// shows gives the number it states; a one-step bandit matches the policy gradient by hand; bad input is an error value.</summary>
public class ReinforcementExplanationTests
{
    /// <summary>Three arms paying fixed amounts (std 0), explicit weights, a mean baseline, SGD.</summary>
    private const string FixedBandit = """
        {
          "name": "fixed-bandit",
          "seed": 3,
          "environment": { "kind": "bandit", "arms": [ { "mean": 0.5, "std": 0 }, { "mean": 2, "std": 0 }, { "mean": -1, "std": 0 } ] },
          "network": { "inputs": 1, "layers": [ { "units": 3, "activation": "softmax", "weights": [[0.3], [-0.2], [0.1]], "biases": [0.05, 0.4, -0.3] } ] },
          "training": { "episodes": 10, "gamma": 0.9, "optimizer": { "kind": "sgd", "learningRate": 0.25 } }
        }
        """;

    /// <summary>A cart-pole policy with two hidden layers and Adam, so the δs pass through two hidden layers and the update is not SGD's.</summary>
    private const string DeepCartPole = """
        {
          "name": "deep-cartpole",
          "seed": 9,
          "environment": { "kind": "cartpole", "maxSteps": 40 },
          "network": { "inputs": 4, "layers": [ { "units": 5, "activation": "tanh" }, { "units": 3, "activation": "relu" }, { "units": 2, "activation": "softmax" } ] },
          "training": { "episodes": 12, "gamma": 0.99, "baseline": "mean", "optimizer": { "kind": "adam", "learningRate": 0.01 } }
        }
        """;

    public static TheoryData<string, int> Episodes => new()
    {
        { "bandit", 0 }, { "bandit", 1 }, { "bandit", 2 }, { "bandit", 57 },
        { "cartpole", 0 }, { "cartpole", 1 }, { "cartpole", 7 }, { "cartpole", 40 },
        { "tests:bandit", 0 }, { "tests:bandit", 4 }, { "tests:cartpole", 0 }, { "tests:cartpole", 3 },
        { "fixed-bandit", 0 }, { "fixed-bandit", 3 }, { "deep-cartpole", 0 }, { "deep-cartpole", 5 },
    };

    [Theory]
    [MemberData(nameof(Episodes))]
    public void ReinforceExplanation_Episode_EqualsCoreBitForBit(string name, int episode) =>
        CheckAgainstCore(Experiment(name), episode);

    [Fact]
    public void ReinforceExplanation_OneStepBandit_MatchesThePolicyGradientByHand()
    {
        // π = softmax(w·1 + b); a = the first arm whose cumulative π exceeds u; r = the arm's mean; G = r; b = 0 before any
        // episode; A = G; δ_i = A·(π_i − [i = a]); ∂L/∂w_i = δ_i·1, ∂L/∂b_i = δ_i; p ← p − 0.25·∂L/∂p.
        double[] w = [0.3, -0.2, 0.1], bias = [0.05, 0.4, -0.3], means = [0.5, 2, -1];
        const double lr = 0.25;
        var x = Build(Experiment("fixed-bandit"), 0);
        var z = w.Select((wi, i) => wi + bias[i]).ToArray();
        var e = z.Select(zi => Math.Exp(zi - z.Max())).ToArray();
        var pi = e.Select(ei => ei / e.Sum()).ToArray();
        var u = Rng.NextDouble(Rng.Stream(3, ReinforcementRunner.PolicyStream)).Value;
        var a = u < pi[0] ? 0 : u < pi[0] + pi[1] ? 1 : 2;
        var r = means[a];

        var step = Assert.Single(x.Steps);
        Assert.Equal(u, step.Draw);
        Assert.Equal(a, step.Action);
        Assert.Equal(r, step.Reward);
        for (var i = 0; i < 3; i++) Assert.Equal(pi[i], step.Probabilities[i], 14);
        Assert.Equal((r, r), (x.Returns[0].Return, x.Returns[0].Advantage));
        Assert.Equal(-r * Math.Log(pi[a]), x.Surrogate, 12);
        for (var i = 0; i < 3; i++)
        {
            var delta = r * (pi[i] - (i == a ? 1 : 0));
            var weight = x.Parameters.Single(p => p.Unit == i && p.Input == 0);
            var b = x.Parameters.Single(p => p.Unit == i && p.Input is null);
            Assert.Equal(delta, x.Gradients[0].Deltas.Single(d => d.Unit == i).Delta, 12);
            Assert.Equal((w[i], bias[i]), (weight.Value, b.Value));
            Assert.Equal(delta, weight.Gradient, 12);
            Assert.Equal(delta, b.Gradient, 12);
            Assert.Equal(w[i] - lr * delta, weight.Updated, 12);
            Assert.Equal(bias[i] - lr * delta, b.Updated, 12);
        }
        // The baseline after one pull is that pull's return.
        Assert.Equal((0.0, 0L, 0.0, r, 1L, r), (x.Baseline.Sum, x.Baseline.Count, x.Baseline.Value, x.Baseline.NextSum, x.Baseline.NextCount, x.Baseline.NextValue));
        var text = ReinforcementExplanationText.Write(x);
        Assert.Contains($"a_0 = {a} (arm {a})", text);
        Assert.Contains($"r_0 = {ExplanationFormulas.G(r)} (arm {a} pays a draw from Normal(", text);
        Assert.Contains("∂L/∂b = δ_0 = ", text);
    }

    [Fact]
    public void ReinforceExplanation_StateAtEpisode_IsWhereTrainingsUnfoldIsAfterThatManyEpisodes()
    {
        var experiment = Experiment("cartpole");
        var run = ReinforcementRunner.Prepare(experiment);
        var records = Reinforce.Run(run.Start, experiment.Environment, experiment.Training.ToConfig()).Take(6).ToList();
        var x = Build(experiment, 5);
        Assert.Equal(5, x.Episode);
        Assert.True(Network.BitEquals(records[4].State.Network, x.Before));
        Assert.Equal((records[4].State.Policy, records[4].State.Env), (x.Start.Policy, x.Start.Env));
        // The explained episode is the sixth record: its return, its length and the state it leaves.
        Assert.Equal((records[5].Return, records[5].Length), (x.Steps.Sum(s => s.Reward), x.Steps.Length));
        Assert.True(Network.BitEquals(records[5].State.Network, x.After.State.Network));
        Assert.Equal(records[5].State, x.After.State with { Network = records[5].State.Network, Optimizer = records[5].State.Optimizer });
    }

    [Fact]
    public void ReinforceExplanation_GoalThatStopsTraining_EndsTheEpisodesToExplainWhereNfRunEnds()
    {
        var experiment = Parse(File.ReadAllText(Repo.Experiment("bandit")).Replace(
            "\"record\": { \"every\": 50, \"window\": 100 }", "\"record\": { \"every\": 50, \"window\": 5 }, \"goal\": { \"meanReturn\": 0.7 }"));
        var result = ReinforcementRunner.Run(experiment);
        var played = result.Returns.Length;
        Assert.True(played < experiment.Training.Episodes, "the goal should stop training early");
        CheckAgainstCore(experiment, played - 1);
        var error = Assert.Single(ReinforcementExplanation.Build(ReinforcementRunner.Prepare(experiment), "t.json", null, played).FailToSeq());
        Assert.Equal("NF2211", error.Code);
        Assert.Contains($"after {played} episodes, before episode {played}", error.Message);
        Assert.Contains($"from 0 to {played - 1}", error.Hint);
        // Without stop, training plays on and so does explain.
        var goOn = Parse(File.ReadAllText(Repo.Experiment("bandit")).Replace(
            "\"record\": { \"every\": 50, \"window\": 100 }", "\"record\": { \"every\": 50, \"window\": 5 }, \"goal\": { \"meanReturn\": 0.7, \"stop\": false }"));
        Assert.True(ReinforcementExplanation.Build(ReinforcementRunner.Prepare(goOn), "t.json", null, played).IsSuccess);
    }

    [Fact]
    public void ReinforceExplanation_AfterDivergence_IsRefusedNamingTheEpisode()
    {
        var experiment = Parse("""
            { "name": "wild", "environment": { "kind": "bandit", "arms": [ { "mean": 1e300, "std": 0 }, { "mean": -1e300, "std": 0 } ] },
              "network": { "inputs": 1, "layers": [ { "units": 2, "activation": "softmax" } ], "init": { "kind": "zeros" } },
              "training": { "episodes": 50, "gamma": 1, "baseline": "none", "optimizer": { "kind": "sgd", "learningRate": 1e300 } } }
            """);
        var result = ReinforcementRunner.Run(experiment);
        Assert.Equal(RunStatus.Diverged, result.Status);
        var diverged = result.Divergence!.Epoch;
        var error = Assert.Single(ReinforcementExplanation.Build(ReinforcementRunner.Prepare(experiment), "t.json", null, diverged).FailToSeq());
        Assert.Equal("NF2205", error.Code);
        Assert.Equal($"training diverged at episode {diverged}, before episode {diverged}", error.Message);
        // The episode that diverged can be explained, and says so.
        var last = Build(experiment, diverged - 1);
        Assert.True(last.After.Diverged);
        Assert.Contains("training diverges here", ReinforcementExplanationText.Write(last));
    }

    [Fact]
    public void Explain_Bandit_MatchesSnapshot()
    {
        // Episode 2: the first whose advantage is not 0 (episode 0 pulls a losing arm with b = 0, so nothing moves).
        var (exit, stdout, stderr) = Cli.Run("explain", Repo.Experiment("bandit"), "--epoch", "2");
        Assert.True(exit == 0, stderr);
        Snapshot.Match(stdout);
    }

    [Fact]
    public void Explain_CartPole_WritesTheFirstStepsInFullAndTheRestOneLineEach()
    {
        var (exit, stdout, stderr) = Cli.Run("explain", Repo.Experiment("cartpole"), "--epoch", "3", "--format", "markdown");
        Assert.True(exit == 0, stderr);
        var x = Build(Experiment("cartpole"), 3);
        var T = x.Steps.Length;
        Assert.True(T > ReinforcementExplanationText.TermsInFull, $"episode 3 has {T} steps");
        Assert.StartsWith("# cartpole: REINFORCE for one episode, with its numbers", stdout);
        Assert.Contains($"episode 3 of training's 3000 (counted from 0): played with the parameters after 3 episodes; it took {T} steps", stdout);
        Assert.Contains("step 2: s_2 = ", stdout);
        Assert.DoesNotContain("step 3: s_3 = ", stdout);
        Assert.Contains($"steps 3 to {T - 1}, one line each", stdout);
        Assert.Contains($"after step {T - 1}: s_{T} = ", stdout);
        Assert.Contains("the pole fell", stdout);
        Assert.Contains($"steps {T - 4} down to 0, one line each", stdout);
        Assert.Contains("right: δ = y·Σ_j t_j - t = ", stdout);
        Assert.Contains("h8: Σ_j w_jk·δ_j = w(h8→left)·δ(left) + w(h8→right)·δ(right) = ", stdout);
        Assert.Contains($"w(θ̇→h1): ∂L/∂w = Σ_t δ_t·x_t = ", stdout);
        Assert.Contains($" + … ({T - 4} more) + ", stdout);
        Assert.Contains("b ← b - lr·∂L/∂b = ", stdout);
        Assert.Contains($"count = {x.Baseline.Count} + {T} = {x.Baseline.NextCount}", stdout);
        Assert.Equal(0, stdout.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2);
        // One table line per step after the first three, in the episode, the returns and the δs.
        Assert.Equal(3 * (T - 3), stdout.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d+\s\s")));
    }

    [Fact]
    public void Explain_NonSgdOptimizer_ShowsEachParameterBeforeAndAfter()
    {
        var x = Build(Experiment("deep-cartpole"), 2);
        var text = ReinforcementExplanationText.Write(x);
        Assert.Contains("updates by the adam step", text);
        var p = x.Parameters.First(p => p.Input is not null);
        Assert.Contains($"w: {ExplanationFormulas.P(p.Value)} → {ExplanationFormulas.Exact(p.Updated)}", text);
        Assert.Contains("h1.1: Σ_j w_jk·δ_j = w(h1.1→h2.1)·δ(h2.1)", text);
        Assert.Contains("relu", text);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000")]
    public void Explain_EpisodeOutOfRange_IsAnErrorValue(string episode)
    {
        var (exit, stdout, stderr) = Cli.Run("explain", Repo.Experiment("bandit"), "--epoch", episode);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"error NF2209 at training.episodes: episode {episode} is not one of the 1000 training episodes", stderr);
        Assert.Contains("give --epoch from 0 to 999: on a reinforcement-learning experiment --epoch N is episode N", stderr);
    }

    [Fact]
    public void Explain_SampleOnAReinforcementExperiment_IsAnErrorValue()
    {
        var (exit, stdout, stderr) = Cli.Run("explain", Repo.Experiment("cartpole"), "--sample", "Michael");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("error NF2210 at environment: --sample Michael: a reinforcement-learning experiment has no data rows", stderr);
        Assert.Contains("leave out --sample; choose the episode to explain with --epoch N", stderr);
    }

    [Fact]
    public void Explain_BrokenReinforcementFile_ReportsItsOwnErrors()
    {
        using var dir = new TempDir();
        var path = dir.File("broken.json");
        File.WriteAllText(path, File.ReadAllText(Repo.Experiment("bandit")).Replace("\"gamma\": 1", "\"gamma\": 2"));
        var (exit, _, stderr) = Cli.Run("explain", path);
        Assert.Equal(2, exit);
        Assert.Contains("NF1711", stderr);
        Assert.DoesNotContain("NF1004", stderr);
    }

    /// <summary>The explanation of one episode against the Core, and each shown line against its own arithmetic.</summary>
    private static void CheckAgainstCore(ReinforcementExperiment experiment, int episode)
    {
        var x = Build(experiment, episode);
        var where = $"{experiment.Name} episode {episode}";
        var env = experiment.Environment;
        var config = experiment.Training.ToConfig();
        var run = ReinforcementRunner.Prepare(experiment);
        var s = episode == 0 ? run.Start : Reinforce.Run(run.Start, env, config).Skip(episode - 1).First().State;
        var net = s.Network;
        Assert.True(Network.BitEquals(net, x.Before), $"start: {where}");
        Assert.True(Same(InParameterOrder(x, p => p.Value), Network.Parameters(net)), $"starting values: {where}");

        // Core: the rollout, its draws, the returns, the advantages, the surrogate, the gradient and the episode's step.
        var (steps, _, _) = Reinforce.Rollout(net, env, s.Policy, s.Env);
        Assert.Equal(steps.Length, x.Steps.Length);
        var rng = s.Policy;
        for (var t = 0; t < steps.Length; t++)
        {
            var d = x.Steps[t];
            Assert.True(Same(d.State.Observation, steps[t].Observation), $"s_{t}: {where}");
            Assert.Equal((steps[t].Action, steps[t].Reward), (d.Action, d.Reward));
            (double u, rng) = Rng.NextDouble(rng);
            Assert.True(Same([u], [d.Draw]), $"u at step {t}: {where}");
            var pass = Network.Forward(net, steps[t].Observation);
            Assert.True(Same(d.Probabilities, Policy.Probabilities(net, steps[t].Observation)), $"π at step {t}: {where}");
            foreach (var n in d.Neurons)
                Assert.True(Same([n.Z, n.A], [pass.Layers[n.Layer].Z[n.Unit], pass.Layers[n.Layer].A[n.Unit]]), $"z, a at step {t}: {where}");
            Assert.Equal(Policy.Choose(d.Probabilities.AsSpan(), d.Draw), d.Action);
            if (t + 1 < steps.Length) Assert.True(Same(d.Next.Observation, steps[t + 1].Observation), $"s_{t + 1}: {where}");
            Assert.Equal(t == steps.Length - 1, d.Done);
        }
        var returns = Reinforce.ReturnsToGo(steps, config.Gamma);
        var baseline = config.Baseline == BaselineKind.Mean && s.ReturnCount > 0 ? s.ReturnSum / s.ReturnCount : 0.0;
        var advantages = returns.Select(g => g - baseline).ToImmutableArray();
        Assert.True(Same(x.Returns.Select(r => r.Return), returns), $"G: {where}");
        Assert.True(Same(x.Returns.Select(r => r.Advantage), advantages), $"A: {where}");
        Assert.True(Same([x.Surrogate], [Reinforce.Surrogate(net, steps, advantages)]), $"L: {where}");
        var gradient = Gradient.Flatten(Reinforce.Gradient(net, steps, advantages));
        Assert.True(Same(InParameterOrder(x, p => p.Gradient), gradient), $"gradient: {where}");
        Assert.True(Same(Gradient.Flatten(x.Gradient), gradient), $"gradient record: {where}");
        var next = Reinforce.Episode(s, env, config).State;
        Assert.True(Same(InParameterOrder(x, p => p.Updated), Network.Parameters(next.Network)), $"update: {where}");
        Assert.True(Network.BitEquals(next.Network, x.After.State.Network), $"after: {where}");
        Assert.Equal((next.ReturnSum, next.ReturnCount), (x.Baseline.NextSum, x.Baseline.NextCount));
        Assert.True(Same([next.MeanReturn], [x.Baseline.NextValue]), $"next baseline: {where}");
        foreach (var following in ReinforcementExplanation.StateAt(run, "t.json", episode + 1).SuccessToSeq())
            Assert.True(Network.BitEquals(next.Network, following.Network), $"the next episode starts from the update: {where}");

        // By hand: every line's formula applied to the numbers it shows.
        foreach (var d in x.Steps)
        {
            foreach (var n in d.Neurons)
            {
                var z = 0.0;
                for (var k = 0; k < n.Weights.Length; k++) z += n.Weights[k] * n.Inputs[k];
                Assert.True(Same([z + n.Bias], [n.Z]), $"z: {where}");
            }
            var cumulative = 0.0;
            for (var a = 0; a < d.Cumulative.Length; a++)
            {
                cumulative += d.Probabilities[a];
                Assert.True(Same([cumulative], [d.Cumulative[a]]), $"cumulative π at step {d.Step}: {where}");
            }
            var first = Enumerable.Range(0, d.Cumulative.Length).Where(a => d.Draw < d.Cumulative[a]).DefaultIfEmpty(d.Cumulative.Length).First();
            Assert.Equal(first, d.Action);
        }
        var b = x.Baseline;
        if (b.Kind == BaselineKind.Mean && b.Count > 0) Assert.True(Same([b.Sum / b.Count], [b.Value]), $"b = sum / count: {where}");
        else Assert.Equal(0.0, b.Value);
        for (var t = x.Returns.Length - 1; t >= 0; t--)
        {
            var r = x.Returns[t];
            var g = t == x.Returns.Length - 1 ? r.Reward : r.Reward + experiment.Training.Gamma * x.Returns[t + 1].Return;
            Assert.True(Same([g, g - b.Value], [r.Return, r.Advantage]), $"G_t, A_t at {t}: {where}");
        }
        var loss = 0.0;
        foreach (var g in x.Gradients)
        {
            var d = x.Steps[g.Step];
            loss -= g.Advantage * g.LogProbability;
            Assert.Equal(Math.Log(d.Probabilities[g.Action]), g.LogProbability, 12);
            Assert.True(Same(g.Target, Reinforce.StepTarget(net, steps[g.Step], g.Advantage)), $"target: {where}");
            foreach (var delta in g.Deltas)
            {
                var n = d.Neurons.Single(s => s.Layer == delta.Layer && s.Unit == delta.Unit);
                if (delta.Rule == DeltaRule.OutputCeSoftmax)
                {
                    var t = delta.Unit == g.Action ? g.Advantage : 0.0;
                    Assert.True(Same([n.A * g.Advantage - t], [delta.Delta]), $"output δ = y·Σ t - t at step {g.Step}: {where}");
                }
                else
                {
                    Assert.Equal(DeltaRule.Hidden, delta.Rule);
                    var sum = 0.0;
                    for (var j = 0; j < delta.NextWeights.Length; j++) sum += delta.NextWeights[j] * delta.NextDeltas[j];
                    Assert.True(Same([sum, sum * delta.Derivative], [delta.Upstream, delta.Delta]), $"hidden δ at step {g.Step}: {where}");
                    if (n.Activation.Kind == ActivationKind.Tanh) Assert.True(Same([1 - n.A * n.A], [delta.Derivative]), $"tanh' = 1 - a²: {where}");
                }
            }
        }
        Assert.True(Same([loss], [x.Surrogate]), $"L = -Σ A·log π: {where}");
        var lr = (experiment.Training.Optimizer as Optimizer.Sgd)?.LearningRate;
        foreach (var p in x.Parameters)
        {
            Assert.Equal(x.Steps.Length, p.Terms.Length);
            Assert.All(p.Terms, t => Assert.True(Same([p.Input is null ? t.Delta : t.Delta * t.X], [t.Value]), $"δ·x: {where}"));
            var total = p.Terms[0].Value;
            foreach (var t in p.Terms.Skip(1)) total += t.Value;
            Assert.True(Same([total], [p.Gradient]), $"Σ δ·x of layer {p.Layer} unit {p.Unit} input {p.Input}: {where}");
            if (lr is { } sgd) Assert.True(Same([p.Value - sgd * p.Gradient], [p.Updated]), $"p ← p - lr·∂L/∂p: {where}");
        }
        var sumAfter = b.Sum;
        foreach (var r in x.Returns) sumAfter += r.Return;
        Assert.True(Same([sumAfter, sumAfter / (b.Count + x.Returns.Length)], [b.NextSum, b.NextValue]), $"baseline update: {where}");
        Assert.Equal(b.Count + x.Returns.Length, b.NextCount);

        // And the text shows what the record holds.
        var text = ReinforcementExplanationText.Write(x);
        Assert.Contains($"it took {x.Steps.Length} step", text);
        Assert.Contains($"= {ExplanationFormulas.Exact(x.Surrogate)}\n", text);
        Assert.Contains(Same(x.Steps[0].Probabilities, x.ProbabilitiesAfter)
            ? $"stays {ExplanationFormulas.Vector(x.ProbabilitiesAfter)}"
            : $"moves from {ExplanationFormulas.Vector(x.Steps[0].Probabilities)} to {ExplanationFormulas.Vector(x.ProbabilitiesAfter)}", text);
        Assert.True(Same(x.ProbabilitiesAfter, Policy.Probabilities(next.Network, steps[0].Observation)), $"π after: {where}");
    }

    /// <summary>The explanation lists parameters from the output layer back; the Core from the first layer, weights then biases.</summary>
    private static IEnumerable<double> InParameterOrder(ReinforcementExplanation x, Func<PolicyParameterStep, double> value) =>
        x.Parameters.GroupBy(p => p.Layer).OrderBy(g => g.Key)
            .SelectMany(g => g.Where(p => p.Input is not null).OrderBy(p => p.Unit).Concat(g.Where(p => p.Input is null).OrderBy(p => p.Unit)))
            .Select(value);

    private static ReinforcementExplanation Build(ReinforcementExperiment experiment, int episode)
    {
        var built = ReinforcementExplanation.Build(ReinforcementRunner.Prepare(experiment), "t.json", null, episode);
        Assert.True(built.IsSuccess, string.Join("\n", built.FailToSeq().Select(e => e.ToString())));
        return built.SuccessToSeq().Head();
    }

    private static ReinforcementExperiment Experiment(string name) => name switch
    {
        "tests:bandit" => Parse(ReinforcementTests.Bandit),
        "tests:cartpole" => Parse(ReinforcementTests.CartPole),
        "fixed-bandit" => Parse(FixedBandit),
        "deep-cartpole" => Parse(DeepCartPole),
        _ => Parse(File.ReadAllText(Repo.Experiment(name))),
    };

    private static ReinforcementExperiment Parse(string text)
    {
        var parsed = ReinforcementJson.Parse("t.json", text);
        Assert.True(parsed.IsSuccess, string.Join("\n", parsed.FailToSeq().Select(e => e.ToString())));
        return parsed.SuccessToSeq().Head();
    }

    private static bool Same(IEnumerable<double> a, IEnumerable<double> b) =>
        Bits.Equal(a.ToImmutableArray().AsSpan(), b.ToImmutableArray().AsSpan());
}
