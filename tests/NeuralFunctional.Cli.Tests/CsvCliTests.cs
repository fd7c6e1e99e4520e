using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary>CSV experiments through the command line: iris end to end, and every bad CSV rejected with file, row,
/// column and hint, exit code 2 and nothing written.</summary>
public class CsvCliTests
{
    private const string Experiment = """
        {
          "name": "tiny",
          "seed": 1,
          "data": {
            "csv": { "path": "PATH", "features": ["a", "b"], "target": "kind", "split": { "test": TEST } }
          },
          "network": { "inputs": 2, "layers": [ { "units": 4, "activation": "tanh" }, { "units": 2, "activation": "softmax" } ] },
          "training": { "loss": "ce", "epochs": 2 }
        }
        """;

    private static readonly string GoodCsv = "a,b,kind\n" + string.Join("\n", Enumerable.Range(1, 30).Select(i => $"{i},{i % 7},{(i % 2 == 0 ? "even" : "odd")}")) + "\n";

    /// <summary>Writes data/d.csv and exp/e.json (so the CSV path is relative to the experiment) and runs it.</summary>
    private static (int Exit, string Out, string Err, bool Written) Run(string? csv, string test = "0.2", string path = "../data/d.csv")
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.File("data"));
        Directory.CreateDirectory(temp.File("exp"));
        if (csv is not null) File.WriteAllText(temp.File("data/d.csv"), csv);
        var experiment = temp.File("exp/e.json");
        File.WriteAllText(experiment, Experiment.Replace("PATH", path).Replace("TEST", test));
        var output = temp.File("out.json");
        var (exit, stdout, stderr) = Cli.Run("run", experiment, "--out", output);
        return (exit, stdout, stderr, File.Exists(output));
    }

    private static void AssertRejected((int Exit, string Out, string Err, bool Written) r, string code)
    {
        Assert.True(r.Exit == 2, $"exit {r.Exit}\n{r.Out}\n{r.Err}");
        Assert.False(r.Written);
        Assert.Contains($"error {code}", r.Err);
        Assert.Contains("hint:", r.Err);
        Assert.Contains("nothing was written", r.Err);
        Assert.DoesNotContain("Exception", r.Err);
    }

    [Fact]
    public void Run_Iris_TestAccuracyAtLeastNinetyPercent()
    {
        var (exit, stdout, stderr) = Cli.Run("run", Repo.Experiment("iris"), "--out", "-");
        Assert.Equal(0, exit);
        var doc = JObject.Parse(stdout);
        var test = doc["metrics"]!["test"]!;
        Assert.True((double)test["accuracy"]! >= 0.9, $"iris test accuracy {test["accuracy"]}");
        Assert.Equal(["setosa", "versicolor", "virginica"], test["classes"]!.Select(c => (string)c!));
        Assert.Equal(30, test["confusion"]!.SelectMany(r => r).Sum(n => (int)n!));
        Assert.Equal([10, 10, 10], test["perClass"]!.Select(c => (int)c["support"]!));
        Assert.Equal(120, doc["predictions"]!["train"]!.Count());
        Assert.Equal(30, doc["predictions"]!["test"]!.Count());
        Assert.StartsWith("row-", (string)doc["predictions"]!["test"]![0]!["id"]!);
        Assert.Equal("../data/iris.csv", (string)doc["experiment"]!["data"]!["csv"]!["path"]!);
        Assert.Equal(3, doc["experiment"]!["data"]!["csv"]!["classes"]!.Count());
        Assert.Contains("test confusion", stderr);
        Assert.Contains("virginica", stderr);
        Assert.Contains("first 10 of 120 rows", stderr);
    }

    [Fact]
    public void Run_Hiring_BinaryTargetGetsTwoByTwoConfusion()
    {
        var doc = JObject.Parse(Cli.Run("run", Repo.Experiment("hiring"), "--out", "-").Out);
        var train = doc["metrics"]!["train"]!;
        Assert.Equal(["0", "1"], train["classes"]!.Select(c => (string)c!));
        Assert.Equal(2, train["confusion"]!.Count());
        Assert.Null(doc["metrics"]!["test"]!["confusion"]);  // Jamal and Mina have no targets
    }

    [Fact]
    public void Run_CsvRelativeToExperiment_LoadsAndCutsLongListings()
    {
        var (exit, stdout, stderr, written) = Run(GoodCsv);
        Assert.True(exit == 0, stderr);
        Assert.True(written);
        Assert.Contains("train (first 10 of 24 rows", stdout);
        Assert.Contains("test:", stdout);
    }

    [Fact]
    public void Run_MissingCsvFile_SaysWhereItLooked()
    {
        var r = Run(null);
        AssertRejected(r, "NF2120");
        Assert.Contains("d.csv", r.Err);
        Assert.Contains("relative to the experiment file", r.Err);
    }

    [Fact]
    public void Run_MissingColumn_DidYouMean()
    {
        var r = Run(GoodCsv.Replace("a,b,kind", "a,B,kind"));
        AssertRejected(r, "NF2124");
        Assert.Contains("d.csv:1:", r.Err);
        Assert.Contains("did you mean `B`?", r.Err);
    }

    [Fact]
    public void Run_NotANumber_GivesFileLineColumn()
    {
        var r = Run(GoodCsv.Replace("\n3,3,odd\n", "\n3,three,odd\n"));
        AssertRejected(r, "NF2127");
        Assert.Contains("d.csv:4:3: error NF2127 at row 3, column `b`", r.Err);
    }

    [Fact]
    public void Run_RaggedRow_GivesTheRow()
    {
        var r = Run(GoodCsv.Replace("\n5,5,odd\n", "\n5,5,odd,extra\n"));
        AssertRejected(r, "NF2126");
        Assert.Contains("d.csv:6:1: error NF2126 at row 5", r.Err);
    }

    [Fact]
    public void Run_EmptyCsv_SaysEmpty()
    {
        AssertRejected(Run(""), "NF2122");
    }

    [Fact]
    public void Run_ClassTooSmallToSplit_NamesTheClass()
    {
        var r = Run("a,b,kind\n1,1,odd\n2,2,even\n3,3,odd\n4,4,even\n");
        AssertRejected(r, "NF2129");
        Assert.Contains("`even` has 2 rows", r.Err);
    }

    [Fact]
    public void Run_TestFractionOutsideZeroOne_RejectedBeforeReadingTheFile()
    {
        var r = Run(null, test: "1.2");
        AssertRejected(r, "NF2111");
        Assert.DoesNotContain("NF2120", r.Err);
        Assert.Contains("e.json:5:", r.Err);
    }

    [Fact]
    public void Sweep_CsvSeeds_EachVariantSplitsWithItsOwnSeedLikeRunWithSet()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.File("data"));
        File.WriteAllText(temp.File("data/d.csv"), GoodCsv);
        var experiment = temp.File("e.json");
        File.WriteAllText(experiment, Experiment.Replace("PATH", "data/d.csv").Replace("TEST", "0.2")
            .Replace("\"training\":", "\"sweep\": { \"seeds\": { \"from\": 1, \"count\": 2 } }, \"training\":"));
        var (exit, stdout, stderr) = Cli.Run("sweep", experiment, "--out", temp.File("sweep"));
        Assert.True(exit == 0, stdout + stderr);
        var summary = JObject.Parse(File.ReadAllText(temp.File("sweep/summary.json")));
        var testIds = new List<string>();
        foreach (var seed in new[] { 1, 2 })
        {
            var single = temp.File($"run-{seed}.json");
            Assert.Equal(0, Cli.Run("run", experiment, "--set", $"seed={seed}", "--set", "sweep=null", "--out", single).Exit);
            var doc = JObject.Parse(File.ReadAllText(single));
            var ids = string.Join(",", doc["predictions"]!["test"]!.Select(r => (string)r["id"]!));
            testIds.Add(ids);
            var variantFile = Directory.GetFiles(temp.File("sweep"), "*.json").Select(f => JObject.Parse(File.ReadAllText(f)))
                .Single(d => d["experiment"] is JObject e && (int)e["seed"]! == seed);
            Assert.Equal(ids, string.Join(",", variantFile["predictions"]!["test"]!.Select(r => (string)r["id"]!)));
        }
        Assert.NotEqual(testIds[0], testIds[1]);
        Assert.NotNull(summary);
    }
}

public class CsvVerifyTests
{
    [Fact]
    public void Verify_OutputOfCsvExperimentInItsOutFolder_RereadsTheCsvAndMatches()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(Path.Combine(temp.Path, "experiments"));
        Directory.CreateDirectory(Path.Combine(temp.Path, "data"));
        File.Copy(Repo.Experiment("iris"), Path.Combine(temp.Path, "experiments", "iris.json"));
        File.Copy(Path.Combine(Repo.Root, "data", "iris.csv"), Path.Combine(temp.Path, "data", "iris.csv"));
        Assert.Equal(0, Cli.Run("run", Path.Combine(temp.Path, "experiments", "iris.json"), "--quiet").Exit);
        var output = Path.Combine(temp.Path, "experiments", "out", "iris.json");
        var (exit, stdout, stderr) = Cli.Run("verify", output);
        Assert.True(exit == 0, stdout + stderr);
        Assert.StartsWith("ok", stdout);
    }

    [Fact]
    public void Verify_OutputOfCsvExperimentAwayFromItsData_IsAnErrorNotACrash()
    {
        using var temp = new TempDir();
        Assert.Equal(0, Cli.Run("run", Repo.Experiment("iris"), "--out", temp.File("iris.json"), "--quiet").Exit);
        var (exit, _, stderr) = Cli.Run("verify", temp.File("iris.json"));
        Assert.Equal(2, exit);
        Assert.Contains("data.csv.path", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
