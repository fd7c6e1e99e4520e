using Snapshooter;
using Snapshooter.Xunit;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The report pages of every shipped experiment, of the comparisons README shows with <c>nf diff</c>, and of
/// every shipped sweep, made through the command line and compared with stored snapshots: a page is product output,
/// the same inputs give the same bytes, and a changed snapshot is a changed page.</summary>
public class ReportSnapshotTests
{
    public static TheoryData<string> Names => new(Repo.ExperimentNames());

    public static TheoryData<string> Sweeps => new(Repo.ExperimentNames().Where(n => File.ReadAllText(Repo.Experiment(n)).Contains("\"sweep\"")));

    [Theory]
    [MemberData(nameof(Names))]
    public void Report_ShippedExperiment_MatchesSnapshot(string name)
    {
        using var temp = new TempDir();
        var page = RunReport(temp, name);
        Snapshot.Match(page, SnapshotNameExtension.Create(name));
    }

    [Theory]
    [InlineData("hiring", "hiring-lr-1")]
    [InlineData("hiring", "hiring-adam")]
    public void Report_ComparisonFromReadme_MatchesSnapshot(string a, string b)
    {
        using var temp = new TempDir();
        foreach (var name in new[] { a, b })
            Assert.Equal(0, Cli.Run("run", Repo.Experiment(name), "--out", temp.File(name + ".json"), "--quiet").Exit);
        var (exit, _, stderr) = Cli.Run("report", temp.File(a + ".json"), temp.File(b + ".json"), "--out", temp.File("comparison.html"));
        Assert.True(exit == 0, stderr);
        Snapshot.Match(File.ReadAllText(temp.File("comparison.html")), SnapshotNameExtension.Create($"{a}-vs-{b}"));
    }

    [Theory]
    [MemberData(nameof(Sweeps))]
    public void Report_ShippedSweep_MatchesSnapshot(string name)
    {
        using var temp = new TempDir();
        var folder = temp.File(name);
        var sweep = Cli.Run("sweep", Repo.Experiment(name), "--out", folder);
        Assert.True(sweep.Exit == 0, sweep.Err);
        var (exit, stdout, stderr) = Cli.Run("report", folder);
        Assert.True(exit == 0, stderr);
        Assert.Contains("sweep report of", stdout);
        Snapshot.Match(File.ReadAllText(Path.Combine(folder, "report.html")), SnapshotNameExtension.Create(name));
    }

    /// <summary>Runs the shipped experiment, writes its report beside the output, and returns the page.</summary>
    internal static string RunReport(TempDir temp, string name)
    {
        var output = temp.File(name + ".json");
        var run = Cli.Run("run", Repo.Experiment(name), "--out", output, "--quiet");
        Assert.True(run.Exit == 0, run.Err);
        var (exit, stdout, stderr) = Cli.Run("report", output);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Equal("", stderr);
        return File.ReadAllText(temp.File(name + ".html"));
    }
}
