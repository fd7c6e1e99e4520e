using System.Collections.Immutable;
using NeuralFunctional.Core;
using Snapshooter.Xunit;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The explanation's numbers are the Core's (forward pass, loss, gradient, SGD step) bit for bit, and every
/// line's arithmetic redone from the numbers it shows gives the number it states, so a student checking by hand and
/// training can never disagree.</summary>
public class ExplanationTests
{
    public static TheoryData<string> Trainable => new(Repo.ExperimentNames().Where(n => Load(Repo.Experiment(n)) is { Training: not null, Data.Rows: DataRows.Features }));

    [Theory]
    [MemberData(nameof(Trainable))]
    public void Explanation_ShippedExperimentEveryTrainingRow_EqualsCoreBitForBit(string name)
    {
        var experiment = Load(Repo.Experiment(name))!;
        var epochs = new[] { 0, Math.Min(3, experiment.Training!.Epochs - 1) }.Distinct();
        foreach (var epoch in epochs)
            foreach (var row in experiment.Data.FeatureRows().Train.Rows)
                CheckAgainstCore(experiment, row.Id, epoch);
    }

    [Theory]
    [InlineData("bce", "sigmoid", 1)]
    [InlineData("ce", "softmax", 3)]
    [InlineData("mse", "softmax", 3)]
    [InlineData("mse", "tanh", 2)]
    public void Explanation_OtherLossesAndOutputs_EqualCoreBitForBit(string loss, string output, int units)
    {
        var y = units == 1 ? "[1]" : units == 2 ? "[1, 0]" : "[0, 1, 0]";
        var text = $$"""
            { "name": "t", "seed": 3,
              "data": { "train": [ { "id": "a", "x": [0.5, -1], "y": {{y}} }, { "id": "b", "x": [2, 0.25], "y": {{y}} } ] },
              "network": { "inputs": 2, "layers": [ { "units": 3, "activation": "relu" }, { "units": 2, "activation": { "kind": "leakyRelu", "alpha": 0.1 } },
                                                   { "units": {{units}}, "activation": "{{output}}" } ] },
              "training": { "loss": "{{loss}}", "optimizer": { "kind": "sgd", "learningRate": 0.3 }, "epochs": 5 } }
            """;
        var experiment = ExperimentParser.Parse("t.json", text).SuccessToSeq().Head();
        foreach (var epoch in new[] { 0, 4 })
            foreach (var id in new[] { "a", "b" })
                CheckAgainstCore(experiment, id, epoch);
    }

    [Fact]
    public void Explanation_WeightDecayAndSchedule_StepAsTrainingDoes()
    {
        var text = File.ReadAllText(Repo.Experiment("hiring-fixed-init")).Replace(
            "\"training\": {", "\"training\": { \"weightDecay\": 0.01, \"schedule\": { \"kind\": \"step\", \"every\": 1, \"factor\": 0.5 },");
        var experiment = ExperimentParser.Parse("t.json", text).SuccessToSeq().Head();
        Assert.Equal(0.01, experiment.Training!.WeightDecay);
        foreach (var epoch in new[] { 0, 2 })
            CheckAgainstCore(experiment, "Shash", epoch);
        var (_, stdout, _) = Cli.Run("explain", Repo.Experiment("hiring-fixed-init"));
        Assert.DoesNotContain("λ", stdout);
    }

    [Fact]
    public void Explanation_EarlyStopping_ExplainsTrainedAndHeldOutRowsAtTheirPlaces()
    {
        var text = File.ReadAllText(Repo.Experiment("hiring")).Replace(
            "\"training\": {", "\"training\": { \"earlyStopping\": { \"validation\": 0.25, \"patience\": 3 },");
        var experiment = ExperimentParser.Parse("t.json", text).SuccessToSeq().Head();
        var run = Runner.Prepare(experiment);
        var held = Assert.Single(run.FeatureRows().Validation.Rows).Id;
        var trained = run.FeatureRows().Train.Rows[1].Id;
        foreach (var id in new[] { held, trained })
            CheckAgainstCore(experiment, id, 2);
        var x = Explanation.Build(run, "t.json", held, 2).SuccessToSeq().Head();
        Assert.Equal(new RowPlace(RowSet.Validation, 0, 1), x.Place);
        var textOut = ExplanationText.Write(x);
        Assert.Contains($"row {held} (validation row 1 of 1)", textOut);
        Assert.Contains("held out for early stopping", textOut);
        Assert.Equal(new RowPlace(RowSet.Training, 1, run.FeatureRows().Train.Count), Explanation.Build(run, "t.json", trained, 2).SuccessToSeq().Head().Place);
    }

    [Fact]
    public void Explanation_EpochAfterEarlyStoppingEnded_SaysWhenTrainingStopped()
    {
        var text = File.ReadAllText(Repo.Experiment("hiring")).Replace(
            "\"training\": {", "\"training\": { \"earlyStopping\": { \"validation\": 0.25, \"patience\": 1, \"minDelta\": 1 },");
        var experiment = ExperimentParser.Parse("t.json", text).SuccessToSeq().Head();
        var run = Runner.Prepare(experiment);
        var stopped = Runner.Records(run).Last().State.Epoch;
        Assert.True(stopped < experiment.Training!.Epochs - 1, $"stopped at {stopped}");
        var error = Assert.Single(Explanation.Build(run, "t.json", null, stopped + 1).FailToSeq());
        Assert.Equal("NF2208", error.Code);
        Assert.Contains($"ended training at epoch {stopped}", error.Message);
        Assert.True(Explanation.Build(run, "t.json", null, stopped).IsSuccess);
    }

    [Fact]
    public void Explanation_StateAtEpoch_IsTheStateAfterThatManyEpochs()
    {
        var experiment = Load(Repo.Experiment("hiring-deep-minibatch"))!;
        var run = Runner.Prepare(experiment);
        var config = experiment.Training!.ToConfig();
        var state = run.Start;
        for (var e = 0; e < 5; e++) state = Training.Epoch(state, run.FeatureRows().Train, config);
        var explained = Explanation.StateAt(run, 5);
        Assert.Equal(5, explained.Epoch);
        Assert.True(Network.BitEquals(state.Network, explained.Network));
        Assert.Equal(state.Rng, explained.Rng);
    }

    [Fact]
    public void Explain_HiringFixedInit_MatchesSnapshot()
    {
        var (exit, stdout, stderr) = Cli.Run("explain", Repo.Experiment("hiring-fixed-init"));
        Assert.True(exit == 0, stderr);
        Snapshot.Match(stdout);
    }

    [Fact]
    public void Explain_HiringFixedInit_ShowsTheWeightedSumWithItsTerms()
    {
        var (_, stdout, _) = Cli.Run("explain", Repo.Experiment("hiring-fixed-init"));
        Assert.Contains("h1: z = 0.5·(-9) + (-0.25)·0 + 0 = -4.5\n", stdout);
        Assert.Contains("δ = dL/dy · f'(z)", stdout);
        Assert.Contains("w ← w - lr·∂L/∂w", stdout);
    }

    [Fact]
    public void Explain_UnknownSample_SuggestsTheIdAndExits2()
    {
        var (exit, _, stderr) = Cli.Run("explain", Repo.Experiment("hiring"), "--sample", "Jamla");
        Assert.Equal(2, exit);
        Assert.Contains("NF2203", stderr);
        Assert.Contains("did you mean `Jamal`?", stderr);
    }

    [Theory]
    [InlineData("1000")]
    [InlineData("-1")]
    public void Explain_EpochOutsideTraining_Exits2(string epoch)
    {
        var (exit, _, stderr) = Cli.Run("explain", Repo.Experiment("hiring"), "--epoch", epoch);
        Assert.Equal(2, exit);
        Assert.Contains("NF2204", stderr);
    }

    [Fact]
    public void Explain_TestRowWithoutTarget_ExplainsTheForwardPassOnly()
    {
        var (exit, stdout, _) = Cli.Run("explain", Repo.Experiment("hiring"), "--sample", "Jamal", "--epoch", "10");
        Assert.Equal(0, exit);
        Assert.Contains("row Jamal (test row 1 of 2), parameters at the start of epoch 10", stdout);
        Assert.Contains("1. Forward pass", stdout);
        Assert.DoesNotContain("2. Loss", stdout);
    }

    [Fact]
    public void Explain_EvaluateOnlyExperiment_ExplainsTheForwardPass()
    {
        var (exit, stdout, _) = Cli.Run("explain", Repo.Experiment("neuron"));
        Assert.Equal(0, exit);
        Assert.Contains("y: z = 3·4 + 1·1 + (-1) = 12\n", stdout);
        Assert.Contains("does not train", stdout);
    }

    [Fact]
    public void Explain_Markdown_HasHeadingsAndClosedCodeBlocks()
    {
        var (exit, stdout, _) = Cli.Run("explain", Repo.Experiment("hiring-fixed-init"), "--format", "markdown");
        Assert.Equal(0, exit);
        Assert.StartsWith("# hiring-fixed-init", stdout);
        Assert.Contains("\n## 3. Backward pass", stdout);
        Assert.Equal(0, stdout.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2);
    }

    /// <summary>The explanation of one row at one epoch against the Core, and each shown line against its own arithmetic.</summary>
    private static void CheckAgainstCore(Experiment experiment, string id, int epoch)
    {
        var run = Runner.Prepare(experiment);
        var x = Explanation.Build(run, "t.json", id, epoch).SuccessToSeq().Head();
        var config = experiment.Training!.ToConfig();
        var state = Explanation.StateAt(run, epoch);
        var row = run.FeatureRows().Train.Rows.Concat(run.FeatureRows().Validation.Rows).Concat(run.FeatureRows().Test.Rows).Single(r => r.Id == id);
        var where = $"{experiment.Name} row {id} epoch {epoch}";

        // Core: forward pass, loss, gradient, and the SGD step training takes on this row alone.
        var pass = Network.Forward(state.Network, row.X);
        Assert.True(Same(x.Neurons.Select(n => n.Z), pass.Layers.SelectMany(l => l.Z)), $"z differs: {where}");
        Assert.True(Same(x.Neurons.Select(n => n.A), pass.Layers.SelectMany(l => l.A)), $"a differs: {where}");
        Assert.True(Same([x.Loss!.Value], [Network.SampleLoss(state.Network, pass, config.Loss, row.Y)]), $"loss differs: {where}");
        var gradient = Network.Backward(state.Network, pass, config.Loss, row.Y);
        Assert.True(Same(InParameterOrder(x, p => p.Gradient), Gradient.Flatten(gradient)), $"gradient differs: {where}");
        var stepped = Training.Step(state, [row], config).Network;
        Assert.True(Network.BitEquals(stepped, x.After!), $"update differs: {where}");
        Assert.True(Same(InParameterOrder(x, p => p.Updated), Network.Parameters(stepped)), $"updated values differ: {where}");
        Assert.True(Same(InParameterOrder(x, p => p.Value), Network.Parameters(state.Network)), $"starting values differ: {where}");

        // By hand: every line's formula applied to the numbers it shows.
        foreach (var n in x.Neurons)
        {
            var z = 0.0;
            for (var k = 0; k < n.Weights.Length; k++) z += n.Weights[k] * n.Inputs[k];
            Assert.True(Same([z + n.Bias], [n.Z]), $"z of layer {n.Layer} unit {n.Unit}: {where}");
        }
        var lr = (x.Rule as Optimizer.Sgd)?.LearningRate;
        foreach (var d in x.Deltas)
        {
            if (d.Rule == DeltaRule.Hidden)
            {
                var sum = 0.0;
                for (var j = 0; j < d.NextWeights.Length; j++) sum += d.NextWeights[j] * d.NextDeltas[j];
                Assert.True(Same([sum], [d.Upstream]), $"Σ w δ of layer {d.Layer} unit {d.Unit}: {where}");
            }
            if (d.Rule is DeltaRule.Hidden or DeltaRule.Output)
                Assert.True(Same([d.Upstream * d.Derivative], [d.Delta]), $"δ of layer {d.Layer} unit {d.Unit}: {where}");
        }
        foreach (var p in x.Parameters)
        {
            Assert.True(Same([p.Input is null ? p.Delta : p.Delta * p.X], [p.Gradient]), $"∂L/∂p: {where}");
            Assert.True(Same([p.Input is null || x.WeightDecay == 0 ? p.Gradient : p.Gradient + x.WeightDecay * p.Value], [p.Decayed]), $"∂L/∂w + λ·w: {where}");
            if (lr is { } sgd) Assert.True(Same([p.Value - sgd * p.Decayed], [p.Updated]), $"p ← p − lr·∂L/∂p: {where}");
        }
    }

    /// <summary>The explanation lists parameters from the output layer back; the Core from the first layer, weights then biases.</summary>
    private static IEnumerable<double> InParameterOrder(Explanation x, Func<ParameterStep, double> value) =>
        x.Parameters.GroupBy(p => p.Layer).OrderBy(g => g.Key)
            .SelectMany(g => g.Where(p => p.Input is not null).OrderBy(p => p.Unit).Concat(g.Where(p => p.Input is null).OrderBy(p => p.Unit)))
            .Select(value);

    private static bool Same(IEnumerable<double> a, IEnumerable<double> b) =>
        Bits.Equal(a.ToImmutableArray().AsSpan(), b.ToImmutableArray().AsSpan());

    private static Experiment? Load(string path)
    {
        var text = File.ReadAllText(path);
        var parsed = ExperimentParser.Parse(path, text);
        return parsed.IsSuccess ? parsed.SuccessToSeq().Head() : null;
    }
}
