using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;
using static NeuralFunctional.Tests.ExperimentTexts;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Reinforcement-learning experiment files: parsing with defaults, the resolved round trip, every rule's
/// error, and runs through the command line (the shipped cart-pole reaches the success mark; same seed, same bytes).</summary>
public class ReinforcementTests
{
    internal const string Bandit = """
        {
          "name": "b",
          "environment": { "kind": "bandit", "arms": [ { "p": 0.1 }, { "mean": 0.5, "std": 0.2 }, { "mean": 1 } ] },
          "network": { "inputs": 1, "layers": [ { "units": 3, "activation": "softmax" } ], "init": { "kind": "zeros" } },
          "training": { "episodes": 30, "optimizer": { "kind": "sgd", "learningRate": 0.1 } }
        }
        """;

    internal const string CartPole = """
        {
          "name": "c",
          "seed": 4,
          "environment": { "kind": "cartpole", "maxSteps": 100 },
          "network": { "inputs": 4, "layers": [ { "units": 3, "activation": "tanh" }, { "units": 2, "activation": "softmax" } ] },
          "training": { "kind": "reinforce", "episodes": 20, "gamma": 0.9, "baseline": "none",
                        "optimizer": { "kind": "sgd", "learningRate": 0.01 }, "record": { "every": 5, "window": 10 },
                        "goal": { "meanReturn": 1000 } }
        }
        """;

    private static ReinforcementExperiment Ok(string text) =>
        ReinforcementJson.Parse("t.json", text).Match(Succ: e => e,
            Fail: errors => throw new Xunit.Sdk.XunitException("expected success, got:\n" + string.Join("\n", errors)));

    private static List<ExperimentError> Errors(string text) =>
        ReinforcementJson.Parse("t.json", text).Match(
            Succ: _ => throw new Xunit.Sdk.XunitException("expected errors, the file parsed"), Fail: errors => errors.ToList());

    private static string Resolved(ReinforcementExperiment e) => CanonicalJson.Write(ReinforcementJson.ToJson(e));

    [Fact]
    public void Parse_Bandit_FillsInTheDefaults()
    {
        var e = Ok(Bandit);
        var env = Assert.IsType<AgentEnvironment.MultiArmedBandit>(e.Environment);
        Assert.Equal([new Arm.Bernoulli(0.1), new Arm.Normal(0.5, 0.2), new Arm.Normal(1, 1)], env.Arms.ToArray());
        Assert.Equal(new ReinforcementPlan(new Optimizer.Sgd(0.1), 30, 0.99, BaselineKind.Mean, 10, 100, null), e.Training);
        Assert.Equal(0UL, e.Seed);
    }

    [Fact]
    public void Parse_CartPole_ReadsEverySetting()
    {
        var e = Ok(CartPole);
        Assert.Equal(new AgentEnvironment.CartPoleBalance(100), e.Environment);
        Assert.Equal(new ReinforcementPlan(new Optimizer.Sgd(0.01), 20, 0.9, BaselineKind.None, 5, 10, new Goal(1000, true)), e.Training);
        Assert.Equal(500, ((AgentEnvironment.CartPoleBalance)Ok(With(CartPole, ", \"maxSteps\": 100", "")).Environment).MaxSteps);
    }

    [Theory]
    [InlineData(Bandit)]
    [InlineData(CartPole)]
    public void RoundTrip_Resolved_GivesTheSameExperimentAndBytes(string text)
    {
        var first = Ok(text);
        var written = Resolved(first);
        var second = Ok(written);
        Assert.Equal((first.Name, first.Seed, first.Environment.ToString(), first.Training), (second.Name, second.Seed, second.Environment.ToString(), second.Training));
        Assert.Equal(written, Resolved(second));
    }

    public static TheoryData<string> Shipped() =>
        new(Repo.ExperimentNames().Where(n => ReinforcementExperiment.IsReinforcement(JToken.Parse(File.ReadAllText(Repo.Experiment(n))))));

    [Theory]
    [MemberData(nameof(Shipped))]
    public void RoundTrip_ShippedExperiment_IsExact(string name)
    {
        var written = Resolved(Ok(File.ReadAllText(Repo.Experiment(name))));
        Assert.Equal(written, Resolved(Ok(written)));
    }

    [Theory]
    [InlineData("\"kind\": \"bandit\"", "\"kind\": \"bandits\"", "NF1701", "environment.kind")]
    [InlineData("[ { \"p\": 0.1 }, { \"mean\": 0.5, \"std\": 0.2 }, { \"mean\": 1 } ]", "[ { \"p\": 0.1 } ]", "NF1702", "environment.arms")]
    [InlineData("{ \"p\": 0.1 }", "{ \"p\": 0.1, \"mean\": 2 }", "NF1703", "environment.arms[0].mean")]
    [InlineData("{ \"p\": 0.1 }", "{ }", "NF1703", "environment.arms[0]")]
    [InlineData("{ \"p\": 0.1 }", "{ \"p\": 1.1 }", "NF1704", "environment.arms[0].p")]
    [InlineData("\"std\": 0.2", "\"std\": -0.2", "NF1704", "environment.arms[1].std")]
    [InlineData("{ \"p\": 0.1 }", "{ \"p\": 0.1, \"std\": 1 }", "NF1107", "environment.arms[0].std")]
    [InlineData("\"kind\": \"bandit\",", "\"kind\": \"bandit\", \"maxSteps\": 3,", "NF1107", "environment.maxSteps")]
    [InlineData("\"inputs\": 1", "\"inputs\": 2", "NF1706", "network.inputs")]
    [InlineData("\"units\": 3, \"activation\": \"softmax\"", "\"units\": 2, \"activation\": \"softmax\"", "NF1707", "network.layers[0].units")]
    [InlineData("\"activation\": \"softmax\"", "\"activation\": \"sigmoid\"", "NF1708", "network.layers[0].activation")]
    [InlineData("\"episodes\": 30", "\"episodes\": 0", "NF1710", "training.episodes")]
    [InlineData("\"episodes\": 30", "\"episodes\": 30, \"gamma\": 1.5", "NF1711", "training.gamma")]
    [InlineData("\"episodes\": 30", "\"episodes\": 30, \"baseline\": \"avg\"", "NF1712", "training.baseline")]
    [InlineData("\"episodes\": 30", "\"episodes\": 30, \"kind\": \"ppo\"", "NF1709", "training.kind")]
    [InlineData("\"episodes\": 30", "\"episodes\": 30, \"record\": { \"window\": 0 }", "NF1713", "training.record.window")]
    [InlineData("\"episodes\": 30", "\"episodes\": 30, \"record\": { \"every\": 0 }", "NF1304", "training.record.every")]
    [InlineData("\"episodes\": 30", "\"episodes\": 30, \"goal\": { \"stop\": false }", "NF1008", "training.goal.meanReturn")]
    [InlineData("\"episodes\": 30", "\"episodes\": 30, \"epochs\": 3", "NF1004", "training.epochs")]
    [InlineData("\"learningRate\": 0.1", "\"learningRate\": -1", "NF1301", "training.optimizer.learningRate")]
    public void Parse_BrokenBandit_ReportsTheRule(string from, string to, string code, string path)
    {
        var errors = Errors(With(Bandit, from, to));
        Assert.True(errors.Any(e => e.Code == code && e.Path == path), string.Join("\n", errors));
        Assert.All(errors, e => Assert.NotNull(e.Line));
    }

    [Fact]
    public void Parse_CartPoleProblems_AreAllReportedAtOnce()
    {
        var text = With(With(With(CartPole, "\"maxSteps\": 100", "\"maxSteps\": 0"), "\"inputs\": 4", "\"inputs\": 3"), "\"gamma\": 0.9", "\"gamma\": -0.1");
        Assert.Equal(["NF1705", "NF1706", "NF1711"], Errors(text).Select(e => e.Code).Order().ToArray());
    }

    [Fact]
    public void Parse_MissingSections_AreReported()
    {
        var errors = Errors("""{ "name": "x", "environment": { "kind": "cartpole" } }""");
        Assert.Equal(["network", "training"], errors.Where(e => e.Code == "NF1008").Select(e => e.Path).Order().ToArray());
    }

    [Fact]
    public void Run_CartPole_TraceReturnsAndGoal()
    {
        var result = ReinforcementRunner.Run(Ok(CartPole));
        var doc = Documents.Build(result);
        Assert.Equal(ReinforcementDocument.Format, (string?)doc["format"]);
        Assert.Equal(20, (int)doc["episodes"]!);
        Assert.Equal(20, ((JArray)doc["returns"]!).Count);
        Assert.Equal([5, 10, 15, 20], doc["trace"]!.Select(p => (int)p["episode"]!).ToArray());
        var returns = doc["returns"]!.Select(r => (double)r).ToList();
        Assert.Equal(returns.Skip(10).Average(), (double)doc["trace"]![3]!["meanReturn"]!, 12);
        Assert.Equal(returns.Take(5).Average(), (double)doc["trace"]![0]!["meanReturn"]!, 12);
        Assert.Equal(JTokenType.Null, doc["goal"]!["reachedAt"]!.Type);
        Assert.Equal("completed", (string?)doc["status"]);
    }

    [Fact]
    public void Run_GoalWithStop_EndsAtTheEpisodeThatReachesIt()
    {
        var result = ReinforcementRunner.Run(Ok(With(With(CartPole, "\"meanReturn\": 1000", "\"meanReturn\": 5"), "\"episodes\": 20", "\"episodes\": 200")));
        Assert.Equal(10, result.SolvedAt);  // every episode lasts at least 8 steps: the first full window of 10 reaches it
        Assert.Equal(10, result.Returns.Length);
        Assert.True(ReinforcementRunner.MeanOfLast(result.Returns, 10) >= 5);
    }

    [Fact]
    public void Cli_ShippedCartPole_ReachesTheSuccessMark()
    {
        var (exit, stdout, stderr) = Cli.Run("run", Repo.Experiment("cartpole"), "--out", "-");
        Assert.True(exit == 0, stderr);
        var doc = JObject.Parse(stdout);
        var reachedAt = (int)doc["goal"]!["reachedAt"]!;
        var returns = doc["returns"]!.Select(r => (double)r).ToList();
        Assert.Equal(reachedAt, returns.Count);
        Assert.True(returns.Skip(returns.Count - 100).Average() >= 195);
        Assert.Contains($"goal reached: mean return >= 195 over 100 consecutive episodes at episode {reachedAt}", stderr);
    }

    [Fact]
    public void Cli_ShippedBandit_PrefersTheBestArm()
    {
        var (exit, stdout, _) = Cli.Run("run", Repo.Experiment("bandit"), "--out", "-");
        Assert.Equal(0, exit);
        var arms = JObject.Parse(stdout)["arms"]!;
        var best = arms.OrderByDescending(a => (double)a["expectedReward"]!).First();
        Assert.True((double)best["probability"]! > 0.9);
    }

    [Fact]
    public void Cli_SameExperimentTwice_WritesIdenticalBytes()
    {
        using var temp = new TempDir();
        var path = temp.File("c.json");
        File.WriteAllText(path, CartPole);
        Cli.Run("run", path, "--out", temp.File("a.json"));
        Cli.Run("run", path, "--out", temp.File("b.json"));
        Assert.Equal(File.ReadAllBytes(temp.File("a.json")), File.ReadAllBytes(temp.File("b.json")));
        File.WriteAllText(path, With(CartPole, "\"seed\": 4", "\"seed\": 5"));
        Cli.Run("run", path, "--out", temp.File("c.json"));
        Assert.NotEqual(File.ReadAllBytes(temp.File("a.json")), File.ReadAllBytes(temp.File("c.json")));
    }

    [Fact]
    public void Cli_SetOverride_AppliesToReinforcementFiles()
    {
        var (exit, stdout, stderr) = Cli.Run("run", Repo.Experiment("bandit"), "--out", "-", "--set", "training.episodes=7");
        Assert.True(exit == 0, stderr);
        Assert.Equal(7, (int)JObject.Parse(stdout)["episodes"]!);
        var (bad, _, errors) = Cli.Run("run", Repo.Experiment("bandit"), "--out", "-", "--set", "environment.maxSteps=7");
        Assert.Equal(2, bad);
        Assert.Contains("NF1107", errors);
    }

    [Fact]
    public void Cli_Diff_ComparesReinforcementOutputsByReturnsAndParameters()
    {
        using var temp = new TempDir();
        Cli.Run("run", Repo.Experiment("bandit"), "--out", temp.File("a.json"), "--set", "training.episodes=50");
        Assert.Equal(0, Cli.Run("diff", temp.File("a.json"), temp.File("a.json")).Exit);
        Cli.Run("run", Repo.Experiment("bandit"), "--out", temp.File("b.json"), "--set", "training.episodes=40");
        var (exit, stdout, stderr) = Cli.Run("diff", temp.File("a.json"), temp.File("b.json"));
        Assert.True(exit == 1, stdout + stderr);
        Assert.Contains("training.episodes  50 → 40", stdout);
        Assert.Contains("returns differ in shape", stdout);
    }

    [Fact]
    public void Cli_BrokenFile_ReportsErrorsAndWritesNothing()
    {
        using var temp = new TempDir();
        var path = temp.File("bad.json");
        File.WriteAllText(path, With(Bandit, "\"inputs\": 1", "\"inputs\": 2"));
        var (exit, _, stderr) = Cli.Run("run", path, "--out", temp.File("o.json"));
        Assert.Equal(2, exit);
        Assert.Contains("bad.json:4:", stderr);
        Assert.Contains("NF1706", stderr);
        Assert.False(File.Exists(temp.File("o.json")));
    }
}
