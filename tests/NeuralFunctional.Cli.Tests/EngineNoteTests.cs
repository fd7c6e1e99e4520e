namespace NeuralFunctional.Cli.Tests;

/// <summary>No silent cliff, and no stale warning: every kind of network trains on the batched engine, so no run says it
/// falls back to the reference path.</summary>
public class EngineNoteTests
{
    [Theory]
    [InlineData("hiring-adam")]
    [InlineData("autoencoder-digits-csv")]
    [InlineData("iris-optimizers")]
    [InlineData("memory-elman")]
    [InlineData("sine-elman")]
    public void Run_SaysNothingAboutTheEngine(string name)
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run("run", Repo.Experiment(name), "--out", dir.File("out.json"));
        Assert.Equal(0, exit);
        Assert.DoesNotContain("reference path", err);
        Assert.DoesNotContain("note:", err);
    }
}
