using System.Text.RegularExpressions;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf report</c> through the command line: where it writes, what it refuses (every problem an error value,
/// nothing written), what a page holds and leaves out, and that it needs nothing but the page.</summary>
public partial class ReportCommandTests
{
    [Fact]
    public void Report_OfAnOutput_WritesTheSameBytesEveryTime_AndAsTheExperimentFileGives()
    {
        using var temp = new TempDir();
        var first = ReportSnapshotTests.RunReport(temp, "hiring");
        var again = Cli.Run("report", temp.File("hiring.json"), "--out", temp.File("again.html"));
        Assert.Equal(0, again.Exit);
        var fromExperiment = Cli.Run("report", Repo.Experiment("hiring"), "--out", temp.File("from-experiment.html"));
        Assert.Equal(0, fromExperiment.Exit);
        Assert.Equal(first, File.ReadAllText(temp.File("again.html")));
        Assert.Equal(first, File.ReadAllText(temp.File("from-experiment.html")));
    }

    [Fact]
    public void Report_Page_IsSelfContained()
    {
        using var temp = new TempDir();
        var page = ReportSnapshotTests.RunReport(temp, "iris");
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.DoesNotContain("<link", page);
        Assert.DoesNotMatch(Links(), page);
        Assert.Single(Regex.Matches(page, "<script>"));
        Assert.Single(Regex.Matches(page, "<style>"));
        Assert.Contains("default-src 'none'", page);
        Assert.DoesNotContain("\r", page);
    }

    [Theory]
    [InlineData("hiring", new[] { "experiment", "loss", "metrics", "confusion", "predictions", "network", "boundary" })]
    [InlineData("iris", new[] { "experiment", "loss", "metrics", "confusion", "predictions", "network" })]
    [InlineData("sine-elman", new[] { "experiment", "loss", "metrics", "predictions", "network", "hidden" })]
    [InlineData("autoencoder-8-3-8", new[] { "experiment", "loss", "metrics", "confusion", "predictions", "network", "reconstructions" })]
    [InlineData("autoencoder-digits", new[] { "experiment", "loss", "metrics", "predictions", "network", "reconstructions", "codes" })]
    [InlineData("cartpole", new[] { "experiment", "returns", "trace" })]
    [InlineData("bandit", new[] { "experiment", "returns", "arms", "trace" })]
    [InlineData("activations", new[] { "experiment", "activations" })]
    public void Report_OfEachKind_HasTheSectionsThatApply(string name, string[] sections)
    {
        using var temp = new TempDir();
        var page = ReportSnapshotTests.RunReport(temp, name);
        Assert.Equal(sections, Sections().Matches(page).Select(m => m.Groups[1].Value));
        Assert.Contains("<body data-report=\"run\">", page);
    }

    [Fact]
    public void Report_LongTrace_IsThinnedForDrawing_NeverInTheTables()
    {
        using var temp = new TempDir();
        var output = temp.File("hiring.json");
        Assert.Equal(0, Cli.Run("run", Repo.Experiment("hiring"), "--set", "training.record.every=1", "--out", output, "--quiet").Exit);
        Assert.Equal(0, Cli.Run("report", output).Exit);
        var page = File.ReadAllText(temp.File("hiring.html"));
        var series = Regex.Match(page, "<g class=\"series\" data-label=\"training loss\" data-points=\"(\\d+)\" data-total=\"(\\d+)\">");
        Assert.Equal("400", series.Groups[1].Value);
        Assert.Equal("1001", series.Groups[2].Value);
        var chart = page[page.IndexOf("data-chart=\"loss\"", StringComparison.Ordinal)..page.IndexOf("</svg>", page.IndexOf("data-chart=\"loss\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Equal(400, Regex.Matches(chart, "<circle class=\"pt\"").Count);
        Assert.Contains("data-tip=\"epoch 1000 · loss ", chart); // the last point is always drawn
    }

    [Fact]
    public void Report_HoverTextOfEveryPoint_IsTheDocumentsExactValue()
    {
        using var temp = new TempDir();
        var page = ReportSnapshotTests.RunReport(temp, "hiring");
        var doc = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(temp.File("hiring.json")));
        var expected = doc["trace"]!.Select(p => $"epoch {p["epoch"]} · loss {Doubles.Text(Doubles.Of(p["loss"])!.Value)}").ToList();
        var tips = Regex.Matches(page, "data-tip=\"(epoch [^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(expected, tips);
    }

    [Fact]
    public void Report_DefaultTargets_BesideTheDocument_AndInTheSweepFolder()
    {
        using var temp = new TempDir();
        Assert.Equal(0, Cli.Run("run", Repo.Experiment("and"), "--out", temp.File("and.json"), "--quiet").Exit);
        var (exit, stdout, _) = Cli.Run("report", temp.File("and.json"));
        Assert.Equal(0, exit);
        Assert.True(File.Exists(temp.File("and.html")));
        Assert.Contains("run report of", stdout);
        Assert.Equal(0, Cli.Run("sweep", Repo.Experiment("hiring-learning-rates"), "--out", temp.File("sweep")).Exit);
        Assert.Equal(0, Cli.Run("report", temp.File("sweep")).Exit);
        Assert.True(File.Exists(Path.Combine(temp.File("sweep"), "report.html")));
    }

    [Fact]
    public void Report_Refuses_WithItsCode_AndWritesNothing()
    {
        using var temp = new TempDir();
        Assert.Equal(0, Cli.Run("run", Repo.Experiment("and"), "--out", temp.File("and.json"), "--quiet").Exit);
        Assert.Equal(0, Cli.Run("run", Repo.Experiment("bandit"), "--out", temp.File("bandit.json"), "--quiet").Exit);
        Directory.CreateDirectory(temp.File("empty"));
        var before = Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories).Order().ToList();
        (string[] Args, string Code)[] cases =
        [
            (["report", temp.File("and.json"), "--out", temp.File("and.txt")], "NF2070"),
            (["report", temp.File("and.json"), temp.File("and.json")], "NF2071"),
            (["report", temp.File("empty")], "NF2072"),
            (["report", temp.File("empty"), temp.File("and.json"), "--out", temp.File("x.html")], "NF2074"),
            (["report", temp.File("and.json"), temp.File("bandit.json"), "--out", temp.File("x.html")], "NF2011"),
            (["report", temp.File("missing.json")], "NF0001"),
        ];
        foreach (var (args, code) in cases)
        {
            var (exit, _, stderr) = Cli.Run(args);
            Assert.True(exit == 2, $"{string.Join(' ', args)}: exit {exit}\n{stderr}");
            Assert.Contains($"error {code}", stderr);
            Assert.DoesNotContain("   at ", stderr);
        }
        Assert.Equal(before, Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories).Order().ToList());
    }

    [Fact]
    public void Report_OfASummaryThatIsNotOne_SaysSo()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.File("sweep"));
        File.WriteAllText(Path.Combine(temp.File("sweep"), "summary.json"), "{\"format\": \"something/else@1\"}\n");
        var (exit, _, stderr) = Cli.Run("report", temp.File("sweep"));
        Assert.Equal(2, exit);
        Assert.Contains("error NF2073", stderr);
        Assert.Contains("`something/else@1`", stderr);
    }

    /// <summary>An output moved away from its CSV data still gets its page: every section that needs no data is drawn,
    /// the decision map says why it is missing (with a warning), and <c>--data</c> brings it back.</summary>
    [Fact]
    public void Report_OfAMovedOutput_DrawsWhatNeedsNoData_AndTheMapWithData()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.File("exp"));
        File.WriteAllText(temp.File("exp/points.csv"), "id,a,b,y\np1,0,0,0\np2,0,1,1\np3,1,0,1\np4,1,1,1\n");
        File.WriteAllText(temp.File("exp/or-csv.json"), """
            {
              "name": "or-csv", "seed": 1,
              "data": { "csv": { "path": "points.csv", "id": "id", "features": ["a", "b"], "targets": ["y"] } },
              "network": { "inputs": 2, "layers": [ { "units": 1, "activation": "sigmoid" } ] },
              "training": { "loss": "mse", "optimizer": { "kind": "sgd", "learningRate": 0.5 }, "epochs": 50 }
            }
            """);
        var run = Cli.Run("run", temp.File("exp/or-csv.json"), "--out", temp.File("exp/or-csv.out.json"), "--quiet");
        Assert.True(run.Exit == 0, run.Err);
        Directory.CreateDirectory(temp.File("elsewhere"));
        File.Move(temp.File("exp/or-csv.out.json"), temp.File("elsewhere/or-csv.out.json"));
        Directory.CreateDirectory(temp.File("stash"));
        File.Move(temp.File("exp/points.csv"), temp.File("stash/points.csv"));

        var (exit, _, stderr) = Cli.Run("report", temp.File("elsewhere/or-csv.out.json"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("warning: a section is left out of the report", stderr);
        var page = File.ReadAllText(temp.File("elsewhere/or-csv.out.html"));
        Assert.Contains("data-chart=\"loss\"", page);
        Assert.Contains("data-figure=\"network\"", page);
        Assert.Contains("Not drawn:", page);
        Assert.DoesNotContain("data-figure=\"boundary\"", page);

        var withData = Cli.Run("report", temp.File("elsewhere/or-csv.out.json"), "--data", temp.File("stash"), "--out", temp.File("with-data.html"));
        Assert.True(withData.Exit == 0, withData.Err);
        Assert.Equal("", withData.Err);
        Assert.Contains("data-figure=\"boundary\"", File.ReadAllText(temp.File("with-data.html")));
    }

    [Fact]
    public void Report_Comparison_MarksTheFirstDivergentEpoch_AsDiffSaysIt()
    {
        using var temp = new TempDir();
        var (exit, _, stderr) = Cli.Run("report", Repo.Experiment("hiring"), Repo.Experiment("hiring-lr-1"), "--out", temp.File("c.html"));
        Assert.True(exit == 0, stderr);
        var page = File.ReadAllText(temp.File("c.html"));
        var diff = Cli.Run("diff", Repo.Experiment("hiring"), Repo.Experiment("hiring-lr-1"));
        var epoch = Regex.Match(diff.Out, "first divergent epoch (\\d+)").Groups[1].Value;
        Assert.NotEqual("", epoch);
        Assert.Contains($"<line class=\"marker\" data-epoch=\"{epoch}\"", page);
        Assert.Equal(2, Regex.Matches(page, "<g class=\"series\"").Count);
        Assert.Contains("<body data-report=\"comparison\">", page);
        Assert.Contains("training.optimizer.learningRate", page);
    }

    [GeneratedRegex("(?:src|href)=\"(?!#)")]
    private static partial Regex Links();

    [GeneratedRegex("<section id=\"([a-z-]+)\"")]
    private static partial Regex Sections();
}
