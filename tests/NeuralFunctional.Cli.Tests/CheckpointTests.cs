using CsCheck;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary>A run stopped at epoch k and resumed writes the same output bytes as the run that never stopped.</summary>
public class CheckpointTests
{
    private static string Variant(TempDir temp, string name, int epochs, int every, int batch, bool shuffle)
    {
        var json = JObject.Parse(File.ReadAllText(Repo.Experiment("hiring")));
        json["training"]!["epochs"] = epochs;
        json["training"]!["record"]!["every"] = every;
        json["training"]!["batchSize"] = batch;
        json["training"]!["shuffle"] = shuffle;
        var path = temp.File(name);
        File.WriteAllText(path, json.ToString());
        return path;
    }

    [Fact]
    public void Resume_FromAnyEpoch_IsByteIdenticalToUninterruptedRun()
    {
        // From epoch 1: a run of zero epochs is not a valid experiment, so there is no checkpoint at epoch 0 to cut at.
        var gen = from stop in Gen.Int[1, 30]
                  from every in Gen.Int[1, 9]
                  from batch in Gen.Int[1, 5]
                  from shuffle in Gen.Bool
                  select (stop, every, batch, shuffle);
        gen.Sample(c =>
        {
            using var temp = new TempDir();
            var full = Variant(temp, "full.json", 30, c.every, c.batch, c.shuffle);
            var cut = Variant(temp, "cut.json", c.stop, c.every, c.batch, c.shuffle);
            Assert.Equal(0, Cli.Run("run", full, "--out", temp.File("expected.json")).Exit);
            Assert.Equal(0, Cli.Run("run", cut, "--out", temp.File("cut-out.json"), "--checkpoint", temp.File("cp.json")).Exit);
            var (exit, _, err) = Cli.Run("run", full, "--resume", temp.File("cp.json"), "--out", temp.File("resumed.json"));
            Assert.True(exit == 0, err);
            Assert.Equal(File.ReadAllText(temp.File("expected.json")), File.ReadAllText(temp.File("resumed.json")));
        }, iter: 25);
    }

    [Fact]
    public void Resume_CheckpointOfFinishedRun_ReproducesItsOutput()
    {
        using var temp = new TempDir();
        var full = Variant(temp, "full.json", 20, 5, 2, true);
        Cli.Run("run", full, "--out", temp.File("a.json"), "--checkpoint", temp.File("cp.json"));
        var (exit, _, err) = Cli.Run("run", full, "--resume", temp.File("cp.json"), "--out", temp.File("b.json"));
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllText(temp.File("a.json")), File.ReadAllText(temp.File("b.json")));
    }

    [Fact]
    public void Resume_CheckpointFromAnotherExperiment_IsRefusedNamingTheDifference()
    {
        using var temp = new TempDir();
        var a = Variant(temp, "a.json", 10, 5, 1, false);
        Cli.Run("run", a, "--out", temp.File("a-out.json"), "--checkpoint", temp.File("cp.json"));
        var other = JObject.Parse(File.ReadAllText(a));
        other["training"]!["optimizer"]!["learningRate"] = 1;
        File.WriteAllText(temp.File("b.json"), other.ToString());
        File.WriteAllText(temp.File("b-out.json"), "keep me");
        var (exit, _, err) = Cli.Run("run", temp.File("b.json"), "--resume", temp.File("cp.json"), "--out", temp.File("b-out.json"));
        Assert.Equal(2, exit);
        Assert.Contains("NF1902", err);
        Assert.Contains("training.optimizer.learningRate: 0.1 (checkpoint) vs 1 (now)", err);
        Assert.Equal("keep me", File.ReadAllText(temp.File("b-out.json")));
    }

    [Fact]
    public void Resume_FewerEpochsThanCheckpoint_IsRefused()
    {
        using var temp = new TempDir();
        var a = Variant(temp, "a.json", 10, 5, 1, false);
        Cli.Run("run", a, "--out", temp.File("a-out.json"), "--checkpoint", temp.File("cp.json"));
        var (exit, _, err) = Cli.Run("run", Variant(temp, "b.json", 5, 5, 1, false), "--resume", temp.File("cp.json"), "--out", "-");
        Assert.Equal(2, exit);
        Assert.Contains("NF1903", err);
    }

    [Theory]
    [InlineData("{ \"format\": \"something-else\" }", "NF1901", "is not a checkpoint (format `something-else`, expected `neuralfunctional/checkpoint@1`)")]
    [InlineData("not json at all", "NF1001", "the file is not valid JSON")]
    [InlineData("{ \"format\": \"neuralfunctional/checkpoint@1\" }", "NF1906", "the checkpoint has no `checkpointHash`")]
    public void Resume_NotACheckpoint_IsRefused(string text, string code, string message)
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.File("cp.json"), text);
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("hiring"), "--resume", temp.File("cp.json"), "--out", temp.File("o.json"));
        Assert.Equal(2, exit);
        Assert.Contains($"error {code}", err);
        Assert.Contains(message, err);
        Assert.False(File.Exists(temp.File("o.json")));
    }
}
