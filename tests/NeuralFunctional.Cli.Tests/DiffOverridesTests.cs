using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>--set</c> on <c>nf diff</c>: applied to both experiments; <c>--set-b</c> to B only.</summary>
public class DiffOverridesTests
{
    [Fact]
    public void Diff_SetBOnly_ShowsThatOneChange()
    {
        var (exit, stdout, stderr) = Cli.Run("diff", Repo.Experiment("hiring"), Repo.Experiment("hiring"),
            "--set", "training.epochs=20", "--set-b", "training.optimizer.learningRate=1", "--format", "json");
        Assert.True(exit == 1, stderr);
        var report = JObject.Parse(stdout);
        var changes = report["configChanges"]!.ToString();
        Assert.Contains("training.optimizer.learningRate", changes);
        Assert.DoesNotContain("training.epochs", changes);
        Assert.Equal(3, (int)report["trace"]!["commonEpochs"]!);   // epochs 0, 10, 20: both runs have 20 epochs
    }

    [Fact]
    public void Diff_SetOnBoth_IsIdentical()
    {
        var (exit, stdout, _) = Cli.Run("diff", Repo.Experiment("hiring"), Repo.Experiment("hiring"), "--set", "training.epochs=5");
        Assert.Equal(0, exit);
        Assert.Contains("identical", stdout);
    }

    [Fact]
    public void Diff_SetWithUnknownPath_IsBadInputNamingTheOverride()
    {
        var (exit, _, stderr) = Cli.Run("diff", Repo.Experiment("hiring"), Repo.Experiment("hiring"), "--set-b", "training.epocs=5");
        Assert.Equal(2, exit);
        Assert.Contains("--set training.epocs=5", stderr);
        Assert.Contains("did you mean `epochs`", stderr);
    }

    [Fact]
    public void Diff_SetOnOutputDocument_IsRefused()
    {
        using var temp = new TempDir();
        Cli.Run("run", Repo.Experiment("neuron"), "--out", temp.File("n.json"));
        var (exit, _, stderr) = Cli.Run("diff", temp.File("n.json"), temp.File("n.json"), "--set", "seed=3");
        Assert.Equal(2, exit);
        Assert.Contains("output document", stderr);
    }
}
