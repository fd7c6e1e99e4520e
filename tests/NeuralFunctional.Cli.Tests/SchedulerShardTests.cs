using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Sweeps as job arrays (issue 15): each engine's environment simulated for 1–7 shards over the shipped seed
/// sweep (Slurm arrays from 0, from 1 and stepped; Kubernetes Indexed Jobs with the count from the option or from
/// NF_SHARD_COUNT; a CI matrix's NF_SHARD), all tasks writing into one folder in a scrambled order, then
/// <c>nf merge DIR</c>: the merged summary is the unsharded bytes. And every refusal, with exit 2 and a message.</summary>
public class SchedulerShardTests
{
    /// <summary>The shipped seed sweep made quick: 17 seeds (a prime, so slices differ in size), 30 epochs.</summary>
    private static readonly string[] Quick = ["--set", "training.epochs=30", "--set", "sweep.seeds.count=17"];

    private static readonly Lazy<byte[]> Unsharded = new(() =>
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run(["sweep", Repo.Experiment("hiring-seeds"), "--out", temp.Path, .. Quick]);
        Assert.True(exit == 0, err);
        return File.ReadAllBytes(temp.File("summary.json"));
    });

    /// <summary>Each engine with each shard count.</summary>
    public static IEnumerable<object[]> Engines() =>
        from engine in new[] { "slurm-from-0", "slurm-from-1", "slurm-stepped", "indexed-job", "indexed-job-count-variable", "matrix" }
        from n in Enumerable.Range(1, 7)
        select new object[] { engine, n };

    /// <summary>The environment of task <paramref name="k"/> (1-based) of <paramref name="n"/> under an engine, and the
    /// <c>--shard</c> value its recipe passes.</summary>
    private static (Dictionary<string, string> Env, string Shard) Task(string engine, int k, int n)
    {
        Dictionary<string, string> Slurm(int first, int step) => new()
        {
            ["SLURM_ARRAY_JOB_ID"] = "100", ["SLURM_JOB_ID"] = $"{100 + k}",
            ["SLURM_ARRAY_TASK_ID"] = $"{first + (k - 1) * step}", ["SLURM_ARRAY_TASK_MIN"] = $"{first}",
            ["SLURM_ARRAY_TASK_MAX"] = $"{first + (n - 1) * step}", ["SLURM_ARRAY_TASK_COUNT"] = $"{n}", ["SLURM_ARRAY_TASK_STEP"] = $"{step}",
        };
        return engine switch
        {
            "slurm-from-0" => (Slurm(0, 1), "auto"),
            "slurm-from-1" => (Slurm(1, 1), "auto"),
            "slurm-stepped" => (Slurm(3, 5), "auto"),
            "indexed-job" => (new() { ["JOB_COMPLETION_INDEX"] = $"{k - 1}" }, $"auto/{n}"),
            "indexed-job-count-variable" => (new() { ["JOB_COMPLETION_INDEX"] = $"{k - 1}", ["NF_SHARD_COUNT"] = $"{n}" }, "auto"),
            "matrix" => (new() { ["NF_SHARD"] = $"{k}/{n}" }, "auto"),
            _ => throw new ArgumentOutOfRangeException(nameof(engine)),
        };
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void EveryEngine_OneToSevenShards_MergesToTheUnshardedBytes(string engine, int n)
    {
        using var temp = new TempDir();
        // The tasks finish in any order: run them last to first, odd ones first.
        foreach (var k in Enumerable.Range(1, n).OrderBy(k => k % 2 == 0).ThenByDescending(k => k))
        {
            var (env, shard) = Task(engine, k, n);
            var (exit, stdout, err) = Cli.RunIn(env, ["sweep", Repo.Experiment("hiring-seeds"), "--shard", shard, "--out", temp.Path, .. Quick]);
            Assert.True(exit == 0, $"{engine} task {k}/{n}: {err}");
            Assert.Contains($"shard {k}/{n} runs", stdout);
        }
        Assert.Equal(n, Directory.GetFiles(temp.Path, "summary-*-shard-*.json").Length);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.running"));
        var (mergeExit, _, mergeErr) = Cli.Run("merge", temp.Path);
        Assert.True(mergeExit == 0, mergeErr);
        Assert.Equal(Unsharded.Value, File.ReadAllBytes(temp.File("summary.json")));
    }

    private static (int Exit, string Out, string Err) Sweep(string dir, Dictionary<string, string> env, string shard, params string[] more) =>
        Cli.RunIn(env, ["sweep", Repo.Experiment("hiring-seeds"), "--shard", shard, "--out", dir, .. Quick, .. more]);

    private static void AssertRefused((int Exit, string Out, string Err) result, string code, string message)
    {
        Assert.Equal(ExitCode.BadInput, result.Exit);
        Assert.Contains($"error {code}", result.Err);
        Assert.Contains(message, result.Err);
    }

    [Fact]
    public void Auto_OutsideAnyScheduler_IsRefusedAndWritesNothing()
    {
        using var temp = new TempDir();
        AssertRefused(Sweep(temp.Path, [], "auto"), "NF1619", "no job-array scheduler found");
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Auto_NumbersThatDisagree_AreRefused()
    {
        using var temp = new TempDir();
        var (slurm, _) = Task("slurm-from-1", 2, 4);
        AssertRefused(Sweep(temp.Path, slurm, "auto/3"), "NF1618", "the shard numbers disagree");
        AssertRefused(Sweep(temp.Path, new() { ["JOB_COMPLETION_INDEX"] = "1" }, "auto"), "NF1617", "JOB_COMPLETION_INDEX=1");
        AssertRefused(Sweep(temp.Path, new() { ["SLURM_ARRAY_TASK_ID"] = "2", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_MAX"] = "9", ["SLURM_ARRAY_TASK_COUNT"] = "3" }, "auto"),
            "NF1620", "not an evenly stepped range");
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void AFinishedShard_IsNotRunAgain_UnlessForced()
    {
        using var temp = new TempDir();
        var env = new Dictionary<string, string> { ["NF_SHARD"] = "2/3" };
        Assert.Equal(0, Sweep(temp.Path, env, "auto").Exit);
        var summary = Cli.Shard(temp.Path, 2, 3);
        var written = File.GetLastWriteTimeUtc(summary);
        File.SetLastWriteTimeUtc(summary, written.AddHours(-1));

        var (exit, stdout, _) = Sweep(temp.Path, env, "auto");
        Assert.Equal(0, exit);
        Assert.Contains("shard 2/3 is already done", stdout);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(summary));

        var (forcedExit, forced, _) = Sweep(temp.Path, env, "auto", "--force");
        Assert.Equal(0, forcedExit);
        Assert.Contains("shard 2/3 runs", forced);
        Assert.NotEqual(written.AddHours(-1), File.GetLastWriteTimeUtc(summary));
    }

    [Fact]
    public void ABrokenShardSummary_IsRunAgain()
    {
        using var temp = new TempDir();
        Assert.Equal(0, Sweep(temp.Path, [], "1/2").Exit);
        var summary = Cli.Shard(temp.Path, 1, 2);
        var good = File.ReadAllBytes(summary);
        File.WriteAllText(summary, "{ \"format\": ");
        var (exit, stdout, _) = Sweep(temp.Path, [], "1/2");
        Assert.Equal(0, exit);
        Assert.Contains("shard 1/2 runs", stdout);
        Assert.Equal(good, File.ReadAllBytes(summary));
    }

    [Fact]
    public void Merge_OfAFolderWithAShardMissing_NamesIt_AndPartialMergesTheRest()
    {
        using var temp = new TempDir();
        foreach (var k in new[] { 1, 2, 4 }) Assert.Equal(0, Sweep(temp.Path, [], $"{k}/4").Exit);
        var refused = Cli.Run("merge", temp.Path);
        AssertRefused(refused, "NF1615", "no shard covers variants 8–11 (of 17): shard 3/4 is missing");
        Assert.False(File.Exists(temp.File("summary.json")));

        var (exit, stdout, err) = Cli.Run("merge", temp.Path, "--partial");
        Assert.True(exit == 0, err);
        Assert.Contains("13 of 17 variants: PARTIAL", stdout);
        Assert.Contains("missing: variants 8–11 (shard 3/4 is missing)", stdout);
        var partial = JObject.Parse(File.ReadAllText(temp.File("summary-partial.json")));
        Assert.Equal(13, (int)partial["partial"]!["present"]!);
        Assert.Equal("""[{"from":8,"to":12}]""", partial["partial"]!["missing"]!.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal(13, ((JArray)partial["rows"]!).Count);
        Assert.Equal(13, (int)partial["variation"]![0]!["seeds"]!);
        Assert.False(File.Exists(temp.File("summary.json")));
    }

    [Fact]
    public void Merge_AShardGivenTwice_IsRefused()
    {
        using var temp = new TempDir();
        foreach (var k in new[] { 1, 2 }) Assert.Equal(0, Sweep(temp.Path, [], $"{k}/2").Exit);
        var copy = temp.File("copy.json");
        File.Copy(Cli.Shard(temp.Path, 2, 2), copy);
        AssertRefused(Cli.Run("merge", Cli.Shard(temp.Path, 1, 2), Cli.Shard(temp.Path, 2, 2), copy, "--out", temp.File("m.json")),
            "NF1621", "shard 2/2 is given twice");
    }

    [Fact]
    public void Merge_AFolderWithTwoSweeps_IsRefused_AndAGlobPicksOne()
    {
        using var temp = new TempDir();
        foreach (var k in new[] { 1, 2 }) Assert.Equal(0, Sweep(temp.Path, [], $"{k}/2").Exit);
        Assert.Equal(0, Sweep(temp.Path, [], "1/2", "--set", "training.epochs=31").Exit);
        AssertRefused(Cli.Run("merge", temp.Path), "NF1622", "the shard files are of 2 different sweeps");
        var id = Path.GetFileName(Directory.GetFiles(temp.Path, "summary-*-shard-2-of-2.json").Single())["summary-".Length..][..12];
        var (exit, _, err) = Cli.Run("merge", Path.Combine(temp.Path, $"summary-{id}-shard-*.json"));
        Assert.True(exit == 0, err);
        Assert.Equal(Unsharded.Value, File.ReadAllBytes(temp.File("summary.json")));
    }

    [Fact]
    public void Merge_AShardOfOtherData_IsRefused()
    {
        // The same experiment over a CSV file whose bytes changed between two shards: different sweeps.
        using var temp = new TempDir();
        var csv = temp.File("iris.csv");
        File.Copy(Path.Combine(Repo.Root, "data", "iris.csv"), csv);
        var experiment = JObject.Parse(File.ReadAllText(Repo.Experiment("iris")));
        experiment.Remove("$schema");
        experiment["data"]!["csv"]!["path"] = "iris.csv";
        experiment["training"]!["epochs"] = 2;
        experiment["sweep"] = JObject.Parse("""{ "seeds": { "from": 0, "count": 4 } }""");
        File.WriteAllText(temp.File("e.json"), experiment.ToString());
        Assert.Equal(0, Cli.Run("sweep", temp.File("e.json"), "--shard", "1/2", "--out", temp.File("a")).Exit);
        File.AppendAllText(csv, File.ReadAllLines(csv)[1] + "\n");
        Assert.Equal(0, Cli.Run("sweep", temp.File("e.json"), "--shard", "2/2", "--out", temp.File("b")).Exit);
        AssertRefused(Cli.Run("merge", Cli.Shard(temp.File("a"), 1, 2), Cli.Shard(temp.File("b"), 2, 2), "--out", temp.File("m.json")),
            "NF1613", "from a different data");
        Assert.Contains("\"dataFiles\"", File.ReadAllText(Cli.Shard(temp.File("a"), 1, 2)));
    }

    [Fact]
    public void Merge_AShardWhoseSliceIsNotItsNumbers_IsRefused()
    {
        using var temp = new TempDir();
        foreach (var k in new[] { 1, 2 }) Assert.Equal(0, Sweep(temp.Path, [], $"{k}/2").Exit);
        var second = Cli.Shard(temp.Path, 2, 2);
        var doc = JObject.Parse(File.ReadAllText(second));
        doc["shard"]!["index"] = 1;
        File.WriteAllText(second, doc.ToString());
        AssertRefused(Cli.Run("merge", temp.Path), "NF1612", "its `shard` says 1/2 but covers variants 8–16; shard 1/2 of 17 covers 0–7");
    }

    [Fact]
    public void Status_ListsDoneRunningAndMissing()
    {
        using var temp = new TempDir();
        Assert.Equal(0, Sweep(temp.Path, [], "1/3").Exit);
        // A shard that is running: its running file (as nf sweep writes it while the shard runs) and one output so far.
        Assert.Equal(0, Sweep(temp.Path, [], "2/3").Exit);
        var done2 = Cli.Shard(temp.Path, 2, 3);
        var rows = (JArray)JObject.Parse(File.ReadAllText(done2))["rows"]!;
        var mark = new JObject
        {
            ["format"] = SweepStatus.RunningFormat, ["experiment"] = "hiring-seeds",
            ["experimentHash"] = JObject.Parse(File.ReadAllText(done2))["experimentHash"], ["variants"] = 17,
            ["host"] = "another-host", ["pid"] = 1, ["outputs"] = new JArray(rows.Select(r => r["output"])),
        };
        foreach (var row in rows.Skip(2)) File.Delete(Path.Combine(temp.Path, (string)row["output"]!));
        File.Delete(done2);
        File.WriteAllText(Path.ChangeExtension(done2, ".running"), mark.ToString());

        var (exit, stdout, err) = Cli.Run("sweep", "--status", temp.Path);
        Assert.True(exit == 0, err);
        Assert.Contains("hiring-seeds (", stdout);
        Assert.Contains("17 variants in 3 shards", stdout);
        Assert.Contains("1 done, 1 running, 1 missing", stdout);
        Assert.Contains("done     1/3", stdout);
        Assert.Contains("running  2/3: 2 of 6 output documents written (on another-host, pid 1", stdout);
        Assert.Contains("missing  3/3 (variants 11–16)", stdout);

        File.Delete(Path.ChangeExtension(done2, ".running"));
        foreach (var k in new[] { "2/3", "3/3" }) Assert.Equal(0, Sweep(temp.Path, [], k).Exit);
        Assert.Contains("next     nf merge", Cli.Run("sweep", "--status", temp.Path).Out);
        Assert.Equal(0, Cli.Run("merge", temp.Path).Exit);
        Assert.Contains("merged   ", Cli.Run("sweep", "--status", temp.Path).Out);
    }

    [Fact]
    public void Status_OfAFolderWithoutShards_OrWithAnExperiment_IsRefused()
    {
        using var temp = new TempDir();
        AssertRefused(Cli.Run("sweep", "--status", temp.Path), "NF1623", "holds no shard summaries");
        AssertRefused(Cli.Run("sweep", Repo.Experiment("hiring-seeds"), "--status", temp.Path), "NF0004", "takes the output folder in place of the experiment");
        AssertRefused(Cli.Run("sweep"), "NF0004", "give the experiment file");
    }
}
