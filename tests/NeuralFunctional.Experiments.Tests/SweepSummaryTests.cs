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
        Assert.Equal("summary-shard-2-of-3.json", SweepSummary.FileName(new ShardInfo(2, 3, 2, 4)));
    }
}
