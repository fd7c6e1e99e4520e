using CsCheck;
using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;
using static NeuralFunctional.Tests.ExperimentTexts;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The training controls of an Elman experiment (optimizers, mini-batches, shuffling, weight decay, schedules,
/// early stopping) through the command line, as <see cref="TrainingControlsRunTests"/> checks them for feed-forward
/// networks: each changes the run, a resumed run is byte-identical to one that never stopped, and early stopping
/// holds out whole sequences and keeps the best parameters.</summary>
public class ElmanTrainingControlsTests
{
    /// <summary>A watch that fires on memory-elman within its first 30 epochs.</summary>
    private const string Watch = """{ "validation": 0.25, "patience": 3, "minDelta": 0.01 }""";

    private static string Variant(TempDir temp, string name, int epochs, Action<JObject>? change = null)
    {
        var json = JObject.Parse(File.ReadAllText(Repo.Experiment("memory-elman")));
        var training = (JObject)json["training"]!;
        training["epochs"] = epochs;
        change?.Invoke(training);
        File.WriteAllText(temp.File(name), json.ToString());
        return temp.File(name);
    }

    private static JObject Output(string experiment, params string[] sets)
    {
        var (exit, stdout, stderr) = Cli.Run(["run", experiment, "--out", "-", .. sets.SelectMany(s => new[] { "--set", s })]);
        Assert.True(exit == 0, stderr);
        return JObject.Parse(stdout);
    }

    [Theory]
    [InlineData("training.weightDecay=0.5")]
    [InlineData("""training.schedule={"kind":"step","every":2,"factor":0.5}""")]
    [InlineData("""training.schedule={"kind":"exponential","rate":0.5}""")]
    [InlineData("""training.optimizer={"kind":"momentum","learningRate":0.1}""")]
    [InlineData("""training.optimizer={"kind":"nesterov","learningRate":0.1}""")]
    [InlineData("""training.optimizer={"kind":"adam","learningRate":0.1}""")]
    [InlineData("training.batchSize=4")]
    [InlineData("training.shuffle=false")]
    public void Run_TrainingControl_ChangesTheElmanRun(string set)
    {
        var plain = Output(Repo.Experiment("memory-elman"), "training.epochs=5");
        var changed = Output(Repo.Experiment("memory-elman"), "training.epochs=5", set);
        Assert.True(JToken.DeepEquals(plain["initialParameters"], changed["initialParameters"]));
        Assert.False(JToken.DeepEquals(plain["finalParameters"], changed["finalParameters"]), $"{set} did not change the final parameters");
    }

    [Fact]
    public void Run_ZeroWeightDecayAndNoSchedule_AreTheShippedRunBitForBit()
    {
        var shipped = Output(Repo.Experiment("memory-elman"), "training.epochs=5");
        var spelledOut = Output(Repo.Experiment("memory-elman"), "training.epochs=5", "training.weightDecay=0", "training.schedule=null");
        Assert.Equal((string?)shipped["traceHash"], (string?)spelledOut["traceHash"]);
    }

    [Fact]
    public void EarlyStopping_ElmanRun_StopsRecordsValidationLossAndKeepsTheBestEpoch()
    {
        using var temp = new TempDir();
        var (exit, stdout, _) = Cli.Run("run", Variant(temp, "a.json", 100, t => t["earlyStopping"] = JObject.Parse(Watch)), "--out", temp.File("a-out.json"));
        Assert.Equal(0, exit);
        var doc = JObject.Parse(File.ReadAllText(temp.File("a-out.json")));
        Assert.Equal("stopped early", (string?)doc["status"]);
        var (epoch, best) = ((int)doc["stoppedEarly"]!["epoch"]!, (int)doc["stoppedEarly"]!["bestEpoch"]!);
        Assert.True(epoch < 100);
        Assert.Equal(epoch - 3, best);
        Assert.Contains($"stopped early at epoch {epoch}", stdout);
        Assert.Contains("  validation:", stdout);
        Assert.Equal(epoch, (int)doc["trace"]!.Last!["epoch"]!);
        Assert.All(doc["trace"]!, p => Assert.NotNull(p["validationLoss"]));

        // Whole sequences are held out (a quarter of the 32), listed on their own; every training row exactly once.
        var predictions = doc["predictions"]!;
        Assert.Equal(["train", "validation", "test"], ((JObject)predictions).Properties().Select(p => p.Name));
        Assert.Equal(["train", "validation", "test"], ((JObject)doc["metrics"]!).Properties().Select(p => p.Name));
        Assert.Equal(8, predictions["validation"]!.Count());
        Assert.Equal(8, (int)doc["metrics"]!["validation"]!["rows"]!);
        var raw = Ok(File.ReadAllText(Repo.Experiment("memory-elman"))).Data.SequenceRows().Train.Rows.Select(r => r.Id).Order();
        Assert.Equal(raw, predictions["train"]!.Concat(predictions["validation"]!).Select(r => (string)r["id"]!).Order());
        Assert.All(predictions["validation"]!, r => Assert.Equal(5, r["x"]!.Count()));

        // The same run cut at the best epoch ends with the parameters the stopped run restored.
        Cli.Run("run", Variant(temp, "b.json", best, t => t["earlyStopping"] = JObject.Parse(Watch)), "--out", temp.File("b-out.json"));
        var cut = JObject.Parse(File.ReadAllText(temp.File("b-out.json")));
        Assert.Equal("completed", (string?)cut["status"]);
        Assert.True(JToken.DeepEquals(cut["finalParameters"], doc["finalParameters"]));
        Assert.True(JToken.DeepEquals(cut["predictions"], doc["predictions"]));
        Assert.Equal((double)cut["trace"]!.Last!["validationLoss"]!, (double)doc["metrics"]!["validation"]!["loss"]!);
    }

    [Fact]
    public void EarlyStopping_ElmanSplit_IsTheFeedForwardSplitOfTheSameRows()
    {
        // memory-feedforward holds the same rows (each sequence's last bit) in the same order: the same seeded rule
        // holds out the same ids.
        string[] Held(string name) => Output(Repo.Experiment(name), "training.epochs=1", "seed=5", $"training.earlyStopping={Watch}")
            ["predictions"]!["validation"]!.Select(r => (string)r["id"]!).ToArray();
        Assert.Equal(Held("memory-feedforward"), Held("memory-elman"));
    }

    [Fact]
    public void Prepare_EarlyStoppingWithTransform_FitsOnTheSequencesTrainedOn()
    {
        var e = Ok(File.ReadAllText(Repo.Experiment("sine-elman")).Replace("\"training\": {",
            "\"training\": { \"earlyStopping\": { \"validation\": 0.25 },", StringComparison.Ordinal));
        var withTransform = e with { Data = e.Data with { Transforms = [TransformKind.Center] } };
        var run = Runner.Prepare(withTransform);
        var (trained, held) = (run.SequenceRows().Train, run.SequenceRows().Validation);
        Assert.Equal(4, held.Count);
        Assert.Equal(e.Data.SequenceRows().Train.Count, trained.Count + held.Count);
        var steps = run.Raw(trained).Rows.SelectMany(r => r.X).Select(x => x[0]).ToList();
        Assert.Equal(steps.Sum() / steps.Count, run.Transforms[0].Offset[0], 12);
        var row = run.Raw(held).Rows[0];
        Assert.Equal(row.X[0][0] - run.Transforms[0].Offset[0], held.Rows[0].X[0][0]);
    }

    [Fact]
    public void Parse_EarlyStoppingWithOneTrainingSequence_IsRejected()
    {
        var text = """
            {
              "name": "one",
              "data": { "train": [ { "id": "a", "x": [[1], [0]], "y": [1] } ] },
              "network": { "kind": "elman", "inputs": 1, "hidden": { "units": 2 }, "layers": [ { "units": 1, "activation": "sigmoid" } ] },
              "training": { "loss": "bce", "epochs": 3, "earlyStopping": { "patience": 2 } }
            }
            """;
        var errors = Errors(text);
        Assert.True(errors.Count == 1 && errors[0].Code == "NF1306" && errors[0].Path == "training.earlyStopping", string.Join("\n", errors));
    }

    private static Gen<T> AnyOf<T>(params T[] values) => Gen.OneOf(values.Select(Gen.Const).ToArray());

    private static readonly Gen<string> Optimizers = AnyOf(
        """{ "kind": "sgd", "learningRate": 0.3 }""",
        """{ "kind": "momentum", "learningRate": 0.05, "beta": 0.9 }""",
        """{ "kind": "nesterov", "learningRate": 0.05, "beta": 0.8 }""",
        """{ "kind": "adam", "learningRate": 0.02 }""");

    private static readonly Gen<string?> Schedules = AnyOf<string?>(
        null, """{ "kind": "step", "every": 4, "factor": 0.5 }""", """{ "kind": "exponential", "rate": 0.95 }""");

    private static readonly Gen<string?> EarlyStoppings = AnyOf<string?>(null, Watch, """{ "validation": 0.5, "patience": 2, "minDelta": 0 }""");

    [Fact]
    public void Resume_ElmanWithEveryOptimizerScheduleAndEarlyStopping_IsByteIdenticalToUninterruptedRun()
    {
        var stopped = 0;
        var gen = from stop in Gen.Int[1, 24]
                  from every in Gen.Int[1, 7]
                  from batch in Gen.Int[1, 5]
                  from shuffle in Gen.Bool
                  from optimizer in Optimizers
                  from weightDecay in AnyOf(0.0, 0.01)
                  from schedule in Schedules
                  from earlyStopping in EarlyStoppings
                  select (stop, every, batch, shuffle, optimizer, weightDecay, schedule, earlyStopping);
        gen.Sample(c =>
        {
            using var temp = new TempDir();
            string Make(string name, int epochs) => Variant(temp, name, epochs, t =>
            {
                t["record"] = new JObject { ["every"] = c.every };
                t["batchSize"] = c.batch;
                t["shuffle"] = c.shuffle;
                t["optimizer"] = JObject.Parse(c.optimizer);
                if (c.weightDecay != 0) t["weightDecay"] = c.weightDecay;
                if (c.schedule is not null) t["schedule"] = JObject.Parse(c.schedule);
                if (c.earlyStopping is not null) t["earlyStopping"] = JObject.Parse(c.earlyStopping);
            });
            var full = Make("full.json", 24);
            Assert.Equal(0, Cli.Run("run", full, "--out", temp.File("expected.json")).Exit);
            Assert.Equal(0, Cli.Run("run", Make("cut.json", c.stop), "--out", temp.File("cut-out.json"), "--checkpoint", temp.File("cp.json")).Exit);
            var (exit, _, err) = Cli.Run("run", full, "--resume", temp.File("cp.json"), "--out", temp.File("resumed.json"));
            Assert.True(exit == 0, err);
            var expected = File.ReadAllText(temp.File("expected.json"));
            Assert.Equal(expected, File.ReadAllText(temp.File("resumed.json")));
            if (expected.Contains("\"stopped early\"", StringComparison.Ordinal)) Interlocked.Increment(ref stopped);
        }, iter: 24, threads: 1);
        Assert.True(stopped > 0, "no sampled run stopped early: the property did not cover a stopped resume");
    }
}
