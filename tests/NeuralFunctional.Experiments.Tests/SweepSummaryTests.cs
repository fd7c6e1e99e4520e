using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>The summary's seed statistics, checked by hand on small cases.</summary>
public class SweepSummaryTests
{
    [Fact]
    public void Stats_OddCount_MedianIsTheMiddleValue() =>
        Assert.Equal((0.25, 0.5, 1.0, 0.75), SweepVariation.Stats([1.0, 0.25, 0.5]));

    [Fact]
    public void Stats_EvenCount_MedianIsTheMeanOfTheMiddleTwo() =>
        Assert.Equal((0.25, 0.625, 1.0, 0.75), SweepVariation.Stats([0.75, 1.0, 0.25, 0.5]));

    [Fact]
    public void Stats_OneValue_HasNoSpread() => Assert.Equal((0.5, 0.5, 0.5, 0.0), SweepVariation.Stats([0.5]));

    private static JObject Row(int index, double rate, int seed, string status, params double[] jamal) => new()
    {
        ["index"] = index,
        ["overrides"] = new JObject { ["training.optimizer.learningRate"] = rate, ["seed"] = seed },
        ["output"] = "x.json",
        ["status"] = status,
        ["test"] = new JArray(new JObject { ["id"] = "Jamal", ["output"] = new JArray(jamal.Select(v => new JValue(v))) }),
    };

    [Fact]
    public void Variation_GroupsSeedsByGridPointAndSkipsRunsThatDidNotComplete()
    {
        JObject[] rows =
        [
            Row(0, 0.1, 0, "completed", 0.5, 0.25), Row(1, 0.1, 1, "completed", 0.75, 0.25), Row(2, 0.1, 2, "completed", 0.25, 0.25),
            Row(3, 1, 0, "completed", 0.125, 1), Row(4, 1, 1, "diverged", double.NaN, double.NaN), Row(5, 1, 2, "completed", 0.375, 0),
        ];
        var variation = SweepVariation.Build(rows);
        Assert.Equal(2, variation.Count);

        var first = variation[0];
        Assert.Equal("""{"training.optimizer.learningRate":0.1}""", first["overrides"]!.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal(3, (int)first["seeds"]!);
        Assert.Null(first["notCompleted"]);
        var jamal = first["test"]![0]!;
        Assert.Equal("Jamal", (string?)jamal["id"]);
        Assert.Equal([0.25, 0.5, 0.75, 0.5], Stats(jamal["output"]![0]!));
        Assert.Equal([0.25, 0.25, 0.25, 0.0], Stats(jamal["output"]![1]!));

        var second = variation[1];
        Assert.Equal((2, 1), ((int)second["seeds"]!, (int)second["notCompleted"]!));
        Assert.Equal([0.125, 0.25, 0.375, 0.25], Stats(second["test"]![0]!["output"]![0]!));
        Assert.Equal([0.0, 0.5, 1.0, 1.0], Stats(second["test"]![0]!["output"]![1]!));
    }

    private static double[] Stats(JToken s) => [(double)s["min"]!, (double)s["median"]!, (double)s["max"]!, (double)s["spread"]!];

    [Fact]
    public void Build_Shard_HasItsSliceAndNoVariation()
    {
        var header = new SweepHeader("e", "sha256:00", JObject.Parse("""{ "seeds": { "from": 0, "count": 6 } }"""), 6);
        var shard = SweepSummary.Build(header, [Row(2, 0.1, 2, "completed", 0.5)], new ShardInfo(2, 3, 2, 4));
        Assert.Null(shard["variation"]);
        Assert.Equal(2, (int)shard["shard"]!["from"]!);
        Assert.NotNull(SweepSummary.Build(header, [Row(0, 0.1, 0, "completed", 0.5)], null)["variation"]);
    }

    [Fact]
    public void FileName_OfAShard_NamesTheSweepByItsIdentityAndTheShard()
    {
        var header = new SweepHeader("e", "sha256:0123456789abcdef0123", JObject.Parse("""{ "seeds": { "from": 0, "count": 6 } }"""), 6);
        Assert.Equal("summary-0123456789ab-shard-2-of-3.json", SweepSummary.FileName(header, new ShardInfo(2, 3, 2, 4)));
        Assert.Equal("summary.json", SweepSummary.FileName(header, null));
    }

    [Fact]
    public void ParseShardFileName_ReadsBackWhatFileNameWrites()
    {
        var header = new SweepHeader("e", "sha256:0123456789abcdef0123", JObject.Parse("""{ "seeds": { "from": 0, "count": 6 } }"""), 6);
        for (var count = 1; count <= 12; count++)
            for (var index = 1; index <= count; index++)
            {
                var name = SweepSummary.FileName(header, new ShardInfo(index, count, 0, 0));
                Assert.Equal(new ShardFileName("0123456789ab", index, count, false), SweepSummary.ParseShardFileName(name));
                Assert.Equal(new ShardFileName("0123456789ab", index, count, true), SweepSummary.ParseShardFileName(Path.ChangeExtension(name, ".running")));
            }
    }

    [Theory]
    [InlineData("summary.json")]
    [InlineData("summary-partial.json")]
    [InlineData("summary-0123456789ab-shard-0-of-3.json")]
    [InlineData("summary-0123456789ab-shard-4-of-3.json")]
    [InlineData("summary-0123456789AB-shard-1-of-3.json")]
    [InlineData("summary-0123456789a-shard-1-of-3.json")]
    [InlineData("summary-0123456789ab-shard-1-of-3.json.tmp")]
    [InlineData("summary-0123456789ab-shard-1-of-99999999999.json")]
    public void ParseShardFileName_OtherNames_AreNotShardFiles(string name) =>
        Assert.Null(SweepSummary.ParseShardFileName(name));

    [Fact]
    public void Identity_WithADataFile_DependsOnItsBytes()
    {
        var header = new SweepHeader("e", "sha256:" + new string('0', 64), new JObject(), 1);
        var withData = header with { DataFiles = [new DataFile("iris.csv", 10, "sha256:" + new string('a', 64), 3)] };
        var changed = header with { DataFiles = [new DataFile("iris.csv", 10, "sha256:" + new string('b', 64), 3)] };
        Assert.Equal(header.ExperimentHash, header.Identity);
        Assert.NotEqual(header.Identity, withData.Identity);
        Assert.NotEqual(withData.Identity, changed.Identity);
        Assert.StartsWith("sha256:", withData.Identity);
        Assert.Equal(71, withData.Identity.Length);
    }

    private static JObject Episodes(int index, string baseline, int seed, string status, double last, int? reachedAt) => new()
    {
        ["index"] = index,
        ["overrides"] = new JObject { ["training.baseline"] = baseline, ["seed"] = seed },
        ["output"] = "x.json",
        ["status"] = status,
        ["episodes"] = 100,
        ["window"] = 10,
        ["firstMeanReturn"] = 20.0,
        ["lastMeanReturn"] = last,
        ["goalReachedAt"] = reachedAt is { } n ? new JValue(n) : JValue.CreateNull(),
    };

    [Fact]
    public void ReinforcementVariation_GroupsSeedsAndCountsWhoReachedTheGoal()
    {
        JObject[] rows =
        [
            Episodes(0, "none", 0, "completed", 50, null), Episodes(1, "none", 1, "completed", 70, 80), Episodes(2, "none", 2, "diverged", double.NaN, null),
            Episodes(3, "mean", 0, "completed", 90, 40), Episodes(4, "mean", 1, "completed", 100, 30), Episodes(5, "mean", 2, "completed", 80, 60),
        ];
        var variation = SweepVariation.BuildReinforcement(rows);
        Assert.Equal(2, variation.Count);
        Assert.Equal("""{"training.baseline":"none"}""", variation[0]["overrides"]!.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal((2, 1, 1), ((int)variation[0]["seeds"]!, (int)variation[0]["notCompleted"]!, (int)variation[0]["goalReached"]!));
        Assert.Equal([50.0, 60.0, 70.0, 20.0], Stats(variation[0]["lastMeanReturn"]!));
        Assert.Equal([80.0, 80.0, 80.0, 0.0], Stats(variation[0]["goalReachedAt"]!));
        Assert.Equal((3, 3), ((int)variation[1]["seeds"]!, (int)variation[1]["goalReached"]!));
        Assert.Equal([80.0, 90.0, 100.0, 20.0], Stats(variation[1]["lastMeanReturn"]!));
        Assert.Equal([30.0, 40.0, 60.0, 30.0], Stats(variation[1]["goalReachedAt"]!));
        Assert.Null(variation[1]["bestArmProbability"]);
    }

    [Fact]
    public void Build_ReinforcementHeader_WritesItsFormatAndReturnsVariation()
    {
        var header = new SweepHeader("e", "sha256:00", JObject.Parse("""{ "seeds": { "from": 0, "count": 1 } }"""), 1, SweepSummary.ReinforcementFormat);
        var summary = SweepSummary.Build(header, [Episodes(0, "mean", 0, "completed", 90, 40)], null);
        Assert.Equal(SweepSummary.ReinforcementFormat, (string?)summary["format"]);
        Assert.NotNull(summary["variation"]![0]!["lastMeanReturn"]);
        Assert.Null(summary["variation"]![0]!["test"]);
    }
}
