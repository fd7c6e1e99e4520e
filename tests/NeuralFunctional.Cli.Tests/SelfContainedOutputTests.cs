using System.Security.Cryptography;
using NeuralFunctional.Cli;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary>An output document stands alone: it records the data files its run read (path as written, size, SHA-256,
/// rows), can be moved anywhere and still be plotted (kinds that need no data never look for it), diffed and verified
/// (<c>--data DIR</c> when the data lies elsewhere), and a changed data file is reported as such (NF2009, exit 4),
/// never as a training difference. Through the command line.</summary>
public class SelfContainedOutputTests
{
    /// <summary>A two-feature CSV experiment in its own folder tree (<c>exp/points.json</c> reading
    /// <c>data/points.csv</c>), so a decision boundary can be drawn; returns the experiment's path.</summary>
    private static string PointsExperiment(TempDir temp, string csv = "")
    {
        Directory.CreateDirectory(temp.File("exp"));
        Directory.CreateDirectory(temp.File("data"));
        var rows = csv.Length > 0 ? csv : string.Concat(Enumerable.Range(0, 24).Select(i =>
            $"{(i * 37 % 24) / 12.0 - 1},{(i * 11 % 24) / 12.0 - 1},{((i * 37 % 24) + (i * 11 % 24) > 24 ? "hi" : "lo")}\n"));
        File.WriteAllText(temp.File("data/points.csv"), "u,v,label\n" + rows);
        var experiment = temp.File("exp/points.json");
        File.WriteAllText(experiment, """
            {"name":"points","seed":3,"data":{"csv":{"path":"../data/points.csv","features":["u","v"],"target":"label","classes":["hi","lo"]}},
             "network":{"inputs":2,"layers":[{"units":3,"activation":"tanh"},{"units":2,"activation":"softmax"}]},
             "training":{"loss":"ce","optimizer":{"kind":"sgd","learningRate":0.3},"epochs":20,"record":{"every":5}}}
            """);
        return experiment;
    }

    private static string Sha256(string file) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public void Output_RecordsTheDataFileItReadAndNothingForInlineRows()
    {
        using var temp = new TempDir();
        Assert.Equal(0, Cli.Run("run", Repo.Experiment("iris"), "--out", temp.File("iris.json"), "--quiet").Exit);
        var record = Assert.Single((JArray)JObject.Parse(File.ReadAllText(temp.File("iris.json")))["dataFiles"]!);
        var csv = Path.Combine(Repo.Root, "data", "iris.csv");
        Assert.Equal("../data/iris.csv", (string?)record["path"]);
        Assert.Equal(new FileInfo(csv).Length, (long)record["bytes"]!);
        Assert.Equal(Sha256(csv), (string?)record["sha256"]);
        Assert.Equal(File.ReadAllLines(csv).Count(l => l.Length > 0) - 1, (int)record["rows"]!);

        Assert.Equal(0, Cli.Run("run", Repo.Experiment("hiring"), "--out", temp.File("hiring.json"), "--quiet").Exit);
        Assert.Null(JObject.Parse(File.ReadAllText(temp.File("hiring.json")))["dataFiles"]);
    }

    [Fact]
    public void MovedOutput_PlotsLossAndNetworkWithoutItsData_AndTheSameImage()
    {
        using var temp = new TempDir();
        var experiment = PointsExperiment(temp);
        var output = temp.File("exp/out.json");
        Assert.Equal(0, Cli.Run("run", experiment, "--out", output, "--quiet").Exit);
        Directory.CreateDirectory(temp.File("far/away"));
        var moved = temp.File("far/away/out.json");
        File.Copy(output, moved);
        File.Delete(temp.File("data/points.csv")); // the data is gone altogether
        foreach (var kind in new[] { "loss", "network" })
        {
            var (exit, _, err) = Cli.Run("plot", moved, "--kind", kind, "--out", temp.File($"moved-{kind}.png"));
            Assert.True(exit == 0, err);
            Assert.Equal(0, Cli.Run("plot", output, "--kind", kind, "--out", temp.File($"here-{kind}.png")).Exit);
            Assert.Equal(File.ReadAllBytes(temp.File($"here-{kind}.png")), File.ReadAllBytes(temp.File($"moved-{kind}.png")));
        }
    }

    [Theory]
    [InlineData("autoencoder-digits-csv", "bottleneck")]      // its CSV is in the repository's data/, out of reach
    [InlineData("autoencoder-digits-csv", "reconstructions")]
    [InlineData("autoencoder-digits-csv", "loss")]
    [InlineData("bandit", "returns")]
    [InlineData("activations", "activations")]
    public void MovedOutput_PlotsEveryKindThatNeedsNoData_FromTheDocumentAlone(string name, string kind)
    {
        using var temp = new TempDir();
        var output = temp.File("out.json");
        Assert.Equal(0, Cli.Run("run", Repo.Experiment(name), "--out", output, "--quiet").Exit);
        Directory.CreateDirectory(temp.File("far/away"));
        var moved = temp.File("far/away/moved.json");
        File.Move(output, moved);
        var (exit, _, err) = Cli.Run("plot", moved, "--kind", kind, "--out", temp.File("moved.png"));
        Assert.True(exit == 0, err);
        Assert.Equal(0, Cli.Run("plot", Path.Combine(Repo.Experiments, "expected", name + ".json"), "--kind", kind, "--out", temp.File("expected.png")).Exit);
        Assert.Equal(File.ReadAllBytes(temp.File("expected.png")), File.ReadAllBytes(temp.File("moved.png")));
    }

    [Fact]
    public void MovedOutput_DrawsItsBoundaryWithDataFromDataDir_AndSaysWhereItLookedWithout()
    {
        using var temp = new TempDir();
        var experiment = PointsExperiment(temp);
        var output = temp.File("exp/out/points.json");
        Assert.Equal(0, Cli.Run("run", experiment, "--out", output, "--quiet").Exit);
        Assert.Equal(0, Cli.Run("plot", output, "--kind", "boundary", "--out", temp.File("here.png")).Exit); // found one folder up
        using var elsewhere = new TempDir(); // no folder above it holds ../data/points.csv
        var moved = elsewhere.File("points.json");
        File.Move(output, moved);

        var (exit, stdout, stderr) = Cli.Run("plot", moved, "--kind", "boundary", "--out", temp.File("moved.png"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Equal("", stdout);
        Assert.Contains("error NF2010 at experiment.data.csv.path: the data file `../data/points.csv`", stderr);
        Assert.Contains("hint: give the folder that holds it: --data DIR", stderr);
        Assert.False(File.Exists(temp.File("moved.png")));

        (exit, _, stderr) = Cli.Run("plot", moved, "--kind", "boundary", "--out", temp.File("moved.png"), "--data", temp.File("data"));
        Assert.True(exit == 0, stderr);
        Assert.Equal(File.ReadAllBytes(temp.File("here.png")), File.ReadAllBytes(temp.File("moved.png")));
    }

    [Fact]
    public void MovedOutput_Verifies_WithDataDirWhenTheDataIsElsewhere()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.File("a/b"));
        var moved = temp.File("a/b/iris.json");
        Assert.Equal(0, Cli.Run("run", Repo.Experiment("iris"), "--out", moved, "--quiet").Exit);

        var (exit, _, stderr) = Cli.Run("verify", moved);
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains("error NF2010", stderr);

        (exit, var stdout, stderr) = Cli.Run("verify", moved, "--data", Path.Combine(Repo.Root, "data"));
        Assert.True(exit == 0, stderr);
        Assert.StartsWith($"ok  {moved}  sha256:", stdout);
        Assert.Contains("bit-identical", stdout);
    }

    [Fact]
    public void ChangedData_IsReportedAsSuch_ByVerifyWithItsOwnExitCode_BeforeAnyRun()
    {
        using var temp = new TempDir();
        var experiment = PointsExperiment(temp);
        var output = temp.File("exp/out/points.json");
        Assert.Equal(0, Cli.Run("run", experiment, "--out", output, "--quiet").Exit);
        var before = Sha256(temp.File("data/points.csv"));
        var rows = File.ReadAllLines(temp.File("data/points.csv"));
        rows[1] = rows[1].Replace("lo", "hi").Replace(",hi", rows[1].EndsWith("hi") ? ",lo" : ",hi");
        File.WriteAllLines(temp.File("data/points.csv"), rows);
        var after = Sha256(temp.File("data/points.csv"));
        Assert.NotEqual(before, after);

        var (exit, stdout, stderr) = Cli.Run("verify", output);
        Assert.Equal(ExitCode.DataChanged, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"error NF2009 at experiment.data.csv.path: changed since the output was made: {before} (", stderr);
        Assert.Contains($" → {after} (", stderr);
        Assert.DoesNotContain("divergent", stderr);

        // The same in a folder of experiments and their expected outputs.
        Directory.CreateDirectory(temp.File("exp/expected"));
        File.Move(output, temp.File("exp/expected/points.json"));
        (exit, stdout, _) = Cli.Run("verify", temp.File("exp"));
        Assert.Equal(ExitCode.DataChanged, exit);
        Assert.Contains($"DATA     points: ../data/points.csv changed since the expected output was made: {before} (", stdout);
        Assert.Contains("1 experiment: 1 with changed data", stdout);
    }

    [Fact]
    public void Diff_ShowsADataChangeAsItsOwnSection_AndMovedOutputsCompare()
    {
        using var temp = new TempDir();
        var experiment = PointsExperiment(temp);
        Assert.Equal(0, Cli.Run("run", experiment, "--out", temp.File("a.json"), "--quiet").Exit);
        File.AppendAllText(temp.File("data/points.csv"), "0.5,0.5,hi\n");
        Assert.Equal(0, Cli.Run("run", experiment, "--out", temp.File("b.json"), "--quiet").Exit);
        Directory.CreateDirectory(temp.File("moved"));
        File.Move(temp.File("a.json"), temp.File("moved/a.json"));
        File.Move(temp.File("b.json"), temp.File("moved/b.json"));
        Directory.Delete(temp.File("data"), recursive: true);

        var (exit, stdout, stderr) = Cli.Run("diff", temp.File("moved/a.json"), temp.File("moved/b.json"));
        Assert.True(exit == ExitCode.Differs, stderr);
        Assert.Contains("\nData: 3 changes\n", stdout);
        Assert.Contains("dataFiles[0].bytes", stdout);
        Assert.Contains("dataFiles[0].sha256", stdout);
        Assert.Contains("dataFiles[0].rows", stdout);
        Assert.Contains("differs: the data differs (dataFiles[0].bytes, dataFiles[0].sha256, dataFiles[0].rows)", stdout);

        (exit, stdout, _) = Cli.Run("diff", temp.File("moved/a.json"), temp.File("moved/a.json"));
        Assert.Equal(0, exit);
        Assert.Contains("\nData: identical (1 file)\n", stdout);
    }
}
