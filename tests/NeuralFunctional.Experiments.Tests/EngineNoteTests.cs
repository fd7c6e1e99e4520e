namespace NeuralFunctional.Experiments.Tests;

/// <summary>No silent cliff: a run that cannot use the batched engine says so once on standard error; one that can says nothing.</summary>
public class EngineNoteTests
{
    [Fact]
    public void Run_ElmanExperiment_SaysOnceThatItTrainsOnTheReferencePath()
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("memory-elman"), "--out", dir.File("out.json"));
        Assert.Equal(0, exit);
        Assert.Equal(1, err.Split('\n').Count(line => line.StartsWith("note: Elman networks train on the per-sample reference path", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("hiring-adam")]
    [InlineData("autoencoder-digits-csv")]
    [InlineData("iris-optimizers")]
    public void Run_DenseExperiment_SaysNothingAboutTheEngine(string name)
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run("run", Repo.Experiment(name), "--out", dir.File("out.json"));
        Assert.Equal(0, exit);
        Assert.DoesNotContain("reference path", err);
    }

    [Fact]
    public void Run_ElmanExperimentQuiet_SaysNothing()
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("memory-elman"), "--out", dir.File("out.json"), "--quiet");
        Assert.Equal(0, exit);
        Assert.DoesNotContain("note:", err);
    }
}
