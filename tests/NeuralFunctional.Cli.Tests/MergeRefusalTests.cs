using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf merge</c> refuses shard summaries whose contents contradict themselves (issue 13, item 7): a
/// <c>variants</c> count its <c>sweep</c> does not make, a figure that is not a number, a row without its status.</summary>
public class MergeRefusalTests
{
    /// <summary>The two shard summaries of the shipped seed sweep (5 epochs, so it is quick).</summary>
    private static (string First, string Second) Shards(TempDir temp)
    {
        foreach (var k in new[] { "1/2", "2/2" })
            Assert.Equal(0, Cli.Run("sweep", Repo.Experiment("hiring-seeds"), "--out", temp.Path, "--shard", k, "--set", "training.epochs=5").Exit);
        return (Cli.Shard(temp.Path, 1, 2), Cli.Shard(temp.Path, 2, 2));
    }

    private static void Edit(string file, Action<JObject> change)
    {
        var doc = JObject.Parse(File.ReadAllText(file));
        change(doc);
        File.WriteAllText(file, doc.ToString());
    }

    [Fact]
    public void Merge_OfIntactShards_Works()
    {
        using var temp = new TempDir();
        var (a, b) = Shards(temp);
        var (exit, _, err) = Cli.Run("merge", a, b, "--out", temp.File("merged.json"));
        Assert.True(exit == 0, err);
    }

    [Fact]
    public void Merge_AVariantsCountItsSweepDoesNotMake_IsRefused()
    {
        using var temp = new TempDir();
        var (a, b) = Shards(temp);
        Edit(a, doc => doc["variants"] = 99);
        Edit(b, doc => doc["variants"] = 99);
        var (exit, _, err) = Cli.Run("merge", a, b, "--out", temp.File("merged.json"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains($"{a}: error NF1612 at variants: not a sweep summary: its `variants` (99) is not what its `sweep` makes (1 grid point × 100 seeds = 100)", err);
        Assert.False(File.Exists(temp.File("merged.json")));
    }

    [Fact]
    public void Merge_ANonNumericFigure_IsRefusedWithItsPath()
    {
        using var temp = new TempDir();
        var (a, b) = Shards(temp);
        Edit(b, doc => doc["rows"]![3]!["trainLoss"] = "low");
        var (exit, _, err) = Cli.Run("merge", a, b, "--out", temp.File("merged.json"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains($"{b}: error NF1612 at rows[3].trainLoss: not a sweep summary: `trainLoss` is a number (or null), got \"low\"", err);
    }

    [Fact]
    public void Merge_ARowWithoutItsStatus_IsRefused()
    {
        using var temp = new TempDir();
        var (a, b) = Shards(temp);
        Edit(a, doc => ((JObject)doc["rows"]![0]!).Remove("status"));
        var (exit, _, err) = Cli.Run("merge", a, b);
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains("error NF1612 at rows[0]: not a sweep summary: a row has a `status` and an `output`", err);
    }
}
