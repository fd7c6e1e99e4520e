using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf sweep</c> and <c>nf merge</c> on reinforcement-learning files: grid paths checked against the
/// reinforcement file's keys, one reinforcement output document per variant (the bytes <c>nf run</c> writes for it),
/// a summary of returns whose bytes do not depend on the thread count, shards merged ≡ unsharded, and the shipped
/// baseline sweep's summary snapshot.</summary>
public class ReinforcementSweepTests
{
    /// <summary>A quick bandit sweep with a grid and seeds: baseline none/mean × 3 seeds, 100 episodes.</summary>
    private static readonly string[] Small =
    [
        "--set", "training.episodes=100",
        "--set", """sweep={"grid": {"training.baseline": ["none", "mean"]}, "seeds": {"from": 5, "count": 3}}""",
    ];

    private static (int Exit, string Out, string Err) Sweep(string dir, params string[] more) =>
        Cli.Run(["sweep", Repo.Experiment("bandit"), "--out", dir, .. Small, .. more]);

    private static Dictionary<string, byte[]> Files(string dir) =>
        Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    private static List<ExperimentError> Errors(string sweep)
    {
        var json = JObject.Parse(File.ReadAllText(Repo.Experiment("bandit")));
        json["sweep"] = JObject.Parse(sweep);
        return ReinforcementJson.Parse("t.json", json.ToString()).Match(
            Succ: _ => throw new Xunit.Sdk.XunitException("expected errors, the file parsed"), Fail: errors => errors.ToList());
    }

    [Fact]
    public void Sweep_OneThreadOrTwo_WritesIdenticalBytes()
    {
        using var temp = new TempDir();
        var (one, two) = (Path.Combine(temp.Path, "one"), Path.Combine(temp.Path, "two"));
        Assert.Equal(0, Sweep(one, "--threads", "1").Exit);
        Assert.Equal(0, Sweep(two, "--threads", "2").Exit);
        var (a, b) = (Files(one), Files(two));
        Assert.Equal(7, a.Count);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs between 1 and 2 threads");
    }

    [Fact]
    public void Sweep_EachVariantsDocument_IsWhatRunWritesForItsSettings()
    {
        using var temp = new TempDir();
        var (exit, stdout, err) = Sweep(temp.Path);
        Assert.True(exit == 0, err);
        var summary = JObject.Parse(File.ReadAllText(temp.File("summary.json")));
        Assert.Equal(SweepSummary.ReinforcementFormat, (string?)summary["format"]);
        Assert.Equal(6, summary["rows"]!.Count());
        foreach (var row in summary["rows"]!)
        {
            var document = File.ReadAllText(temp.File((string)row["output"]!));
            var doc = JObject.Parse(document);
            Assert.Equal(ReinforcementDocument.Format, (string?)doc["format"]);
            Assert.Null(doc["experiment"]!["sweep"]);
            var (runExit, runDocument, runErr) = Cli.Run("run", Repo.Experiment("bandit"), "--out", "-", "--set", "training.episodes=100",
                "--set", $"training.baseline={(string)row["overrides"]!["training.baseline"]!}", "--set", $"seed={(ulong)row["overrides"]!["seed"]!}");
            Assert.True(runExit == 0, runErr);
            Assert.Equal(runDocument, document);

            var returns = doc["returns"]!.Select(r => (double)r).ToList();
            Assert.Equal(100, (int)row["episodes"]!);
            Assert.Equal(100, (int)row["window"]!);
            Assert.Equal(returns.Average(), (double)row["lastMeanReturn"]!, 15);
            Assert.Equal((double)doc["trace"]!.Last!["meanReturn"]!, (double)row["lastMeanReturn"]!);
            Assert.Equal(2, (int)row["bestArm"]!);
            Assert.Equal((double)doc["arms"]![2]!["probability"]!, (double)row["bestArmProbability"]!);
            Assert.Null(row["goalReachedAt"]);
        }
        Assert.Contains("| training.baseline | seeds | measure ", stdout);
        Assert.Contains("| p(best arm) ", stdout);
        Assert.Contains("mean return, last 100", stdout);
    }

    [Fact]
    public void Sweep_GridOnly_TableShowsEachVariantsReturns()
    {
        using var temp = new TempDir();
        var (exit, stdout, err) = Cli.Run("sweep", Repo.Experiment("bandit"), "--out", temp.Path, "--set", "training.episodes=120",
            "--set", """sweep={"grid": {"training.optimizer.learningRate": [0.1, 1]}}""");
        Assert.True(exit == 0, err);
        Assert.Contains("bandit: 2 variants (2 grid points × 1 seed)", stdout);
        Assert.Contains("| # | training.optimizer.learningRate | status    | episodes | mean return, first 100 | mean return, last 100 |     p(best arm) |", stdout);
        var row = JObject.Parse(File.ReadAllText(temp.File("summary.json")))["rows"]![0]!;
        var returns = JObject.Parse(File.ReadAllText(temp.File((string)row["output"]!)))["returns"]!.Select(r => (double)r).ToList();
        Assert.Equal(ReinforcementRunner.MeanOfLast(returns.Take(100).ToList(), 100), (double)row["firstMeanReturn"]!);
        Assert.Equal(ReinforcementRunner.MeanOfLast(returns, 100), (double)row["lastMeanReturn"]!);
    }

    [Fact]
    public void Sweep_CartPoleWithAGoal_SaysWhereEachVariantReachedIt()
    {
        using var temp = new TempDir();
        var (exit, stdout, err) = Cli.Run("sweep", Repo.Experiment("cartpole"), "--out", temp.Path, "--set", "training.episodes=60",
            "--set", "training.goal.meanReturn=80", "--set", "training.record.window=10", "--set", """sweep={"seeds": {"from": 1, "count": 2}}""");
        Assert.True(exit == 0, err);
        var summary = JObject.Parse(File.ReadAllText(temp.File("summary.json")));
        var reached = summary["rows"]!.Select(r => r["goalReachedAt"]!).ToList();
        Assert.Equal(43, (int)reached[0]);
        Assert.Equal(43, (int)summary["rows"]![0]!["episodes"]!);
        var point = summary["variation"]![0]!;
        Assert.Equal(reached.Count(r => r.Type == JTokenType.Integer), (int)point["goalReached"]!);
        Assert.Contains($"goal reached at ({(int)point["goalReached"]!} of 2 seeds)", stdout);
        Assert.Null(point["bestArmProbability"]);
    }

    [Fact]
    public void Merge_ThreeShards_EqualsTheUnshardedSummaryByteForByte()
    {
        using var temp = new TempDir();
        var whole = Path.Combine(temp.Path, "whole");
        var shards = Path.Combine(temp.Path, "shards");
        Assert.Equal(0, Sweep(whole).Exit);
        for (var k = 1; k <= 3; k++) Assert.Equal(0, Sweep(shards, "--shard", $"{k}/3").Exit);
        var (exit, stdout, err) = Cli.Run("merge", Cli.Shard(shards, 2, 3), Cli.Shard(shards, 3, 3),
            Cli.Shard(shards, 1, 3), "--out", temp.File("merged.json"));
        Assert.True(exit == 0, err);
        Assert.Contains("p(best arm)", stdout);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "summary.json")), File.ReadAllBytes(temp.File("merged.json")));
        var outputs = Files(whole).Keys.Where(n => !n.StartsWith("summary", StringComparison.Ordinal)).Order();
        Assert.Equal(outputs, Files(shards).Keys.Where(n => !n.StartsWith("summary", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public void Merge_ReinforcementAndSupervisedShards_IsRefused()
    {
        using var temp = new TempDir();
        Assert.Equal(0, Sweep(Path.Combine(temp.Path, "a"), "--shard", "1/2").Exit);
        Assert.Equal(0, Cli.Run("sweep", Repo.Experiment("hiring"), "--out", Path.Combine(temp.Path, "b"), "--shard", "2/2", "--set", "training.epochs=5",
            "--set", """sweep={"grid": {"training.optimizer.learningRate": [0.1, 1]}, "seeds": {"from": 5, "count": 3}}""").Exit);
        var target = temp.File("merged.json");
        var (exit, _, err) = Cli.Run("merge", Cli.Shard(Path.Combine(temp.Path, "a"), 1, 2), Cli.Shard(Path.Combine(temp.Path, "b"), 2, 2),
            "--out", target);
        Assert.Equal(2, exit);
        Assert.Contains("NF1613", err);
        Assert.Contains("different kind of sweep (neuralfunctional/sweep-summary@1)", err);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Sweep_ReinforcementFileWithoutSweep_Exits2()
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run("sweep", Repo.Experiment("bandit"), "--out", temp.File("out"));
        Assert.Equal(2, exit);
        Assert.Contains("NF1608", err);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void Parse_GridPath_IsCheckedAgainstTheReinforcementFilesKeys()
    {
        var misspelt = Assert.Single(Errors("""{ "grid": { "training.baselin": ["none"] } }"""));
        Assert.Equal("NF1004", misspelt.Code);
        Assert.Contains("did you mean `baseline`?", misspelt.Hint);
        var supervisedOnly = Assert.Single(Errors("""{ "grid": { "training.epochs": [1, 2] } }"""));
        Assert.Equal("NF1004", supervisedOnly.Code);
        Assert.Contains("`epochs`", supervisedOnly.Message);
    }

    [Fact]
    public void Parse_InvalidVariant_IsLocatedAtTheGridValue()
    {
        var error = Assert.Single(Errors("""{ "grid": { "training.baseline": ["none", "median"] } }"""));
        Assert.Equal(("NF1712", "sweep.grid['training.baseline'][1]"), (error.Code, error.Path));
        Assert.Contains("the variant with training.baseline = \"median\" is not a valid experiment", error.Message);
    }

    [Fact]
    public void Parse_Sweep_RoundTripsThroughTheResolvedExperiment()
    {
        var e = ReinforcementJson.Parse("t.json", File.ReadAllText(Repo.Experiment("bandit-baselines"))).SuccessToSeq().Head();
        Assert.Equal(120, e.Sweep!.Count);
        var again = ReinforcementJson.FromTree("t.json", ReinforcementJson.ToJson(e)).SuccessToSeq().Head();
        Assert.Equal(CanonicalJson.Write(ReinforcementJson.ToJson(e)), CanonicalJson.Write(ReinforcementJson.ToJson(again)));
    }

    [Fact]
    public void Run_ReinforcementFileWithSweep_RunsOnlyTheBaseAndSaysSo()
    {
        using var temp = new TempDir();
        var (exit, stdout, _) = Cli.Run("run", Repo.Experiment("bandit-baselines"), "--out", temp.File("o.json"));
        Assert.Equal(0, exit);
        Assert.Contains("has a sweep of 120 variants; `run` ran only the experiment as written", stdout);
        var doc = JObject.Parse(File.ReadAllText(temp.File("o.json")));
        Assert.Equal(1000, (int)doc["episodes"]!);
        Assert.NotNull(doc["experiment"]!["sweep"]);
        Assert.Equal(0, Cli.Run("verify", temp.File("o.json")).Exit);
    }

    [Fact]
    public void Sweep_BanditBaselines_SummaryMatchesSnapshot()
    {
        using var temp = new TempDir();
        var (exit, stdout, err) = Cli.Run("sweep", Repo.Experiment("bandit-baselines"), "--out", temp.Path);
        Assert.True(exit == 0, err);
        Assert.Equal(121, Directory.GetFiles(temp.Path).Length);
        Assert.Contains("| p(best arm) ", stdout);
        var summary = JObject.Parse(File.ReadAllText(temp.File("summary.json")));
        double Median(int point) => (double)summary["variation"]![point]!["bestArmProbability"]!["median"]!;
        Assert.True(Median(2) < 0.01 && Median(5) > 0.99, "lr 0.1: without a baseline the policy should lock onto a wrong arm, with one find the best");
        Snapshot.Match(File.ReadAllText(temp.File("summary.json")), SnapshotNameExtension.Create("bandit-baselines"));
    }
}
