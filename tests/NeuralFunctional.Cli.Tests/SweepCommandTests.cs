using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf sweep</c> and <c>nf merge</c> through the command line: bytes independent of the thread count,
/// shards merged ≡ unsharded, bad merges refused, and the shipped seed sweep's summary snapshot.</summary>
public class SweepCommandTests
{
    /// <summary>A quick sweep with both a grid and seeds: 2 learning rates × 7 seeds, 50 epochs.</summary>
    private static readonly string[] Small =
    [
        "--set", "training.epochs=50",
        "--set", """sweep={"grid": {"training.optimizer.learningRate": [0.1, 1]}, "seeds": {"from": 3, "count": 7}}""",
    ];

    private static (int Exit, string Out, string Err) Sweep(string dir, params string[] more) =>
        Cli.Run(["sweep", Repo.Experiment("hiring"), "--out", dir, .. Small, .. more]);

    private static Dictionary<string, byte[]> Files(string dir) =>
        Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void Sweep_OneThreadOrTwo_WritesIdenticalBytes()
    {
        using var temp = new TempDir();
        var (one, two) = (Path.Combine(temp.Path, "one"), Path.Combine(temp.Path, "two"));
        Assert.Equal(0, Sweep(one, "--threads", "1").Exit);
        Assert.Equal(0, Sweep(two, "--threads", "2").Exit);
        var (a, b) = (Files(one), Files(two));
        Assert.Equal(15, a.Count);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs between 1 and 2 threads");
    }

    [Fact]
    public void Sweep_WritesOneDocumentPerVariantNamedByItsHash()
    {
        using var temp = new TempDir();
        var (exit, stdout, _) = Sweep(temp.Path);
        Assert.Equal(0, exit);
        var summary = JObject.Parse(File.ReadAllText(temp.File("summary.json")));
        Assert.Equal(14, (int)summary["variants"]!);
        foreach (var row in summary["rows"]!)
        {
            var doc = JObject.Parse(File.ReadAllText(temp.File((string)row["output"]!)));
            Assert.Equal((ulong)row["overrides"]!["seed"]!, (ulong)doc["experiment"]!["seed"]!);
            Assert.Equal((double)row["overrides"]!["training.optimizer.learningRate"]!, (double)doc["experiment"]!["training"]!["optimizer"]!["learningRate"]!);
            Assert.Null(doc["experiment"]!["sweep"]);
        }
        Assert.Contains("| training.optimizer.learningRate | seeds | test row |", stdout);
        Assert.Contains("| Mina ", stdout);
    }

    [Fact]
    public void Merge_ThreeShards_EqualsTheUnshardedSummaryByteForByte()
    {
        using var temp = new TempDir();
        var whole = Path.Combine(temp.Path, "whole");
        var shards = Path.Combine(temp.Path, "shards");
        Assert.Equal(0, Sweep(whole).Exit);
        for (var k = 1; k <= 3; k++) Assert.Equal(0, Sweep(shards, "--shard", $"{k}/3").Exit);
        var (exit, _, err) = Cli.Run("merge", Cli.Shard(shards, 3, 3), Cli.Shard(shards, 1, 3),
            Cli.Shard(shards, 2, 3), "--out", temp.File("merged.json"));
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "summary.json")), File.ReadAllBytes(temp.File("merged.json")));
        var outputs = Files(whole).Keys.Where(n => !n.StartsWith("summary", StringComparison.Ordinal)).Order();
        Assert.Equal(outputs, Files(shards).Keys.Where(n => !n.StartsWith("summary", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public void Merge_DifferentExperiments_IsRefused()
    {
        using var temp = new TempDir();
        Sweep(Path.Combine(temp.Path, "a"), "--shard", "1/2");
        Sweep(Path.Combine(temp.Path, "b"), "--shard", "2/2", "--set", "training.epochs=51");
        AssertMergeRefused(temp, "different experiment", Cli.Shard(Path.Combine(temp.Path, "a"), 1, 2), Cli.Shard(Path.Combine(temp.Path, "b"), 2, 2));
    }

    [Fact]
    public void Merge_OverlappingShards_IsRefused()
    {
        using var temp = new TempDir();
        Sweep(temp.Path, "--shard", "1/2");
        Sweep(temp.Path, "--shard", "2/3");
        Sweep(temp.Path, "--shard", "3/3");
        AssertMergeRefused(temp, "overlap", Cli.Shard(temp.Path, 1, 2), Cli.Shard(temp.Path, 2, 3), Cli.Shard(temp.Path, 3, 3));
    }

    [Fact]
    public void Merge_MissingShard_SaysWhichVariants()
    {
        using var temp = new TempDir();
        Sweep(temp.Path, "--shard", "1/3");
        Sweep(temp.Path, "--shard", "3/3");
        AssertMergeRefused(temp, "no shard covers variants 4–8 (of 14)", Cli.Shard(temp.Path, 1, 3), Cli.Shard(temp.Path, 3, 3));
    }

    [Fact]
    public void Merge_NotASummary_IsRefused()
    {
        using var temp = new TempDir();
        Cli.Run("run", Repo.Experiment("neuron"), "--out", temp.File("neuron.json"));
        AssertMergeRefused(temp, "not a sweep summary", temp.File("neuron.json"));
        AssertMergeRefused(temp, "no such file", temp.File("absent.json"));
    }

    private static void AssertMergeRefused(TempDir temp, string message, params string[] summaries)
    {
        var target = temp.File("merged.json");
        var (exit, _, err) = Cli.Run(["merge", .. summaries, "--out", target]);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.Contains("nothing was written", err);
        Assert.False(File.Exists(target));
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("a/b")]
    [InlineData("2")]
    public void Sweep_BadShard_Exits2AndWritesNothing(string shard)
    {
        using var temp = new TempDir();
        var (exit, _, err) = Sweep(temp.File("out"), "--shard", shard);
        Assert.Equal(2, exit);
        Assert.Contains("NF1611", err);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void Sweep_ExperimentWithoutSweep_Exits2()
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run("sweep", Repo.Experiment("hiring"), "--out", temp.File("out"));
        Assert.Equal(2, exit);
        Assert.Contains("NF1608", err);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void Sweep_BadOverride_Exits2AndWritesNothing()
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run("sweep", Repo.Experiment("hiring-seeds"), "--out", temp.File("out"), "--set", "sweep.seeds.cont=3");
        Assert.Equal(2, exit);
        Assert.Contains("--set sweep.seeds.cont=3: error NF1004", err);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void Sweep_HiringSeeds_SummaryMatchesSnapshot()
    {
        using var temp = new TempDir();
        var (exit, stdout, err) = Cli.Run("sweep", Repo.Experiment("hiring-seeds"), "--out", temp.Path);
        Assert.True(exit == 0, err);
        Assert.Equal(101, Directory.GetFiles(temp.Path).Length);
        Assert.Contains("| Jamal ", stdout);
        Snapshot.Match(File.ReadAllText(temp.File("summary.json")), SnapshotNameExtension.Create("hiring-seeds"));
    }
}
