using CsCheck;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Optimizers, schedules, weight decay and early stopping through the command line: a resumed run is
/// byte-identical to one that never stopped, and early stopping restores the best parameters.</summary>
public class TrainingControlsRunTests
{
    private static string Variant(TempDir temp, string name, int epochs, int every, int batch, bool shuffle, JObject optimizer,
        double weightDecay, JObject? schedule, JObject? earlyStopping)
    {
        var json = JObject.Parse(File.ReadAllText(Repo.Experiment("hiring")));
        var training = (JObject)json["training"]!;
        training["epochs"] = epochs;
        training["record"]!["every"] = every;
        training["batchSize"] = batch;
        training["shuffle"] = shuffle;
        training["optimizer"] = optimizer;
        if (weightDecay != 0) training["weightDecay"] = weightDecay;
        if (schedule is not null) training["schedule"] = schedule;
        if (earlyStopping is not null) training["earlyStopping"] = earlyStopping;
        var path = temp.File(name);
        File.WriteAllText(path, json.ToString());
        return path;
    }

    private static readonly Gen<JObject> Optimizers = Gen.OneOf(
        Gen.Const(() => JObject.Parse("""{ "kind": "sgd", "learningRate": 0.5 }""")),
        Gen.Const(() => JObject.Parse("""{ "kind": "momentum", "learningRate": 0.1, "beta": 0.9 }""")),
        Gen.Const(() => JObject.Parse("""{ "kind": "nesterov", "learningRate": 0.1, "beta": 0.8 }""")),
        Gen.Const(() => JObject.Parse("""{ "kind": "adam", "learningRate": 0.05 }""")));

    private static readonly Gen<JObject?> Schedules = Gen.OneOf(
        Gen.Const(() => (JObject?)null),
        Gen.Const(() => (JObject?)JObject.Parse("""{ "kind": "step", "every": 7, "factor": 0.5 }""")),
        Gen.Const(() => (JObject?)JObject.Parse("""{ "kind": "exponential", "rate": 0.97 }""")));

    /// <summary>None, or a watch that stops within the 60 epochs for most optimizers (minDelta 0.01, patience 3).</summary>
    private static readonly Gen<JObject?> EarlyStoppings = Gen.OneOf(
        Gen.Const(() => (JObject?)null),
        Gen.Const(() => (JObject?)JObject.Parse("""{ "validation": 0.25, "patience": 3, "minDelta": 0.01 }""")),
        Gen.Const(() => (JObject?)JObject.Parse("""{ "validation": 0.5, "patience": 2, "minDelta": 0 }""")));

    [Fact]
    public void Resume_EveryOptimizerScheduleAndEarlyStopping_IsByteIdenticalToUninterruptedRun()
    {
        var stopped = 0;
        var gen = from stop in Gen.Int[1, 60]
                  from every in Gen.Int[1, 9]
                  from batch in Gen.Int[1, 3]
                  from shuffle in Gen.Bool
                  from optimizer in Optimizers
                  from weightDecay in Gen.OneOf(Gen.Const(0.0), Gen.Const(0.001))
                  from schedule in Schedules
                  from earlyStopping in EarlyStoppings
                  select (stop, every, batch, shuffle, optimizer, weightDecay, schedule, earlyStopping);
        gen.Sample(c =>
        {
            using var temp = new TempDir();
            string Make(string name, int epochs) => Variant(temp, name, epochs, c.every, c.batch, c.shuffle, c.optimizer, c.weightDecay, c.schedule, c.earlyStopping);
            var full = Make("full.json", 60);
            Assert.Equal(0, Cli.Run("run", full, "--out", temp.File("expected.json")).Exit);
            Assert.Equal(0, Cli.Run("run", Make("cut.json", c.stop), "--out", temp.File("cut-out.json"), "--checkpoint", temp.File("cp.json")).Exit);
            var (exit, _, err) = Cli.Run("run", full, "--resume", temp.File("cp.json"), "--out", temp.File("resumed.json"));
            Assert.True(exit == 0, err);
            var expected = File.ReadAllText(temp.File("expected.json"));
            Assert.Equal(expected, File.ReadAllText(temp.File("resumed.json")));
            if (expected.Contains("\"stopped early\"", StringComparison.Ordinal)) Interlocked.Increment(ref stopped);
        }, iter: 40, threads: 1);
        Assert.True(stopped > 0, "no sampled run stopped early: the property did not cover a stopped resume");
    }

    [Fact]
    public void EarlyStopping_StoppedRun_KeepsTheParametersOfItsBestEpoch()
    {
        using var temp = new TempDir();
        var adam = JObject.Parse("""{ "kind": "adam", "learningRate": 0.05 }""");
        var watch = JObject.Parse("""{ "validation": 0.25, "patience": 3, "minDelta": 0.01 }""");
        var (exit, stdout, _) = Cli.Run("run", Variant(temp, "a.json", 200, 5, 1, false, adam, 0, null, watch), "--out", temp.File("a-out.json"));
        Assert.Equal(0, exit);
        var doc = JObject.Parse(File.ReadAllText(temp.File("a-out.json")));
        Assert.Equal("stopped early", (string?)doc["status"]);
        var (epoch, best) = ((int)doc["stoppedEarly"]!["epoch"]!, (int)doc["stoppedEarly"]!["bestEpoch"]!);
        Assert.Equal(epoch - 3, best);
        Assert.Contains($"stopped early at epoch {epoch}", stdout);
        Assert.Equal(epoch, (int)doc["trace"]!.Last!["epoch"]!);
        Assert.All(doc["trace"]!, p => Assert.NotNull(p["validationLoss"]));

        // The same run cut at the best epoch ends with the parameters the stopped run restored.
        Cli.Run("run", Variant(temp, "b.json", best, 5, 1, false, adam, 0, null, watch), "--out", temp.File("b-out.json"));
        var cut = JObject.Parse(File.ReadAllText(temp.File("b-out.json")));
        Assert.Equal("completed", (string?)cut["status"]);
        Assert.True(JToken.DeepEquals(cut["finalParameters"], doc["finalParameters"]));
        Assert.Equal((double)cut["trace"]!.Last!["validationLoss"]!, (double)doc["metrics"]!["validation"]!["loss"]!);

        // Predictions: the held-out row listed on its own; every training row exactly once.
        var ids = doc["predictions"]!["train"]!.Concat(doc["predictions"]!["validation"]!).Select(r => (string)r["id"]!).Order();
        Assert.Equal(["Hannah", "Lisa", "Michael", "Shash"], ids);
        Assert.Single(doc["predictions"]!["validation"]!);
    }

    [Fact]
    public void EarlyStopping_ValidationSplit_DependsOnTheSeedOnly()
    {
        using var temp = new TempDir();
        var sgd = JObject.Parse("""{ "kind": "sgd", "learningRate": 0.1 }""");
        string Held(JObject? watch, bool shuffle)
        {
            var path = Variant(temp, "v.json", 3, 1, 1, shuffle, sgd, 0, null, watch);
            Cli.Run("run", path, "--out", temp.File("v-out.json"));
            return string.Join(",", JObject.Parse(File.ReadAllText(temp.File("v-out.json")))["predictions"]!["validation"]!.Select(r => (string)r["id"]!));
        }
        var half = JObject.Parse("""{ "validation": 0.5 }""");
        Assert.Equal(Held(half, false), Held(half, true));
        Assert.Equal(2, Held(half, false).Split(',').Length);
    }

    /// <summary>What the descriptions of hiring-momentum and hiring-adam claim, checked on their recorded traces
    /// (every 10 epochs): the loss falls below 0.01 and 0.001 sooner than with plain SGD.</summary>
    [Theory]
    [InlineData("hiring-momentum", 20, 140)]
    [InlineData("hiring-adam", 140, 470)]
    public void Run_OptimizerComparison_ReachesLowLossSoonerThanSgd(string name, int below001, int below0001)
    {
        int? FirstBelow(string experiment, double threshold)
        {
            var doc = JObject.Parse(Cli.Run("run", Repo.Experiment(experiment), "--out", "-").Out);
            return doc["trace"]!.Where(p => (double)p["loss"]! < threshold).Select(p => (int?)(int)p["epoch"]!).FirstOrDefault();
        }
        Assert.Equal(below001, FirstBelow(name, 0.01));
        Assert.Equal(below0001, FirstBelow(name, 0.001));
        Assert.Equal(330, FirstBelow("hiring", 0.01));
        Assert.Null(FirstBelow("hiring", 0.001));
    }

    [Fact]
    public void Run_WithoutTrainingControls_HasNoValidationFields()
    {
        var (_, stdout, _) = Cli.Run("run", Repo.Experiment("hiring"), "--out", "-");
        var doc = JObject.Parse(stdout);
        Assert.Null(doc["stoppedEarly"]);
        Assert.Null(doc["predictions"]!["validation"]);
        Assert.All(doc["trace"]!, p => Assert.Null(p["validationLoss"]));
    }
}
