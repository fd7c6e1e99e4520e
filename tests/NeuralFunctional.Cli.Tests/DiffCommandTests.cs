using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf diff</c> through the command line: each format, the exit codes of diff(1), and bad input.</summary>
public class DiffCommandTests
{
    private static string Expected(string name) => Path.Combine(Repo.Experiments, "expected", name + ".json");

    /// <summary>A copy of hiring's expected output with the loss at epoch 40 one digit up in the last place.</summary>
    private static string Tampered(TempDir temp)
    {
        var text = File.ReadAllText(Expected("hiring"));
        Assert.Contains("\"loss\": 0.2822508436412708\n", text);
        var path = temp.File("tampered.json");
        File.WriteAllText(path, text.Replace("\"loss\": 0.2822508436412708\n", "\"loss\": 0.2822508436412709\n"));
        return path;
    }

    [Fact]
    public void Diff_TwoExperimentFiles_RunsBothAndReportsTheLearningRate()
    {
        var (exit, stdout, stderr) = Cli.Run("diff", Repo.Experiment("hiring"), Repo.Experiment("hiring-lr-1"));
        Assert.True(exit == 1, stderr);
        Assert.Contains("training.optimizer.learningRate  0.1 → 1", stdout);
        Assert.Contains("Trace: first divergent epoch 10", stdout);
        Assert.Contains("Predictions: 6 of 6 rows changed", stdout);
        Assert.True(stdout.IndexOf("Configuration", StringComparison.Ordinal) < stdout.IndexOf("Metrics", StringComparison.Ordinal));
        Assert.True(stdout.IndexOf("Metrics", StringComparison.Ordinal) < stdout.IndexOf("Trace", StringComparison.Ordinal));
        Assert.True(stdout.IndexOf("Trace", StringComparison.Ordinal) < stdout.IndexOf("Predictions", StringComparison.Ordinal));
        Assert.True(stdout.Split('\n').Count(l => l.StartsWith("  1000 ", StringComparison.Ordinal) || l.StartsWith("  0 ", StringComparison.Ordinal)) == 2);
        Assert.Empty(stderr);
    }

    [Fact]
    public void Diff_OutputAgainstItsExperiment_IsIdenticalAndExits0()
    {
        var (exit, stdout, _) = Cli.Run("diff", Expected("hiring"), Repo.Experiment("hiring"));
        Assert.Equal(0, exit);
        Assert.Contains("Trace: identical (101 recorded epochs)", stdout);
        Assert.Contains("identical: every compared value is bit-equal", stdout);
    }

    [Fact]
    public void Diff_OneUlpApart_Exits1UnlessWithinTolerance()
    {
        using var temp = new TempDir();
        var tampered = Tampered(temp);
        var (exit, stdout, _) = Cli.Run("diff", Expected("hiring"), tampered);
        Assert.Equal(1, exit);
        Assert.Contains("first divergent epoch 40", stdout);
        Assert.Equal(0, Cli.Run("diff", Expected("hiring"), tampered, "--tolerance", "1e-12").Exit);
        Assert.Equal(1, Cli.Run("diff", Expected("hiring"), tampered, "--tolerance", "1e-17").Exit);
    }

    [Fact]
    public void Diff_JsonFormat_WritesCanonicalJsonWithStableFields()
    {
        using var temp = new TempDir();
        var (exit, stdout, _) = Cli.Run("diff", Expected("hiring"), Tampered(temp), "--format", "json");
        Assert.Equal(1, exit);
        var json = JObject.Parse(stdout);
        Assert.Equal(CanonicalJson.Write(json), stdout);
        Assert.Equal(40, (int)json["trace"]!["firstDivergentEpoch"]!);
        Assert.Equal(2, (int)json["trace"]!["ulpAtFirstDivergence"]!);   // ...708 → ...709 in the 16th digit is two doubles up
        Assert.False((bool)json["trace"]!["identical"]!);
        Assert.Empty((JArray)json["configChanges"]!);
        Assert.NotNull(json["metrics"]);
        Assert.NotNull(json["predictions"]);
    }

    [Fact]
    public void Diff_JsonFormatIdentical_Exits0()
    {
        var (exit, stdout, _) = Cli.Run("diff", Expected("neuron"), Expected("neuron"), "--format", "json");
        Assert.Equal(0, exit);
        Assert.True((bool)JObject.Parse(stdout)["identical"]!);
        Assert.True(JObject.Parse(stdout)["trace"]!["firstDivergentEpoch"]!.Type == JTokenType.Null);
    }

    [Fact]
    public void Diff_MarkdownOfHiringAndLearningRate1_MatchesSnapshot()
    {
        var (exit, stdout, _) = Cli.Run("diff", Repo.Experiment("hiring"), Repo.Experiment("hiring-lr-1"), "--format", "markdown");
        Assert.Equal(1, exit);
        Assert.Contains("| `training.optimizer.learningRate` | `0.1` | `1` |", stdout);
        Snapshot.Match(stdout.Replace(Repo.Root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal));
    }

    [Fact]
    public void Diff_NeitherOutputNorExperiment_SaysSoAndExits2()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.File("other.json"), "{ \"hello\": \"world\" }");
        var (exit, stdout, stderr) = Cli.Run("diff", temp.File("other.json"), Expected("hiring"));
        AssertRejected(exit, stdout, stderr);
        Assert.Contains("NF2001", stderr);
        Assert.Contains("neither an output document nor an experiment file", stderr);
        Assert.Contains("hint:", stderr);
    }

    [Fact]
    public void Diff_UnknownOutputFormat_NamesTheFormatAndExits2()
    {
        using var temp = new TempDir();
        var path = temp.File("future.json");
        File.WriteAllText(path, File.ReadAllText(Expected("neuron")).Replace(OutputDocument.Format, "neuralfunctional/output@9"));
        var (exit, stdout, stderr) = Cli.Run("diff", path, Expected("neuron"));
        AssertRejected(exit, stdout, stderr);
        Assert.Contains("NF2002", stderr);
        Assert.Contains("output@9", stderr);
    }

    [Fact]
    public void Diff_TruncatedOutputDocument_SaysWhichSectionIsWrong()
    {
        using var temp = new TempDir();
        var doc = JObject.Parse(File.ReadAllText(Expected("neuron")));
        doc["trace"] = "gone";
        File.WriteAllText(temp.File("cut.json"), CanonicalJson.Write(doc));
        var (exit, stdout, stderr) = Cli.Run("diff", temp.File("cut.json"), Expected("neuron"));
        AssertRejected(exit, stdout, stderr);
        Assert.Contains("NF2003 at trace", stderr);
    }

    [Fact]
    public void Diff_MissingFile_Exits2AndWritesNothing()
    {
        using var temp = new TempDir();
        File.Copy(Repo.Experiment("hiring"), temp.File("hiring.json"));
        var (exit, stdout, stderr) = Cli.Run("diff", temp.File("hiring.json"), temp.File("nope.json"));
        AssertRejected(exit, stdout, stderr);
        Assert.Contains("nope.json", stderr);
        Assert.Contains("no such file", stderr);
        Assert.Equal([temp.File("hiring.json")], Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Diff_TwoExperiments_WritesNoFile()
    {
        using var temp = new TempDir();
        File.Copy(Repo.Experiment("neuron"), temp.File("a.json"));
        File.Copy(Repo.Experiment("neuron"), temp.File("b.json"));
        Assert.Equal(0, Cli.Run("diff", temp.File("a.json"), temp.File("b.json")).Exit);
        Assert.Equal(2, Directory.GetFileSystemEntries(temp.Path).Length);
    }

    [Theory]
    [InlineData("--format", "yaml")]
    [InlineData("--tolerance", "-1")]
    [InlineData("--tolerance", "lots")]
    public void Diff_BadOption_Exits2NotDiffers(string option, string value)
    {
        var (exit, _, stderr) = Cli.Run("diff", Expected("neuron"), Expected("neuron"), option, value);
        Assert.Equal(2, exit);
        Assert.NotEmpty(stderr);
    }

    [Fact]
    public void Diff_InvalidExperiment_ReportsItsErrorsAndExits2()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.File("bad.json"), File.ReadAllText(Repo.Experiment("hiring")).Replace("\"epochs\": 1000", "\"epochs\": 0"));
        var (exit, stdout, stderr) = Cli.Run("diff", temp.File("bad.json"), Repo.Experiment("hiring"));
        AssertRejected(exit, stdout, stderr);
        Assert.Contains("training.epochs", stderr);
    }

    private static void AssertRejected(int exit, string stdout, string stderr)
    {
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Exception", stderr);
        Assert.Contains("nothing was written", stderr);
    }
}
