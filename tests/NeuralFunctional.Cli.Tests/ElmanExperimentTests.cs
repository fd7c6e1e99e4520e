using NeuralFunctional.Core;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;
using static NeuralFunctional.Tests.ExperimentTexts;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Elman networks and sequence rows in experiment files: parsing, every error, the round trip, evaluation,
/// training, checkpoints and the shipped memory and sine experiments.</summary>
public class ElmanExperimentTests
{
    /// <summary>A valid Elman experiment; tests break it one way at a time.</summary>
    private const string Elman = """
        {
          "name": "echo",
          "seed": 3,
          "data": {
            "train": [
              { "id": "a", "x": [[1], [0], [1]], "y": [[1], [1], [0]] },
              { "id": "b", "x": [[0], [1]], "y": [[0], [0]] }
            ],
            "test": [ { "id": "c", "x": [[1], [1], [0], [0]] } ]
          },
          "network": {
            "kind": "elman",
            "inputs": 1,
            "hidden": { "units": 3 },
            "layers": [ { "units": 1, "activation": "sigmoid" } ],
            "bptt": { "truncate": 2 },
            "init": { "kind": "uniform", "low": -0.5, "high": 0.5 }
          },
          "training": { "loss": "bce", "optimizer": { "kind": "sgd", "learningRate": 0.5 }, "epochs": 20 }
        }
        """;

    private static string Canonical(Experiment e) => CanonicalJson.Write(ExperimentJson.ToJson(e));

    private static void AssertOnly(string text, string code, string path)
    {
        var errors = Errors(text);
        Assert.True(errors.Count == 1 && errors[0].Code == code && errors[0].Path == path,
            $"expected {code} at {path}, got:\n" + string.Join("\n", errors));
    }

    [Fact]
    public void Parse_ElmanExperiment_CarriesTheRecurrentPlanAndTheSequences()
    {
        var e = Ok(Elman);
        var elman = Assert.IsType<NetworkPlan.Elman>(e.Network);
        Assert.Equal(2, elman.Truncate);
        Assert.Equal((3, ActivationKind.Tanh), (elman.Hidden.Units, elman.Hidden.Activation.Kind));
        var sequences = e.Data.SequenceRows();
        Assert.Equal(SequenceTargets.PerStep, sequences.Targets); // from the shape of the first y
        Assert.Equal([3, 2], sequences.Train.Rows.Select(r => r.Steps));
        Assert.False(sequences.Test.Rows[0].HasTarget);
        Assert.Equal(["x1"], e.Data.Features.ToArray());
        Assert.Equal(["y1"], e.Data.Targets.ToArray());
    }

    [Fact]
    public void Parse_TargetsOnlyAtTheEnd_AreInferredAsLast()
    {
        var text = With(With(Elman, "\"y\": [[1], [1], [0]]", "\"y\": [0]"), "\"y\": [[0], [0]]", "\"y\": [1]");
        var e = Ok(text);
        Assert.Equal(SequenceTargets.Last, e.Data.SequenceRows().Targets);
        Assert.Equal([[0.0]], e.Data.SequenceRows().Train.Rows[0].Y.Select(v => v.ToArray()));
    }

    [Theory]
    [InlineData("\"y\": [[0], [0]]", "\"y\": [[0], [0], [1]]", "NF2408", "data.train[1].y")]           // ragged: y steps ≠ x steps
    [InlineData("\"x\": [[0], [1]]", "\"x\": [[0], [1, 2]]", "NF1401", "data.train[1].x[1]")]          // a step of the wrong width
    [InlineData("\"x\": [[0], [1]]", "\"x\": [0, 1]", "NF2406", "data.train[1].x")]                     // not a sequence
    [InlineData("\"x\": [[0], [1]]", "\"x\": []", "NF2407", "data.train[1].x")]
    [InlineData("\"x\": [[0], [1]]", "\"x\": [[0], 1]", "NF1005", "data.train[1].x[1]")]                 // mixed
    [InlineData("\"y\": [[0], [0]]", "\"y\": [[0], [0, 1]]", "NF1402", "data.train[1].y[1]")]
    [InlineData("\"y\": [[0], [0]]", "\"y\": [[0], [2]]", "NF1403", "data.train[1].y[1][0]")]          // bce target out of range
    [InlineData("\"y\": [[0], [0]]", "\"y\": [0]", "NF2409", "data.train[1].y")]                        // mixed target shapes
    [InlineData("\"kind\": \"elman\"", "\"kind\": \"elmann\"", "NF2401", "network.kind")]
    [InlineData("\"truncate\": 2", "\"truncate\": -1", "NF2403", "network.bptt.truncate")]
    [InlineData("\"hidden\": { \"units\": 3 }", "\"hidden\": { \"units\": 3, \"activation\": \"softmax\" }", "NF2402", "network.hidden.activation")]
    [InlineData("\"hidden\": { \"units\": 3 }", "\"hidden\": { \"units\": 0 }", "NF1203", "network.hidden.units")]
    [InlineData("\"hidden\": { \"units\": 3 },", "", "NF1008", "network.hidden")]
    [InlineData("\"hidden\": { \"units\": 3 }", "\"hidden\": { \"units\": 1, \"weights\": [[1]] }", "NF1204", "network.hidden.weights")]
    [InlineData("\"data\": {", "\"data\": { \"sequence\": { \"targets\": \"each\" },", "NF2405", "data.sequence.targets")]
    [InlineData("\"data\": {", "\"data\": { \"sequence\": { \"targets\": \"last\" },", "NF2410", "data.train[0].y")]
    public void Parse_BrokenElmanExperiment_ReportsTheProblemWhereItIs(string from, string to, string code, string path)
    {
        var text = With(Elman, from, to);
        if (code == "NF2410") text = With(text, "\"y\": [[0], [0]]", "\"y\": [0]");
        AssertOnly(text, code, path);
    }

    [Fact]
    public void Parse_SequencesForAFeedForwardNetwork_AreRejected()
    {
        AssertOnly(With(Hiring, "\"x\": [12, 6]", "\"x\": [[12, 6]]"), "NF2404", "data.train[0].x");
        AssertOnly(With(Hiring, "\"y\": [0]", "\"y\": [[0]]"), "NF2404", "data.train[0].y");
        AssertOnly(With(Hiring, "\"data\": {", "\"data\": { \"sequence\": { \"targets\": \"last\" },"), "NF2411", "data.sequence");
        AssertOnly(With(Hiring, "\"inputs\": 2,", "\"inputs\": 2, \"bptt\": { \"truncate\": 1 },"), "NF1107", "network.bptt");
        AssertOnly(With(Hiring, "\"inputs\": 2,", "\"inputs\": 2, \"hidden\": { \"units\": 1 },"), "NF1107", "network.hidden");
    }

    [Fact]
    public void RoundTrip_ElmanExperiment_IsExactIncludingSequencesAndPlan()
    {
        foreach (var text in new[] { Elman, With(With(Elman, "\"y\": [[1], [1], [0]]", "\"y\": [0]"), "\"y\": [[0], [0]]", "\"y\": [1]") })
        {
            var first = Ok(text);
            var written = Canonical(first);
            var second = Ok(written);
            Assert.Equal(written, Canonical(second));
            var (a, b) = (Assert.IsType<NetworkPlan.Elman>(first.Network), Assert.IsType<NetworkPlan.Elman>(second.Network));
            Assert.Equal((a.Inputs, a.Hidden.Units, a.Hidden.Activation, a.Truncate), (b.Inputs, b.Hidden.Units, b.Hidden.Activation, b.Truncate));
            Assert.Equal(first.Data.SequenceRows().Targets, second.Data.SequenceRows().Targets);
            var rows = first.Data.SequenceRows().Train.Rows.Zip(second.Data.SequenceRows().Train.Rows, (a, b) => (A: a, B: b));
            Assert.All(rows, p => Assert.Equal(p.A.X.SelectMany(v => v), p.B.X.SelectMany(v => v)));
            Assert.Contains("\"kind\": \"elman\"", written);
            Assert.Contains("\"truncate\": 2", written);
        }
    }

    [Fact]
    public void Run_EvaluateOnlyWithExplicitWeights_GivesTheHandComputedOutputs()
    {
        // h_t = ((0 + 1·x_t) + 0.5·h_{t−1}) + 0 (linear), output = 2·h_t + 1 (linear): x = 1, 0, 1 → h = 1, 0.5, 1.25.
        var text = """
            {
              "name": "by-hand",
              "data": { "test": [ { "id": "s", "x": [[1], [0], [1]] } ], "sequence": { "targets": "perStep" } },
              "network": {
                "kind": "elman", "inputs": 1,
                "hidden": { "units": 1, "activation": "linear", "weights": [[1, 0.5]], "biases": [0] },
                "layers": [ { "units": 1, "activation": "linear", "weights": [[2]], "biases": [1] } ]
              }
            }
            """;
        var result = Runner.Run(Ok(text));
        var doc = Documents.Build(result);
        Assert.Equal([[3.0], [2.0], [3.5]], doc["predictions"]!["test"]![0]!["output"]!.ToObject<double[][]>()!);
        Assert.Equal([[1.0], [0.5], [1.25]], ElmanNetwork.Forward(ElmanNetwork.FromStack(1, result.Final),
            result.Run.SequenceRows().Test.Rows[0].X).Steps.Select(s => s.Layers[0].A.ToArray()));
    }

    [Fact]
    public void Parse_EvaluateOnlyWithoutHiddenParameters_AsksForThem()
    {
        var text = """
            {
              "name": "by-hand",
              "data": { "test": [ { "id": "s", "x": [[1]] } ] },
              "network": { "kind": "elman", "inputs": 1, "hidden": { "units": 1 },
                           "layers": [ { "units": 1, "weights": [[2]], "biases": [1] } ] }
            }
            """;
        Assert.Equal(["network.hidden.biases", "network.hidden.weights"], Errors(text).Select(e => e.Path).Order());
    }

    [Fact]
    public void Prepare_Transform_IsFittedOnEveryStepOfEveryTrainingRow()
    {
        var run = Runner.Prepare(Ok(With(Elman, "\"test\":", "\"transform\": [ { \"kind\": \"center\" } ], \"test\":")));
        Assert.Equal(3.0 / 5.0, run.Transforms[0].Offset[0]); // steps 1, 0, 1, 0, 1
        Assert.Equal(1 - 0.6, run.SequenceRows().Train.Rows[0].X[0][0]);
        Assert.Equal(1 - 0.6, run.SequenceRows().Test.Rows[0].X[0][0]);
    }

    [Fact]
    public void Run_ElmanExperiment_TrainsAndWritesPerStepPredictions()
    {
        var result = Runner.Run(Ok(Elman));
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.True(result.Trace[^1].Loss < result.Trace[0].Loss);
        var doc = Documents.Build(result);
        var c = doc["predictions"]!["test"]![0]!;
        Assert.Equal(4, c["output"]!.Count());
        Assert.Null(c["y"]);
        Assert.Equal(result.Trace[^1].Loss, (double)doc["metrics"]!["train"]!["loss"]!);
        Assert.NotNull(doc["metrics"]!["train"]!["accuracy"]);
    }

    [Fact]
    public void Resume_ElmanCheckpoint_IsByteIdenticalToUninterruptedRun()
    {
        using var temp = new TempDir();
        string Variant(string name, int epochs)
        {
            var json = JObject.Parse(File.ReadAllText(Repo.Experiment("memory-elman")));
            json["training"]!["epochs"] = epochs;
            File.WriteAllText(temp.File(name), json.ToString());
            return temp.File(name);
        }
        var full = Variant("full.json", 30);
        Assert.Equal(0, Cli.Run("run", full, "--out", temp.File("expected.json")).Exit);
        Assert.Equal(0, Cli.Run("run", Variant("cut.json", 13), "--out", temp.File("cut.out.json"), "--checkpoint", temp.File("cp.json")).Exit);
        var (exit, _, err) = Cli.Run("run", full, "--resume", temp.File("cp.json"), "--out", temp.File("resumed.json"));
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllText(temp.File("expected.json")), File.ReadAllText(temp.File("resumed.json")));
    }

    [Fact]
    public void Run_MemoryTask_ElmanRemembersWhatFeedForwardCannot()
    {
        JObject Run(string name) => JObject.Parse(Cli.Run("run", Repo.Experiment(name), "--out", "-").Out);
        var elman = Run("memory-elman");
        var feedForward = Run("memory-feedforward");
        Assert.Equal(1.0, (double)elman["metrics"]!["test"]!["accuracy"]!);
        Assert.Equal(1.0, (double)elman["metrics"]!["train"]!["accuracy"]!);
        Assert.Equal(0.5, (double)feedForward["metrics"]!["test"]!["accuracy"]!);
        Assert.Equal(0.5, (double)feedForward["metrics"]!["train"]!["accuracy"]!);
    }

    [Fact]
    public void Run_SineExperiment_PredictsTheNextSampleClosely()
    {
        var (exit, stdout, _) = Cli.Run("run", Repo.Experiment("sine-elman"), "--out", "-");
        Assert.Equal(0, exit);
        var doc = JObject.Parse(stdout);
        Assert.True((double)doc["metrics"]!["test"]!["loss"]! < 0.01);
        Assert.Equal(12, doc["predictions"]!["test"]![0]!["output"]!.Count());
    }
}
