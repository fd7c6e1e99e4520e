using NeuralFunctional.Experiments.Plots;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>The data of <c>nf plot --kind returns</c>: every episode's return, the moving mean the run's goal and trace
/// use, the goal and the episode that reached it.</summary>
public class ReturnCurvesTests
{
    private static JObject Output(string name) => JObject.Parse(File.ReadAllText(Path.Combine(Repo.Experiments, "expected", name + ".json")));

    [Fact]
    public void Returns_CartPole_MovingMeanReachesTheGoalWhereTheRunSaysItDid()
    {
        var doc = Output("cartpole");
        var series = Assert.Single(ReturnCurves.Of([("cartpole.json", doc)]).SuccessToSeq().Head());
        var returns = ((JArray)doc["returns"]!).Select(v => (double)v).ToList();
        Assert.Equal(returns, series.Returns);
        Assert.Equal(Enumerable.Range(1, returns.Count).Select(n => (double)n), series.Episodes);
        Assert.Equal(100, series.Window);
        Assert.Equal(195, series.Goal);
        Assert.Equal((int)doc["goal"]!["reachedAt"]!, series.ReachedAt);
        // The goal episode is the first whose mean over the last 100 returns reaches 195.
        var first = series.MeanReturns.Select((m, i) => (m, Episode: i + 1)).First(p => p.Episode >= 100 && p.m >= 195).Episode;
        Assert.Equal(series.ReachedAt, first);
        // The mean at each recorded trace point is the one the document records.
        foreach (var point in (JArray)doc["trace"]!)
            Assert.Equal((double)point["meanReturn"]!, series.MeanReturns[(int)point["episode"]! - 1]);
    }

    [Fact]
    public void Returns_BanditWithoutGoal_HasNoGoalAndMeansOfTheFirstEpisodesOverWhatThereIs()
    {
        var series = Assert.Single(ReturnCurves.Of([("bandit.json", Output("bandit"))]).SuccessToSeq().Head());
        Assert.Null(series.Goal);
        Assert.Null(series.ReachedAt);
        Assert.Equal(series.Returns[0], series.MeanReturns[0]);
        Assert.Equal((series.Returns[0] + series.Returns[1] + series.Returns[2]) / 3, series.MeanReturns[2], 15);
    }

    [Fact]
    public void Returns_SupervisedOutput_IsAnErrorPerDocument()
    {
        var errors = ReturnCurves.Of([("hiring.json", Output("hiring")), ("bandit.json", Output("bandit")), ("iris.json", Output("iris"))]).FailToSeq().ToList();
        Assert.Equal(["hiring.json", "iris.json"], errors.Select(e => e.File));
        Assert.All(errors, e => Assert.Equal("NF2605", e.Code));
    }
}
