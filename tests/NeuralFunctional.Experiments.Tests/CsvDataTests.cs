using System.Collections.Immutable;
using LanguageExt;
using NeuralFunctional.Core;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>CSV text → rows, purely: numbers, class names → one-hot, ids, the stratified seeded split, and every
/// kind of bad file with its row, column and hint.</summary>
public class CsvDataTests
{
    private const string Small = """
        name,a,b,kind,score
        p,1,2,cat,0.5
        q,3,4.5,dog,1
        r,-1,1e2,cat,0
        """;

    private static readonly string Iris = File.ReadAllText(Path.Combine(Repo.Root, "data", "iris.csv"));

    private static CsvSource Source(string[] features, string[] targets, CsvTargetKind kind = CsvTargetKind.Number,
        string? id = null, double? test = null, string[]? classes = null) =>
        new("x.csv", [.. features], [.. targets], kind, id, test, classes is null ? [] : [.. classes]);

    private static readonly CsvSource IrisSource = Source(
        ["sepal_length", "sepal_width", "petal_length", "petal_width"], ["species"], CsvTargetKind.Class, test: 0.2);

    private static CsvRows Rows(string text, CsvSource source, ulong seed = 7) =>
        CsvData.Load("x.csv", text, source, seed).Match(r => r, errors => throw new Xunit.Sdk.XunitException(string.Join("\n", errors)));

    private static List<ExperimentError> Errors(string text, CsvSource source) =>
        CsvData.Load("x.csv", text, source, 7).Match(_ => throw new Xunit.Sdk.XunitException("expected errors"), e => e.ToList());

    [Fact]
    public void Load_NumericTargets_RowsCarryNumbersInColumnOrder()
    {
        var rows = Rows(Small, Source(["b", "a"], ["score"]));
        Assert.Equal(3, rows.Train.Count);
        Assert.Equal(0, rows.Test.Count);
        Assert.Equal([2.0, 1.0], rows.Train.Rows[0].X.ToArray());
        Assert.Equal([100.0, -1.0], rows.Train.Rows[2].X.ToArray());
        Assert.Equal([0.5], rows.Train.Rows[0].Y.ToArray());
        Assert.True(rows.Classes.IsEmpty);
    }

    [Fact]
    public void Load_SeveralNumericTargets_OneValuePerColumn()
    {
        var rows = Rows(Small, Source(["a"], ["score", "b"]));
        Assert.Equal([1.0, 4.5], rows.Train.Rows[1].Y.ToArray());
    }

    [Fact]
    public void Load_ClassNames_OneHotInSortedOrdinalOrder()
    {
        var rows = Rows("a,kind\n1,dog\n2,Cat\n3,cat\n", Source(["a"], ["kind"], CsvTargetKind.Class));
        Assert.Equal(["Cat", "cat", "dog"], rows.Classes.ToArray());
        Assert.Equal([0.0, 0.0, 1.0], rows.Train.Rows[0].Y.ToArray());
        Assert.Equal([1.0, 0.0, 0.0], rows.Train.Rows[1].Y.ToArray());
        Assert.Equal([0.0, 1.0, 0.0], rows.Train.Rows[2].Y.ToArray());
    }

    [Fact]
    public void Load_GivenClasses_UsesTheirOrder()
    {
        var rows = Rows(Small, Source(["a"], ["kind"], CsvTargetKind.Class, classes: ["dog", "cat"]));
        Assert.Equal(["dog", "cat"], rows.Classes.ToArray());
        Assert.Equal([0.0, 1.0], rows.Train.Rows[0].Y.ToArray());
    }

    [Fact]
    public void Load_Ids_RowNumberByDefaultOrTheIdColumn()
    {
        Assert.Equal(["row-1", "row-2", "row-3"], Rows(Small, Source(["a"], ["score"])).Train.Rows.Select(r => r.Id));
        Assert.Equal(["p", "q", "r"], Rows(Small, Source(["a"], ["score"], id: "name")).Train.Rows.Select(r => r.Id));
    }

    [Fact]
    public void Load_IrisSplit_TenTestRowsPerSpeciesInCsvOrder()
    {
        var rows = Rows(Iris, IrisSource);
        Assert.Equal(120, rows.Train.Count);
        Assert.Equal(30, rows.Test.Count);
        foreach (var k in Enumerable.Range(0, 3))
        {
            Assert.Equal(10, rows.Test.Rows.Count(r => r.Y[k] == 1));
            Assert.Equal(40, rows.Train.Rows.Count(r => r.Y[k] == 1));
        }
        int Number(Sample s) => int.Parse(s.Id["row-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(rows.Train.Rows.Select(Number).Order(), rows.Train.Rows.Select(Number));
        Assert.Equal(rows.Test.Rows.Select(Number).Order(), rows.Test.Rows.Select(Number));
        Assert.Empty(rows.Train.Rows.Select(r => r.Id).Intersect(rows.Test.Rows.Select(r => r.Id)));
    }

    [Fact]
    public void Load_UnevenClasses_RoundsEachClassHalfUp()
    {
        // 5 cats, 3 dogs at 0.3: round(1.5) = 2 cats and round(0.9) = 1 dog in the test set.
        var text = "a,kind\n" + string.Join("\n", Enumerable.Range(1, 8).Select(i => $"{i},{(i <= 5 ? "cat" : "dog")}"));
        var rows = Rows(text, Source(["a"], ["kind"], CsvTargetKind.Class, test: 0.3));
        Assert.Equal(2, rows.Test.Rows.Count(r => r.Y[0] == 1));
        Assert.Equal(1, rows.Test.Rows.Count(r => r.Y[1] == 1));
    }

    [Fact]
    public void Load_SameSeed_SameSplit()
    {
        var a = Rows(Iris, IrisSource, seed: 11);
        var b = Rows(Iris, IrisSource, seed: 11);
        Assert.Equal(a.Test.Rows.Select(r => r.Id), b.Test.Rows.Select(r => r.Id));
    }

    [Fact]
    public void Load_DifferentSeed_DifferentSplit()
    {
        var a = Rows(Iris, IrisSource, seed: 7).Test.Rows.Select(r => r.Id).ToList();
        var b = Rows(Iris, IrisSource, seed: 8).Test.Rows.Select(r => r.Id).ToList();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Load_Split_FollowsTheSplitStreamPerClassInClassOrder()
    {
        // The documented procedure, written out: one 'split' stream, each class's rows permuted in turn.
        var rows = Rows(Iris, IrisSource, seed: 3);
        var rng = Rng.Stream(3, CsvData.SplitStream);
        var expected = new List<int>();
        foreach (var k in Enumerable.Range(0, 3))
        {
            (var order, rng) = Rng.Permutation(rng, 50);
            expected.AddRange(order.Take(10).Select(j => k * 50 + j + 1));
        }
        Assert.Equal(expected.Order().Select(n => $"row-{n}"), rows.Test.Rows.Select(r => r.Id));
    }

    [Fact]
    public void Load_QuotedFields_ReadAsRfc4180()
    {
        var rows = Rows("a,\"the, kind\"\n\"1.5\",\"cat \"\"big\"\"\"\n2,dog\n", Source(["a"], ["the, kind"], CsvTargetKind.Class));
        Assert.Equal(["cat \"big\"", "dog"], rows.Classes.ToArray());
        Assert.Equal([1.5], rows.Train.Rows[0].X.ToArray());
    }

    // ---------- bad files ----------

    [Fact]
    public void Load_MissingColumn_SuggestsTheNearestHeaderName()
    {
        var e = Assert.Single(Errors(Small, Source(["a", "scroe"], ["kind"], CsvTargetKind.Class)));
        Assert.Equal("NF2124", e.Code);
        Assert.Equal(("x.csv", "data.csv.features[1]", 1), (e.File, e.Path, e.Line));
        Assert.Contains("did you mean `score`?", e.Hint);
    }

    [Fact]
    public void Load_NotANumber_GivesRowColumnLineAndCharacter()
    {
        var e = Assert.Single(Errors("a,b,y\n1,2,0\n3,x4,1\n", Source(["a", "b"], ["y"])));
        Assert.Equal("NF2127", e.Code);
        Assert.Equal("row 2, column `b`", e.Path);
        Assert.Equal((3, 3), (e.Line, e.Column));
        Assert.Contains("`x4`", e.Message);
        Assert.StartsWith("x.csv:3:3: error NF2127 at row 2, column `b`", e.ToString());
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void Load_EmptyNumber_SaysEmpty()
    {
        var e = Assert.Single(Errors("a,b,y\n1,,0\n", Source(["a", "b"], ["y"])));
        Assert.Contains("`b` is empty", e.Message);
    }

    [Fact]
    public void Load_RaggedRow_CountsFieldsAgainstHeader()
    {
        var e = Assert.Single(Errors("a,b,y\n1,2,0\n\n3,4\n", Source(["a", "b"], ["y"])));
        Assert.Equal(("NF2126", "row 2", 4), (e.Code, e.Path, e.Line));
        Assert.Contains("2 fields, but the header has 3", e.Message);
    }

    [Theory]
    [InlineData("", "NF2122")]
    [InlineData("\n\n", "NF2122")]
    [InlineData("a,y\n", "NF2123")]
    public void Load_EmptyOrHeaderOnly_SaysSo(string text, string code)
    {
        var e = Assert.Single(Errors(text, Source(["a"], ["y"])));
        Assert.Equal(code, e.Code);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void Load_ClassTooSmallToSplit_NamesTheClass()
    {
        var text = "a,kind\n1,cat\n2,cat\n3,cat\n4,cat\n5,cat\n6,dog\n7,dog\n";
        var e = Assert.Single(Errors(text, Source(["a"], ["kind"], CsvTargetKind.Class, test: 0.2)));
        Assert.Equal("NF2129", e.Code);
        Assert.Contains("`dog` has 2 rows", e.Message);
        Assert.Contains("0 of them in the test set", e.Message);
    }

    [Fact]
    public void Load_ClassNotInGivenList_SuggestsTheNearest()
    {
        var e = Assert.Single(Errors("a,kind\n1,cat\n2,dgo\n", Source(["a"], ["kind"], CsvTargetKind.Class, classes: ["cat", "dog"])));
        Assert.Equal(("NF2130", "row 2, column `kind`"), (e.Code, e.Path));
        Assert.Contains("did you mean `dog`?", e.Hint);
    }

    [Fact]
    public void Load_DuplicateIds_PointsAtTheFirst()
    {
        var e = Assert.Single(Errors("id,a,y\nx,1,0\nx,2,1\n", Source(["a"], ["y"], id: "id")));
        Assert.Equal("NF1109", e.Code);
        Assert.Contains("row 1", e.Message);
    }

    [Fact]
    public void Load_ManyBadValues_ListsTwentyAndCountsTheRest()
    {
        var text = "a,y\n" + string.Join("\n", Enumerable.Range(1, 30).Select(_ => "x,1"));
        var errors = Errors(text, Source(["a"], ["y"]));
        Assert.Equal(CsvData.MaxErrors + 1, errors.Count);
        Assert.Contains("10 more problems", errors[^1].Message);
    }

    // ---------- the experiment ----------

    private static Experiment Parse(string text) =>
        ExperimentParser.Parse("e.json", text).Match(e => e, errors => throw new Xunit.Sdk.XunitException(string.Join("\n", errors)));

    private static readonly string IrisExperiment = File.ReadAllText(Repo.Experiment("iris"));

    [Fact]
    public void Fill_Iris_ClassesBecomeTargetsAndAreRecorded()
    {
        var parsed = Parse(IrisExperiment);
        Assert.True(parsed.Data.AwaitsCsv);
        var filled = CsvData.Fill(parsed, "iris.csv", Iris).Match(e => e, errors => throw new Xunit.Sdk.XunitException(string.Join("\n", errors)));
        Assert.Equal(["setosa", "versicolor", "virginica"], filled.Data.Targets.ToArray());
        Assert.Equal(["setosa", "versicolor", "virginica"], filled.Data.Csv!.Classes.ToArray());
        Assert.Equal(120, filled.Data.FeatureRows().Train.Count);
    }

    [Fact]
    public void Fill_ResolvedExperiment_ParsesAndFillsToTheSameJson()
    {
        var filled = CsvData.Fill(Parse(IrisExperiment), "iris.csv", Iris).Match(e => e, _ => throw new Xunit.Sdk.XunitException("fill"));
        var json = ExperimentJson.ToJson(filled);
        Assert.Null(json["data"]!["train"]);
        var again = CsvData.Fill(Parse(json.ToString()), "iris.csv", Iris).Match(e => e, _ => throw new Xunit.Sdk.XunitException("fill again"));
        Assert.Equal(CanonicalJson.Write(json), CanonicalJson.Write(ExperimentJson.ToJson(again)));
        Assert.Equal(filled.Data.FeatureRows().Test.Rows.Select(r => r.Id), again.Data.FeatureRows().Test.Rows.Select(r => r.Id));
    }

    [Fact]
    public void Fill_ClassCountDiffersFromOutputUnits_SaysHowMany()
    {
        var text = IrisExperiment.Replace("\"units\": 3", "\"units\": 4");
        var e = Assert.Single(CsvData.Fill(Parse(text), "iris.csv", Iris).Match(_ => [], errors => errors.ToList()));
        Assert.Equal("NF2110", e.Code);
        Assert.Contains("setosa, versicolor, virginica", e.Message);
        Assert.Contains("units to 3", e.Hint);
    }

    [Fact]
    public void Runner_CsvExperimentNotFilled_RefusesToPrepare()
    {
        Assert.Throws<InvalidOperationException>(() => Runner.Prepare(Parse(IrisExperiment)));
    }
}
