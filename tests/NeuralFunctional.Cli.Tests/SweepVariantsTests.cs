using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The sweep section: how it is validated (paths, values, seeds, each variant like a file) and how it
/// expands into variants, in the documented order.</summary>
public class SweepVariantsTests
{
    /// <summary>The parser tests' hiring experiment with <paramref name="sweep"/> as its sweep section.</summary>
    internal static string WithSweep(string sweep)
    {
        var text = ExperimentTexts.Hiring.TrimEnd();
        return text[..^1].TrimEnd() + ",\n  \"sweep\": " + sweep + "\n}\n";
    }

    private static Experiment Ok(string sweep) => ExperimentTexts.Ok(WithSweep(sweep));

    private static List<ExperimentError> Errors(string sweep) => ExperimentTexts.Errors(WithSweep(sweep));

    private static List<Variant> Expand(Experiment e) => SweepVariants.Expand(e).SuccessToSeq().Head().ToList();

    private static string Settings(Variant v) => v.Settings.ToString(Newtonsoft.Json.Formatting.None);

    [Fact]
    public void Expand_GridAndSeeds_CountIsTheProduct()
    {
        var e = Ok("""{ "grid": { "training.epochs": [1, 2], "network.layers[0].units": [1, 2, 3] }, "seeds": { "from": 5, "count": 2 } }""");
        Assert.Equal(12, e.Sweep!.Count);
        Assert.Equal(6, e.Sweep.GridPoints);
        Assert.Equal(12, Expand(e).Count);
    }

    [Fact]
    public void Expand_Order_FirstAxisSlowestSeedsInnermost()
    {
        var e = Ok("""{ "grid": { "training.epochs": [1, 2], "network.layers[0].units": [3, 4] }, "seeds": { "from": 5, "count": 2 } }""");
        var variants = Expand(e);
        Assert.Equal(Enumerable.Range(0, 8), variants.Select(v => v.Index));
        Assert.Equal(
        [
            """{"training.epochs":1,"network.layers[0].units":3,"seed":5}""", """{"training.epochs":1,"network.layers[0].units":3,"seed":6}""",
            """{"training.epochs":1,"network.layers[0].units":4,"seed":5}""", """{"training.epochs":1,"network.layers[0].units":4,"seed":6}""",
            """{"training.epochs":2,"network.layers[0].units":3,"seed":5}""", """{"training.epochs":2,"network.layers[0].units":3,"seed":6}""",
            """{"training.epochs":2,"network.layers[0].units":4,"seed":5}""", """{"training.epochs":2,"network.layers[0].units":4,"seed":6}""",
        ], variants.Select(Settings));
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2], variants.Select(v => v.Experiment.Training!.Epochs));
        Assert.Equal([3, 3, 4, 4, 3, 3, 4, 4], variants.Select(v => v.Experiment.Network.Layers[0].Units));
        Assert.Equal([5UL, 6, 5, 6, 5, 6, 5, 6], variants.Select(v => v.Experiment.Seed));
        Assert.All(variants, v => Assert.Null(v.Experiment.Sweep));
    }

    [Fact]
    public void Expand_Slice_IsThatPartOfTheWholeList()
    {
        var e = Ok("""{ "grid": { "training.epochs": [1, 2, 3] }, "seeds": { "count": 3 } }""");
        var all = Expand(e);
        var slice = SweepVariants.Expand(e, 2, 7).SuccessToSeq().Head();
        Assert.Equal(all.Skip(2).Take(5).Select(Settings), slice.Select(Settings));
        Assert.Equal([2, 3, 4, 5, 6], slice.Select(v => v.Index));
    }

    [Theory]
    [InlineData(10, 3, new[] { 0, 3, 6, 10 })]
    [InlineData(100, 3, new[] { 0, 33, 66, 100 })]
    [InlineData(2, 3, new[] { 0, 0, 1, 2 })]
    public void Slice_ShardsAreContiguousAndCoverEverything(int count, int n, int[] bounds)
    {
        for (var k = 1; k <= n; k++) Assert.Equal((bounds[k - 1], bounds[k]), SweepVariants.Slice(count, k, n));
    }

    [Fact]
    public void Hash_DiffersBySeedAndIsTwelveHexDigits()
    {
        var variants = Expand(Ok("""{ "seeds": { "count": 2 } }"""));
        var hashes = variants.Select(v => SweepVariants.Hash(v.Experiment)).ToList();
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{12}$", h));
        Assert.NotEqual(hashes[0], hashes[1]);
    }

    [Fact]
    public void Parse_Sweep_RoundTripsThroughTheResolvedExperiment()
    {
        var e = Ok("""{ "grid": { "training.optimizer.learningRate": [0.01, 1], "network.layers[0].activation": ["tanh", { "kind": "leakyRelu", "alpha": 0.1 }] }, "seeds": { "from": 3, "count": 4 } }""");
        var json = CanonicalJson.Write(ExperimentJson.ToJson(e));
        Assert.Equal(json, CanonicalJson.Write(ExperimentJson.ToJson(ExperimentTexts.Ok(json))));
        Assert.Contains("\"network.layers[0].activation\": [", json);
    }

    [Fact]
    public void Parse_UnknownGridPath_HasLineAndDidYouMean()
    {
        var error = Assert.Single(Errors("""{ "grid": { "training.learningRate": [0.1] } }"""));
        Assert.Equal(("NF1004", "sweep.grid['training.learningRate']", 27), (error.Code, error.Path, error.Line));
        Assert.Contains("unknown key `learningRate` at training", error.Message);
        Assert.Contains("allowed here", error.Hint);
    }

    [Fact]
    public void Parse_MisspeltGridPath_SuggestsTheKey()
    {
        var error = Assert.Single(Errors("""{ "grid": { "training.epocs": [1] } }"""));
        Assert.Contains("did you mean `epochs`?", error.Hint);
    }

    [Theory]
    [InlineData("""{ }""", "NF1601")]
    [InlineData("""{ "grid": {} }""", "NF1601")]
    [InlineData("""{ "grid": { "training.epochs": [] } }""", "NF1602")]
    [InlineData("""{ "grid": { "training.epochs": [1, 1] } }""", "NF1604")]
    [InlineData("""{ "grid": { "sweep.seeds.count": [1, 2] } }""", "NF1603")]
    [InlineData("""{ "grid": { "seed": [1, 2] }, "seeds": { "count": 2 } }""", "NF1603")]
    [InlineData("""{ "grid": { "training.epochs": [1], "training['epochs']": [2] } }""", "NF1603")]
    [InlineData("""{ "grid": { "training.epochs[0]": [1] } }""", "NF1503")]
    [InlineData("""{ "grid": { "training..epochs": [1] } }""", "NF1502")]
    [InlineData("""{ "seeds": { "count": 0 } }""", "NF1605")]
    [InlineData("""{ "seeds": { "from": 18446744073709551615, "count": 2 } }""", "NF1607")]
    [InlineData("""{ "seeds": { "from": 1 } }""", "NF1008")]
    [InlineData("""{ "grid": { "training.epochs": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, "seeds": { "count": 200000 } }""", "NF1606")]
    public void Parse_BadSweep_IsRejected(string sweep, string code) => Assert.Equal(code, Assert.Single(Errors(sweep)).Code);

    [Fact]
    public void Parse_InvalidVariant_IsLocatedAtTheGridValue()
    {
        var error = Assert.Single(Errors("""{ "grid": { "training.epochs": [5, 0] } }"""));
        Assert.Equal(("NF1302", "sweep.grid['training.epochs'][1]", 27), (error.Code, error.Path, error.Line));
        Assert.Contains("the variant with training.epochs = 0 is not a valid experiment: epochs must be at least 1", error.Message);
    }

    [Fact]
    public void Parse_GridValueOfWrongType_IsReportedLikeAFileError()
    {
        var error = Assert.Single(Errors("""{ "grid": { "network.layers[0].activation": ["tanh", "sigmod"] } }"""));
        Assert.Equal("NF1102", error.Code);
        Assert.Contains("did you mean `sigmoid`?", error.Hint);
    }

    [Fact]
    public void Parse_GridIndexPastTheEnd_IsOutOfRange()
    {
        var error = Assert.Single(Errors("""{ "grid": { "network.layers[2].units": [1] } }"""));
        Assert.Equal("NF1504", error.Code);
        Assert.Equal("sweep.grid['network.layers[2].units'][0]", error.Path);
    }

    [Fact]
    public void Parse_SweepThroughOverride_IsValidatedToo()
    {
        var errors = Overrides.Parse("t.json", ExperimentTexts.Hiring, ["sweep={\"grid\": {\"training.epocs\": [1]}}"]).FailToSeq().ToList();
        Assert.Equal("NF1004", Assert.Single(errors).Code);
        Assert.Equal("--set sweep={\"grid\": {\"training.epocs\": [1]}}", errors[0].File);
    }

    [Fact]
    public void Run_ExperimentWithSweep_RunsOnlyTheBaseAndSaysSo()
    {
        using var temp = new TempDir();
        var (exit, stdout, _) = Cli.Run("run", Repo.Experiment("hiring-seeds"), "--out", temp.File("seeds.json"));
        Cli.Run("run", Repo.Experiment("hiring"), "--out", temp.File("hiring.json"));
        Assert.Equal(0, exit);
        Assert.Contains("note: this experiment has a sweep of 100 variants; `run` ran only the experiment as written", stdout);
        string Hash(string file) => (string)JObject.Parse(File.ReadAllText(temp.File(file)))["traceHash"]!;
        Assert.Equal(Hash("hiring.json"), Hash("seeds.json"));
    }
}
