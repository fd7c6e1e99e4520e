using CsCheck;
using NeuralFunctional.Cli;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf run --checkpoint/--resume</c> on reinforcement-learning files: a run stopped after episode k (by a
/// shorter <c>training.episodes</c> or by Ctrl+C) and resumed writes the very bytes of the run that never stopped;
/// checkpoints of another experiment or of the other kind of run are refused.</summary>
public class ReinforcementCheckpointTests
{
    private static (int Exit, string Out, string Err) Run(RunHost host, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter { NewLine = "\n" }, new StringWriter { NewLine = "\n" });
        var exit = Program.Run(args, stdout, stderr, host);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static RunHost CancelAfter(int episodes)
    {
        var source = new CancellationTokenSource();
        var seen = 0;
        return new RunHost(ProgressMode.None, source.Token) { OnEpisode = _ => { if (++seen == episodes) source.Cancel(); } };
    }

    /// <summary>Runs <paramref name="experiment"/> for <paramref name="cut"/> episodes with a checkpoint, resumes it with
    /// the <paramref name="settings"/> of the full run, and returns the bytes of the full and the resumed output.</summary>
    private static (string Full, string Resumed) CutAndResume(string experiment, int cut, params string[] settings)
    {
        using var temp = new TempDir();
        var set = settings.SelectMany(s => new[] { "--set", s }).ToArray();
        var full = Cli.Run(["run", experiment, "--out", temp.File("full.json"), .. set]);
        Assert.True(full.Exit == 0, full.Err);
        var part = Cli.Run(["run", experiment, "--out", temp.File("part.json"), "--checkpoint", temp.File("cp.json"), .. set,
            "--set", $"training.episodes={cut}"]);
        Assert.True(part.Exit == 0, part.Err);
        var resumed = Cli.Run(["run", experiment, "--out", temp.File("resumed.json"), "--resume", temp.File("cp.json"), .. set]);
        Assert.True(resumed.Exit == 0, resumed.Err);
        return (File.ReadAllText(temp.File("full.json")), File.ReadAllText(temp.File("resumed.json")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(333)]
    [InlineData(999)]
    [InlineData(1000)]
    public void Resume_Bandit_AtAnyEpisode_IsByteIdenticalToUninterruptedRun(int cut)
    {
        var (full, resumed) = CutAndResume(Repo.Experiment("bandit"), cut);
        Assert.Equal(full, resumed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(100)]
    [InlineData(150)]
    public void Resume_ShortCartPole_AtAnyEpisode_IsByteIdenticalToUninterruptedRun(int cut)
    {
        var (full, resumed) = CutAndResume(Repo.Experiment("cartpole"), cut, "training.episodes=150");
        Assert.Equal(full, resumed);
    }

    /// <summary>The goal (mean return ≥ 80 over 10 episodes, reached at episode 43 with seed 1) stops the run: a
    /// checkpoint before it resumes to the same episode; one of the stopped run plays no more episodes, even with more allowed.</summary>
    [Theory]
    [InlineData(5)]
    [InlineData(42)]
    [InlineData(43)]
    [InlineData(70)]
    public void Resume_CartPoleStoppedAtTheGoal_StopsThereToo(int cut)
    {
        string[] settings = ["training.episodes=80", "training.goal.meanReturn=80", "training.record.window=10"];
        var (full, resumed) = CutAndResume(Repo.Experiment("cartpole"), cut, settings);
        Assert.Equal(full, resumed);
        var doc = JObject.Parse(full);
        Assert.Equal(43, (int)doc["goal"]!["reachedAt"]!);
        Assert.Equal(43, (int)doc["episodes"]!);
    }

    [Fact]
    public void Resume_DivergedRun_ReproducesItsDivergence()
    {
        using var temp = new TempDir();
        var path = temp.File("wild.json");
        var json = JObject.Parse(File.ReadAllText(Repo.Experiment("bandit")));
        json["environment"]!["arms"] = JArray.Parse("""[{ "mean": 1e300, "std": 0 }, { "mean": 0, "std": 0 }]""");
        json["network"]!["layers"]![0]!["units"] = 2;
        json["training"]!["baseline"] = "none";
        json["training"]!["optimizer"]!["learningRate"] = 1e10;
        File.WriteAllText(path, json.ToString());
        var first = Cli.Run("run", path, "--out", temp.File("a.json"), "--checkpoint", temp.File("cp.json"));
        Assert.Equal(3, first.Exit);
        Assert.Equal("diverged", (string?)JObject.Parse(File.ReadAllText(temp.File("a.json")))["status"]);
        var again = Cli.Run("run", path, "--out", temp.File("b.json"), "--resume", temp.File("cp.json"));
        Assert.True(again.Exit == 3, again.Err);
        Assert.Equal(File.ReadAllText(temp.File("a.json")), File.ReadAllText(temp.File("b.json")));
    }

    [Fact]
    public void Checkpoint_HoldsTheWholeReinforceState()
    {
        using var temp = new TempDir();
        Cli.Run("run", Repo.Experiment("bandit"), "--out", temp.File("o.json"), "--checkpoint", temp.File("cp.json"), "--set", "training.episodes=40",
            "--set", """training.optimizer={"kind": "adam", "learningRate": 0.01}""");
        var cp = JObject.Parse(File.ReadAllText(temp.File("cp.json")));
        Assert.Equal(CheckpointKind.ReinforcementFormat, (string?)cp["format"]);
        var state = cp["state"]!;
        Assert.Equal(40, (int)state["episode"]!);
        Assert.Equal(4, state["policyRng"]!.Count());
        Assert.Equal(4, state["envRng"]!.Count());
        Assert.Equal(40, (long)state["optimizer"]!["step"]!);
        Assert.Equal(2, state["optimizer"]!["moments"]!.Count());
        Assert.Equal(40, (long)state["baseline"]!["returnCount"]!);
        Assert.Equal(cp["returns"]!.Sum(r => (double)r), (double)state["baseline"]!["returnSum"]!);
        Assert.Equal(40, cp["returns"]!.Count());
        Assert.Equal(File.ReadAllText(temp.File("cp.json")), CanonicalJson.Write(cp));
    }

    [Fact]
    public void Run_CancelledAfterEpisodes_WritesInterruptedReturnsAndACheckpointThatResumes()
    {
        using var temp = new TempDir();
        var bandit = Repo.Experiment("bandit");
        Assert.Equal(0, Cli.Run("run", bandit, "--out", temp.File("full.json")).Exit);
        var (exit, stdout, _) = Run(CancelAfter(420), "run", bandit, "--out", temp.File("part.json"), "--checkpoint", temp.File("cp.json"));
        Assert.Equal(130, exit);
        Assert.Contains("INTERRUPTED at episode 420", stdout);
        var part = JObject.Parse(File.ReadAllText(temp.File("part.json")));
        Assert.Equal("interrupted", (string?)part["status"]);
        Assert.Equal(420, (int)part["episodes"]!);
        Assert.Equal(420, part["returns"]!.Count());
        var resumed = Cli.Run("run", bandit, "--out", temp.File("resumed.json"), "--resume", temp.File("cp.json"));
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Equal(File.ReadAllBytes(temp.File("full.json")), File.ReadAllBytes(temp.File("resumed.json")));
    }

    [Fact]
    public void Run_PreCancelled_PlaysNoEpisodeAndItsCheckpointResumesFromTheStart()
    {
        using var temp = new TempDir();
        var bandit = Repo.Experiment("bandit");
        Assert.Equal(0, Cli.Run("run", bandit, "--out", temp.File("full.json")).Exit);
        var (exit, stdout, _) = Run(new RunHost(ProgressMode.None, new CancellationToken(canceled: true)),
            "run", bandit, "--out", temp.File("part.json"), "--checkpoint", temp.File("cp.json"));
        Assert.Equal(130, exit);
        Assert.Contains("played no episodes", stdout);
        Assert.Equal(0, (int)JObject.Parse(File.ReadAllText(temp.File("part.json")))["episodes"]!);
        Assert.Equal(0, Cli.Run("run", bandit, "--out", temp.File("resumed.json"), "--resume", temp.File("cp.json")).Exit);
        Assert.Equal(File.ReadAllBytes(temp.File("full.json")), File.ReadAllBytes(temp.File("resumed.json")));
    }

    [Fact]
    public void Run_CancelledAfterTheLastEpisode_IsComplete()
    {
        using var temp = new TempDir();
        var (exit, _, _) = Run(CancelAfter(30), "run", Repo.Experiment("bandit"), "--out", temp.File("o.json"), "--set", "training.episodes=30");
        Assert.Equal(0, exit);
        Assert.Equal("completed", (string?)JObject.Parse(File.ReadAllText(temp.File("o.json")))["status"]);
    }

    [Fact]
    public void Run_LineProgress_EveryTenthOfTheEpisodesWithTheWindowMean()
    {
        using var temp = new TempDir();
        var (exit, stdout, stderr) = Run(new RunHost(ProgressMode.Lines, CancellationToken.None), "run", Repo.Experiment("bandit"), "--out", temp.File("o.json"));
        Assert.Equal(0, exit);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.Equal("episode 100/1000 mean return 0.6", lines[0]);
        Assert.StartsWith("episode 1000/1000 mean return 0.78", lines[^1]);
        Assert.DoesNotContain("episode 100/", stdout);
    }

    [Fact]
    public void Resume_CheckpointOfAnotherExperiment_IsRefusedNamingTheDifference()
    {
        using var temp = new TempDir();
        var bandit = Repo.Experiment("bandit");
        Cli.Run("run", bandit, "--out", temp.File("a.json"), "--checkpoint", temp.File("cp.json"), "--set", "training.episodes=20");
        File.WriteAllText(temp.File("b.json"), "keep me");
        var (exit, _, err) = Cli.Run("run", bandit, "--resume", temp.File("cp.json"), "--out", temp.File("b.json"), "--set", "training.optimizer.learningRate=0.5");
        Assert.Equal(2, exit);
        Assert.Contains("NF1902", err);
        Assert.Contains("training.optimizer.learningRate: 0.1 (checkpoint) vs 0.5 (now)", err);
        Assert.Contains("only training.episodes may grow", err);
        Assert.Equal("keep me", File.ReadAllText(temp.File("b.json")));
        var cartpole = Cli.Run("run", Repo.Experiment("cartpole"), "--resume", temp.File("cp.json"), "--out", temp.File("b.json"));
        Assert.Equal(2, cartpole.Exit);
        Assert.Contains("environment.kind: \"bandit\" (checkpoint) vs \"cartpole\" (now)", cartpole.Err);
    }

    [Fact]
    public void Resume_FewerEpisodesThanCheckpoint_IsRefused()
    {
        using var temp = new TempDir();
        Cli.Run("run", Repo.Experiment("bandit"), "--out", temp.File("a.json"), "--checkpoint", temp.File("cp.json"), "--set", "training.episodes=200");
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("bandit"), "--resume", temp.File("cp.json"), "--out", temp.File("b.json"), "--set", "training.episodes=100");
        Assert.Equal(2, exit);
        Assert.Contains("NF1903", err);
        Assert.Contains("is at episode 200, beyond training.episodes = 100", err);
        Assert.False(File.Exists(temp.File("b.json")));
    }

    [Fact]
    public void Resume_SupervisedCheckpointOnReinforcementFile_AndViceVersa_IsRefused()
    {
        using var temp = new TempDir();
        Cli.Run("run", Repo.Experiment("hiring"), "--out", temp.File("h.json"), "--checkpoint", temp.File("supervised.json"), "--set", "training.epochs=5");
        Cli.Run("run", Repo.Experiment("bandit"), "--out", temp.File("b.json"), "--checkpoint", temp.File("reinforce.json"), "--set", "training.episodes=5");
        var a = Cli.Run("run", Repo.Experiment("bandit"), "--resume", temp.File("supervised.json"), "--out", temp.File("x.json"));
        Assert.Equal(2, a.Exit);
        Assert.Contains("NF1715", a.Err);
        Assert.Contains("checkpoint of a supervised training run", a.Err);
        var b = Cli.Run("run", Repo.Experiment("hiring"), "--resume", temp.File("reinforce.json"), "--out", temp.File("x.json"));
        Assert.Equal(2, b.Exit);
        Assert.Contains("NF1715", b.Err);
        Assert.Contains("checkpoint of a reinforcement-learning run", b.Err);
        Assert.False(File.Exists(temp.File("x.json")));
    }

    [Theory]
    [InlineData("{ \"format\": \"something-else\" }", "NF1901", "is not a checkpoint (format `something-else`, expected `neuralfunctional/reinforce-checkpoint@1`)")]
    [InlineData("not json at all", "NF1001", "the file is not valid JSON")]
    [InlineData("{ \"format\": \"neuralfunctional/reinforce-checkpoint@1\" }", "NF1906", "the checkpoint has no `checkpointHash`")]
    public void Resume_NotACheckpoint_IsRefused(string text, string code, string message)
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.File("cp.json"), text);
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("bandit"), "--resume", temp.File("cp.json"), "--out", temp.File("o.json"));
        Assert.Equal(2, exit);
        Assert.Contains($"error {code}", err);
        Assert.Contains(message, err);
        Assert.False(File.Exists(temp.File("o.json")));
    }

    /// <summary>A damaged checkpoint: as left (its hash no longer fits: NF1905), and resealed by whoever damaged it
    /// (then the damage itself is named, NF1904 with its path).</summary>
    [Theory]
    [InlineData("returns", "at returns: the checkpoint's `returns` should be an array of 10 elements")]
    [InlineData("policyRng", "at state.policyRng: the checkpoint's `state.policyRng` should be an array of 4 elements")]
    [InlineData("moments", "at state.optimizer.moments")]
    public void Resume_DamagedCheckpoint_IsRefused(string damage, string message)
    {
        using var temp = new TempDir();
        Cli.Run("run", Repo.Experiment("bandit"), "--out", temp.File("a.json"), "--checkpoint", temp.File("cp.json"), "--set", "training.episodes=10");
        var cp = JObject.Parse(File.ReadAllText(temp.File("cp.json")));
        switch (damage)
        {
            case "returns": ((JArray)cp["returns"]!).RemoveAt(0); break;
            case "policyRng": ((JArray)cp["state"]!["policyRng"]!).RemoveAt(0); break;
            default: cp["state"]!["optimizer"]!["moments"] = JArray.Parse("[[1, 2]]"); break;
        }
        File.WriteAllText(temp.File("cp.json"), cp.ToString());
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("bandit"), "--resume", temp.File("cp.json"), "--out", temp.File("o.json"));
        Assert.Equal(2, exit);
        Assert.Contains("error NF1905 at checkpointHash: the checkpoint was modified", err);

        File.WriteAllText(temp.File("cp.json"), CheckpointFile.Seal(cp).ToString());
        (exit, _, err) = Cli.Run("run", Repo.Experiment("bandit"), "--resume", temp.File("cp.json"), "--out", temp.File("o.json"));
        Assert.Equal(2, exit);
        Assert.Contains("error NF1904 " + message, err);
        Assert.False(File.Exists(temp.File("o.json")));
    }

    /// <summary>Any cut point, baseline and optimizer: resumed ≡ uninterrupted, byte for byte.</summary>
    [Fact]
    public void Resume_AnyCutBaselineAndOptimizer_IsByteIdentical()
    {
        var gen = from episodes in Gen.Int[1, 60]
                  from cut in Gen.Int[1, episodes]
                  from baseline in Gen.OneOf("none", "mean")
                  from optimizer in Gen.OneOf("""{"kind": "sgd", "learningRate": 0.5}""", """{"kind": "momentum", "learningRate": 0.2, "beta": 0.9}""",
                      """{"kind": "adam", "learningRate": 0.05}""")
                  from every in Gen.Int[1, 9]
                  select (episodes, cut, baseline, optimizer, every);
        gen.Sample(c =>
        {
            var (full, resumed) = CutAndResume(Repo.Experiment("bandit"), c.cut, $"training.episodes={c.episodes}", $"training.baseline={c.baseline}",
                $"training.optimizer={c.optimizer}", $"training.record.every={c.every}", "training.record.window=7");
            Assert.Equal(full, resumed);
        }, iter: 25);
    }
}
