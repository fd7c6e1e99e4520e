using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf verify</c>: reproducing one output document, and checking a folder of experiments against its
/// committed expected outputs.</summary>
public class VerifyCommandTests
{
    [Fact]
    public void Verify_FreshOutput_IsReproducedAndExits0()
    {
        using var temp = new TempDir();
        Cli.Run("run", Repo.Experiment("hiring"), "--out", temp.File("hiring.json"));
        var (exit, stdout, stderr) = Cli.Run("verify", temp.File("hiring.json"));
        Assert.True(exit == 0, stdout + stderr);
        Assert.StartsWith("ok  ", stdout);
        Assert.Contains("sha256:", stdout);
    }

    [Fact]
    public void Verify_LastDigitOfATraceValueChanged_Exits1AndNamesTheEpoch()
    {
        using var temp = new TempDir();
        Cli.Run("run", Repo.Experiment("hiring"), "--out", temp.File("hiring.json"));
        var text = File.ReadAllText(temp.File("hiring.json"));
        Assert.Contains("0.2822508436412708\n", text);
        File.WriteAllText(temp.File("hiring.json"), text.Replace("0.2822508436412708\n", "0.2822508436412709\n"));
        var (exit, stdout, _) = Cli.Run("verify", temp.File("hiring.json"));
        Assert.Equal(1, exit);
        Assert.StartsWith("DIFFERS ", stdout);
        Assert.Contains("first divergent epoch 40", stdout);
        Assert.Contains("Trace: first divergent epoch 40", stdout);
    }

    [Fact]
    public void Verify_JsonFormat_WritesTheComparison()
    {
        var (exit, stdout, _) = Cli.Run("verify", Path.Combine(Repo.Experiments, "expected", "xor-2-2-1.json"), "--format", "json");
        Assert.Equal(0, exit);
        Assert.True((bool)JObject.Parse(stdout)["trace"]!["identical"]!);
    }

    [Fact]
    public void Verify_ShippedExperiments_AllMatchTheirExpectedOutputs()
    {
        var (exit, stdout, stderr) = Cli.Run("verify", Repo.Experiments);
        Assert.True(exit == 0, stdout + stderr);
        var names = Repo.ExperimentNames().ToList();
        foreach (var name in names) Assert.Contains($"ok       {name}  sha256:", stdout);
        Assert.EndsWith($"{names.Count} experiments: {names.Count} ok\n", stdout);
    }

    [Fact]
    public void Verify_ExpectedOutputs_AreNotTakenForExperiments()
    {
        Assert.True(Directory.GetFiles(Path.Combine(Repo.Experiments, "expected"), "*.json").Length >= Repo.ExperimentNames().Count());
        Assert.DoesNotContain(Repo.ExperimentNames(), n => n.Contains("expected", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_FolderLifecycle_MissingThenUpdatedThenOkThenDiffers()
    {
        using var temp = new TempDir();
        File.Copy(Repo.Experiment("neuron"), temp.File("neuron.json"));
        File.Copy(Repo.Experiment("hiring"), temp.File("hiring.json"));
        var expected = Path.Combine(temp.Path, "expected", "hiring.json");

        var missing = Cli.Run("verify", temp.Path);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("MISSING  hiring: no expected/hiring.json", missing.Out);

        var update = Cli.Run("verify", temp.Path, "--update");
        Assert.Equal(0, update.Exit);
        Assert.Contains("updated  hiring  sha256:", update.Out);
        Cli.Run("run", Repo.Experiment("hiring"), "--out", temp.File("run.json"));
        Assert.Equal(File.ReadAllBytes(temp.File("run.json")), File.ReadAllBytes(expected));
        File.Delete(temp.File("run.json"));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));

        Assert.Contains("same     hiring", Cli.Run("verify", temp.Path, "--update").Out);
        Assert.Equal(0, Cli.Run("verify", temp.Path).Exit);

        File.WriteAllText(expected, File.ReadAllText(expected).Replace("0.2822508436412708\n", "0.2822508436412709\n"));
        var differs = Cli.Run("verify", temp.Path);
        Assert.Equal(1, differs.Exit);
        Assert.Contains("DIFFERS  hiring: first divergent epoch 40", differs.Out);
        Assert.Contains("ok       neuron", differs.Out);
        Assert.EndsWith("2 experiments: 1 ok, 1 differ\n", differs.Out);
    }

    [Fact]
    public void Verify_ExpectedRewrittenNonCanonically_DiffersOnBytes()
    {
        using var temp = new TempDir();
        File.Copy(Repo.Experiment("neuron"), temp.File("neuron.json"));
        Cli.Run("verify", temp.Path, "--update");
        var expected = Path.Combine(temp.Path, "expected", "neuron.json");
        File.WriteAllText(expected, JObject.Parse(File.ReadAllText(expected)).ToString(Newtonsoft.Json.Formatting.None));
        var (exit, stdout, _) = Cli.Run("verify", temp.Path);
        Assert.Equal(1, exit);
        Assert.Contains("not canonical", stdout);
    }

    [Fact]
    public void Verify_ExperimentFile_SaysItWantsAnOutputDocument()
    {
        var (exit, stdout, stderr) = Cli.Run("verify", Repo.Experiment("hiring"));
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("NF2004", stderr);
    }

    [Fact]
    public void Verify_UpdateOnAFile_IsRefused()
    {
        var (exit, _, stderr) = Cli.Run("verify", Path.Combine(Repo.Experiments, "expected", "neuron.json"), "--update");
        Assert.Equal(2, exit);
        Assert.Contains("NF2007", stderr);
    }

    [Fact]
    public void Verify_RecordedExperimentInvalid_PointsIntoTheDocument()
    {
        using var temp = new TempDir();
        var doc = JObject.Parse(File.ReadAllText(Path.Combine(Repo.Experiments, "expected", "neuron.json")));
        doc["experiment"]!["seed"] = "seven";
        File.WriteAllText(temp.File("doc.json"), CanonicalJson.Write(doc));
        var (exit, _, stderr) = Cli.Run("verify", temp.File("doc.json"));
        Assert.Equal(2, exit);
        Assert.Contains("experiment.seed", stderr);
    }

    [Fact]
    public void Verify_CurvesDocumentWithOneValueChanged_SaysWhichSectionDiffers()
    {
        using var temp = new TempDir();
        var doc = JObject.Parse(File.ReadAllText(Path.Combine(Repo.Experiments, "expected", "activations.json")));
        var value = (JValue)doc["curves"]![3]!["a"]![20]!;
        value.Value = Math.BitIncrement((double)value);
        File.WriteAllText(temp.File("curves.json"), CanonicalJson.Write(doc));
        var (exit, stdout, _) = Cli.Run("verify", temp.File("curves.json"));
        Assert.Equal(1, exit);
        Assert.Contains("curves: 1 of ", stdout);
        Assert.Equal(0, Cli.Run("diff", Repo.Experiment("activations"), Path.Combine(Repo.Experiments, "expected", "activations.json")).Exit);
    }

    [Fact]
    public void Verify_EmptyFolder_Exits2()
    {
        using var temp = new TempDir();
        var (exit, _, stderr) = Cli.Run("verify", temp.Path);
        Assert.Equal(2, exit);
        Assert.Contains("NF2006", stderr);
    }
}
