using System.Collections.Immutable;
using NeuralFunctional.Core;
using Snapshooter.Xunit;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf explain</c> on an Elman network: backpropagation through time written out. Its numbers are the Core's
/// (forward pass, sequence loss, BPTT gradient, the training step) bit for bit; every line's arithmetic redone from the
/// numbers it shows gives the number it states; and a one-unit network's gradient matches the closed form by hand.</summary>
public class ElmanExplanationTests
{
    /// <summary>A small Elman experiment: 2 inputs, 3 hidden units, the given head, targets and truncation.</summary>
    private static string Small(string targets, int truncate, string head, string loss, string extra = "") => $$"""
        { "name": "small", "seed": 11,
          "data": { "features": ["a", "b"], "sequence": { "targets": "{{targets}}" },
            "train": [
              { "id": "s1", "x": [[0.5, -1], [1, 0.25], [-0.5, 2], [0, 1]], "y": {{Y(targets, 4)}} },
              { "id": "s2", "x": [[1, 1], [-1, 0.5], [0.25, 0]], "y": {{Y(targets, 3)}} } ],
            "test": [ { "id": "q", "x": [[1, 0], [0, 1]] } ],
            "transform": [ { "kind": "center" } ] },
          "network": { "kind": "elman", "inputs": 2, "hidden": { "units": 3 }, "layers": [ {{head}} ], "bptt": { "truncate": {{truncate}} },
                       "init": { "kind": "uniform", "low": -0.8, "high": 0.8 } },
          "training": { "loss": "{{loss}}", "optimizer": { "kind": "sgd", "learningRate": 0.3 }, "epochs": 4 {{extra}} } }
        """;

    private static string Y(string targets, int steps) =>
        targets == "last" ? "[1, 0]" : "[" + string.Join(", ", Enumerable.Range(0, steps).Select(t => t % 2 == 0 ? "[1, 0]" : "[0, 1]")) + "]";

    public static TheoryData<string, int, string, string, string> Variants => new()
    {
        { "last", 0, """{ "units": 2, "activation": "sigmoid" }""", "mse", "" },
        { "perStep", 0, """{ "units": 2, "activation": "sigmoid" }""", "bce", "" },
        { "perStep", 2, """{ "units": 4, "activation": "relu" }, { "units": 2, "activation": "softmax" }""", "ce", "" },
        { "perStep", 1, """{ "units": 2, "activation": "tanh" }""", "mse", "" },
        { "last", 2, """{ "units": 2, "activation": "linear" }""", "mse", """, "weightDecay": 0.05, "schedule": { "kind": "exponential", "rate": 0.5 }""" },
        { "perStep", 0, """{ "units": 2, "activation": "softmax" }""", "mse", """, "batchSize": 2, "shuffle": true""" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void ElmanExplanation_EveryRowAndEpoch_EqualsCoreBitForBit(string targets, int truncate, string head, string loss, string extra)
    {
        var experiment = Parse(Small(targets, truncate, head, loss, extra));
        foreach (var epoch in new[] { 0, 3 })
            foreach (var id in new[] { "s1", "s2" })
                CheckAgainstCore(experiment, id, epoch);
    }

    [Theory]
    [InlineData("memory-elman")]
    [InlineData("sine-elman")]
    public void ElmanExplanation_ShippedElmanExperiments_EqualCoreBitForBit(string name)
    {
        var experiment = Parse(File.ReadAllText(Repo.Experiment(name)));
        foreach (var epoch in new[] { 0, 2 })
            foreach (var row in experiment.Data.SequenceRows().Train.Rows.Take(3))
                CheckAgainstCore(experiment, row.Id, epoch);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ElmanExplanation_OneUnitTwoSteps_MatchesBpttByHand(int truncate)
    {
        // h1 = tanh(w·x1 + u·0 + b), h2 = tanh(w·x2 + u·h1 + b), y = v·h2 + c, L = (t − y)²; t = 1, lr = 0.5.
        const double w = 0.7, u = -0.4, b = 0.1, v = 1.5, c = -0.2, x1 = 1, x2 = -0.5, t = 1, lr = 0.5;
        var text = $$"""
            { "name": "by-hand", "seed": 1,
              "data": { "features": ["x"], "sequence": { "targets": "last" }, "train": [ { "id": "s", "x": [[{{x1}}], [{{x2}}]], "y": [{{t}}] } ] },
              "network": { "kind": "elman", "inputs": 1, "bptt": { "truncate": {{truncate}} },
                           "hidden": { "units": 1, "activation": "tanh", "weights": [[{{w}}, {{u}}]], "biases": [{{b}}] },
                           "layers": [ { "units": 1, "activation": "linear", "weights": [[{{v}}]], "biases": [{{c}}] } ] },
              "training": { "loss": "mse", "optimizer": { "kind": "sgd", "learningRate": {{lr}} }, "epochs": 1 } }
            """;
        var x = ElmanExplanation.Build(Runner.Prepare(Parse(text)), "by-hand.json").SuccessToSeq().Head();
        var h1 = Math.Tanh(w * x1 + b);
        var h2 = Math.Tanh(w * x2 + u * h1 + b);
        var y = v * h2 + c;
        var dy = -2 * (t - y);
        var d2 = v * dy * (1 - h2 * h2);
        var d1 = truncate == 1 ? 0 : u * d2 * (1 - h1 * h1);
        var expected = new Dictionary<string, double>
        {
            ["W"] = d2 * x2 + d1 * x1, ["U"] = d2 * h1 + d1 * 0, ["b"] = d2 + d1, ["v"] = dy * h2, ["c"] = dy,
        };
        var actual = new Dictionary<string, SequenceParameterStep>
        {
            ["W"] = x.Parameters.Single(p => p is { Layer: 0, Input: 0 }), ["U"] = x.Parameters.Single(p => p is { Layer: 0, Input: 1 }),
            ["b"] = x.Parameters.Single(p => p is { Layer: 0, Input: null }), ["v"] = x.Parameters.Single(p => p is { Layer: 1, Input: 0 }),
            ["c"] = x.Parameters.Single(p => p is { Layer: 1, Input: null }),
        };
        Assert.Equal(y, x.Forward[1].Neurons.Single(n => n.Layer == 1).A, 12);
        Assert.Equal((t - y) * (t - y), x.Loss!.Value, 12);
        foreach (var (name, g) in expected)
        {
            Assert.Equal(g, actual[name].Gradient, 12);
            Assert.Equal(actual[name].Value - lr * g, actual[name].Updated, 12);
        }
        Assert.Equal(2, x.Backward.Length);
        Assert.Equal(2, actual["W"].Terms.Length);
        Assert.Equal(truncate == 1 ? DeltaRule.Cut : DeltaRule.ThroughTime, x.Backward[1].Deltas.Single().Rule);
        Assert.Single(actual["v"].Terms);
    }

    [Fact]
    public void ElmanExplanation_EarlyStopping_ExplainsHeldOutSequences()
    {
        var text = File.ReadAllText(Repo.Experiment("memory-elman")).Replace(
            "\"training\": {", "\"training\": { \"earlyStopping\": { \"validation\": 0.25, \"patience\": 5 },");
        var experiment = Parse(text);
        var run = Runner.Prepare(experiment);
        Assert.Equal(8, run.SequenceRows().Validation.Count);
        foreach (var id in new[] { run.SequenceRows().Validation.Rows[0].Id, run.SequenceRows().Train.Rows[0].Id })
            CheckAgainstCore(experiment, id, 3);
        var x = ElmanExplanation.Build(run, "t.json", run.SequenceRows().Validation.Rows[2].Id, 3).SuccessToSeq().Head();
        Assert.Equal(new RowPlace(RowSet.Validation, 2, 8), x.Place);
        Assert.Contains("held out for early stopping", ExplanationText.Write(x));
        Assert.Equal(new RowPlace(RowSet.Training, 0, 24), ElmanExplanation.Build(run, "t.json", null, 3).SuccessToSeq().Head().Place);
    }

    [Fact]
    public void Explain_MemoryElman_MatchesSnapshot()
    {
        var (exit, stdout, stderr) = Cli.Run("explain", Repo.Experiment("memory-elman"));
        Assert.True(exit == 0, stderr);
        Snapshot.Match(stdout);
    }

    [Fact]
    public void Explain_SineElman_WritesEachLossTermThroughItsTruncationWindow()
    {
        var (exit, stdout, stderr) = Cli.Run("explain", Repo.Experiment("sine-elman"), "--sample", "from-3", "--epoch", "5", "--format", "markdown");
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("# sine-elman: backpropagation through time", stdout);
        Assert.Contains("row from-3 (training row 2 of 16), parameters at the start of epoch 5", stdout);
        Assert.Contains("truncated to 4 steps", stdout);
        Assert.Contains("L = (L_1 + … + L_T) / T", stdout);
        // Windows of 4 steps counted back from step 12: 9–12, 5–8, 1–4; nothing flows from step 9 into step 8.
        Assert.Contains("step 12: the head's δ from L_12's output back, then the cell's\n", stdout);
        Assert.Contains("step 8: the head's δ from L_8's output back, then the cell's\n", stdout);
        Assert.Contains("step 7: the head's δ from L_7's output back, then the cell's (through the head, plus through time from step 8)", stdout);
        Assert.Contains("through time Σ_j U_ji·δ_j(t+1) = ", stdout);
        Assert.Contains("δ = dL/dy · f'(z) / T = ", stdout);
        Assert.Contains("windows of 4 steps counted back from the last step", stdout);
        Assert.Contains("U(h2→h1): ∂L/∂w = (", stdout);
        Assert.Equal(0, stdout.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2);
    }

    [Fact]
    public void Explain_ElmanTestRowWithoutTarget_ExplainsTheForwardPassOnly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nf-explain-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Small("last", 0, """{ "units": 2, "activation": "sigmoid" }""", "mse"));
        try
        {
            var (exit, stdout, stderr) = Cli.Run("explain", path, "--sample", "q");
            Assert.True(exit == 0, stderr);
            Assert.Contains("step 2: x_2 = ", stdout);
            Assert.DoesNotContain("2. Loss", stdout);
            Assert.Contains("q has no target: no loss and no backpropagation", stdout);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Explain_ElmanUnknownSample_SuggestsTheId()
    {
        var (exit, _, stderr) = Cli.Run("explain", Repo.Experiment("sine-elman"), "--sample", "frm-33");
        Assert.Equal(2, exit);
        Assert.Contains("NF2203", stderr);
        Assert.Contains("did you mean `from-33`?", stderr);
    }

    [Fact]
    public void ElmanExplanation_StateAtEpoch_IsTheStateAfterThatManyEpochs()
    {
        var experiment = Parse(File.ReadAllText(Repo.Experiment("memory-elman")));
        var run = Runner.Prepare(experiment);
        var config = experiment.Training!.ToConfig();
        var sequence = new SequenceConfig(run.SequenceRows().Targets, ((NetworkPlan.Elman)experiment.Network).Truncate);
        var state = run.Start;
        for (var e = 0; e < 3; e++) state = ElmanTraining.Epoch(state, experiment.Network.Inputs, run.SequenceRows().Train, config, sequence);
        var explained = ElmanExplanation.StateAt(run, 3);
        Assert.Equal(3, explained.Epoch);
        Assert.True(Network.BitEquals(state.Network, explained.Network));
        Assert.Equal(state.Rng, explained.Rng);
    }

    /// <summary>The explanation of one sequence at one epoch against the Core, and each shown line against its own arithmetic.</summary>
    private static void CheckAgainstCore(Experiment experiment, string id, int epoch)
    {
        var run = Runner.Prepare(experiment);
        var x = ElmanExplanation.Build(run, "t.json", id, epoch).SuccessToSeq().Head();
        var config = experiment.Training!.ToConfig();
        var sequence = new SequenceConfig(run.SequenceRows().Targets, ((NetworkPlan.Elman)experiment.Network).Truncate);
        var state = ElmanExplanation.StateAt(run, epoch);
        var row = run.SequenceRows().Train.Rows.Concat(run.SequenceRows().Validation.Rows).Single(r => r.Id == id);
        var net = ElmanNetwork.FromStack(experiment.Network.Inputs, state.Network);
        var where = $"{experiment.Name} row {id} epoch {epoch}";

        // Core: forward pass, loss, BPTT gradient, and the step training takes on this sequence alone.
        var pass = ElmanNetwork.Forward(net, row.X);
        foreach (var step in x.Forward)
            foreach (var n in step.Neurons)
            {
                var trace = pass.Steps[step.Step].Layers[n.Layer];
                Assert.True(Same([n.Z, n.A], [trace.Z[n.Unit], trace.A[n.Unit]]), $"z, a at step {step.Step} layer {n.Layer} unit {n.Unit}: {where}");
            }
        Assert.True(Same([x.Loss!.Value], [ElmanNetwork.SequenceLoss(net, pass, config.Loss, sequence.Targets, row.Y)]), $"loss: {where}");
        var gradient = ElmanNetwork.Backward(net, pass, config.Loss, sequence.Targets, row.Y, sequence.Truncate);
        Assert.True(Same(InParameterOrder(x, p => p.Gradient), Gradient.Flatten(gradient)), $"gradient: {where}");
        var stepped = ElmanTraining.Step(state, experiment.Network.Inputs, [row], config, sequence).Network;
        Assert.True(Network.BitEquals(stepped, x.After!.Stack), $"update: {where}");
        Assert.True(Same(InParameterOrder(x, p => p.Value), Network.Parameters(state.Network)), $"starting values: {where}");
        // One backward step per time step, from the last; the engine's gradient of this sequence alone is the same.
        Assert.Equal(Enumerable.Range(0, row.Steps).Reverse(), x.Backward.Select(b => b.Step));
        var alone = ElmanTraining.Run(state, experiment.Network.Inputs, SequenceDataset.Of(row), config with { Epochs = state.Epoch + 1, BatchSize = 1, Shuffle = false, EarlyStopping = null }, sequence).Last();
        Assert.True(Network.BitEquals(alone.State.Network, stepped), $"engine: {where}");

        // By hand: every line's formula applied to the numbers it shows.
        foreach (var n in x.Forward.SelectMany(s => s.Neurons))
        {
            var z = 0.0;
            for (var k = 0; k < n.Weights.Length; k++) z += n.Weights[k] * n.Inputs[k];
            Assert.True(Same([z + n.Bias], [n.Z]), $"z: {where}");
        }
        static double Sum(ImmutableArray<double> w, ImmutableArray<double> d)
        {
            var sum = 0.0;
            for (var j = 0; j < w.Length; j++) sum += w[j] * d[j];
            return sum;
        }
        foreach (var d in x.Backward.SelectMany(s => s.Deltas))
        {
            if (d.Rule is DeltaRule.Hidden or DeltaRule.ThroughTime)
                Assert.True(Same([Sum(d.NextWeights, d.NextDeltas)], [d.Upstream]), $"Σ w δ ({d.Rule}) of layer {d.Layer} unit {d.Unit}: {where}");
            if (d.Rule is DeltaRule.HeadAndTime)
                Assert.True(Same([Sum(d.NextWeights, d.NextDeltas), Sum(d.ElmanWeights, d.LaterDeltas), d.Parts.Head + d.Parts.Time],
                    [d.Parts.Head, d.Parts.Time, d.Upstream]), $"head + time of unit {d.Unit}: {where}");
            if (d.Rule is DeltaRule.Hidden or DeltaRule.ThroughTime or DeltaRule.HeadAndTime)
                Assert.True(Same([d.Upstream * d.Derivative], [d.Delta]), $"δ ({d.Rule}) of layer {d.Layer} unit {d.Unit}: {where}");
            if (d.Rule is DeltaRule.Output)
                Assert.True(Same([d.Divisor > 1 ? d.Upstream * d.Derivative / d.Divisor : d.Upstream * d.Derivative], [d.Delta]), $"δ of output unit {d.Unit}: {where}");
            if (d.Rule is DeltaRule.Cut) Assert.Equal(0.0, d.Delta);
        }
        var lr = (x.Rule as Optimizer.Sgd)?.LearningRate;
        foreach (var p in x.Parameters)
        {
            Assert.All(p.Terms, t => Assert.True(Same([p.Input is null ? t.Delta : t.Delta * t.X], [t.Value]), $"δ·x: {where}"));
            var total = p.Terms[0].Value;
            foreach (var t in p.Terms.Skip(1)) total += t.Value;
            Assert.True(Same([total], [p.Gradient]), $"Σ δ·x of layer {p.Layer} unit {p.Unit} input {p.Input}: {where}");
            Assert.True(Same([p.Input is null || x.WeightDecay == 0 ? p.Gradient : p.Gradient + x.WeightDecay * p.Value], [p.Decayed]), $"∂L/∂w + λ·w: {where}");
            if (lr is { } sgd) Assert.True(Same([p.Value - sgd * p.Decayed], [p.Updated]), $"p ← p − lr·∂L/∂p: {where}");
        }
    }

    /// <summary>The explanation lists parameters from the output layer back; the Core from the first layer, weights then biases.</summary>
    private static IEnumerable<double> InParameterOrder(ElmanExplanation x, Func<SequenceParameterStep, double> value) =>
        x.Parameters.GroupBy(p => p.Layer).OrderBy(g => g.Key)
            .SelectMany(g => g.Where(p => p.Input is not null).OrderBy(p => p.Unit).Concat(g.Where(p => p.Input is null).OrderBy(p => p.Unit)))
            .Select(value);

    private static bool Same(IEnumerable<double> a, IEnumerable<double> b) =>
        Bits.Equal(a.ToImmutableArray().AsSpan(), b.ToImmutableArray().AsSpan());

    private static Experiment Parse(string text)
    {
        var parsed = ExperimentParser.Parse("t.json", text);
        Assert.True(parsed.IsSuccess, string.Join("\n", parsed.FailToSeq().Select(e => e.ToString())));
        return parsed.SuccessToSeq().Head();
    }
}
