using NeuralFunctional.Cli;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Every command reads each experiment file it is given once (parsed once, its kind decided once): counted by
/// <see cref="ReadLog"/> around an in-process <c>nf</c> call, for every kind of experiment each command takes.</summary>
public class ReadOnceTests
{
    private static IReadOnlyList<string> Reads(params string[] args) => Reads(ExitCode.Ok, args);

    private static IReadOnlyList<string> Reads(int expectedExit, params string[] args)
    {
        var ((exit, _, err), reads) = ReadLog.Watch(() => Cli.Run(args));
        Assert.True(exit == expectedExit, $"nf {string.Join(' ', args)} exited {exit}: {err}");
        return reads;
    }

    private static void AssertReadOnce(IReadOnlyList<string> reads, params string[] files)
    {
        foreach (var file in files)
            Assert.True(reads.Count(r => r == Path.GetFullPath(file)) == 1,
                $"{file} read {reads.Count(r => r == Path.GetFullPath(file))} times; reads: {string.Join(", ", reads)}");
    }

    [Theory]
    [InlineData("hiring")]            // supervised, inline rows
    [InlineData("iris")]              // supervised, a CSV file
    [InlineData("memory-elman")]      // supervised, an Elman network
    [InlineData("bandit")]            // reinforcement
    [InlineData("activations")]       // curves
    public void Run_ReadsTheExperimentOnce(string name)
    {
        using var temp = new TempDir();
        var reads = Reads("run", Repo.Experiment(name), "--out", temp.File("o.json"), "--quiet");
        AssertReadOnce(reads, Repo.Experiment(name));
        Assert.Single(reads);
    }

    [Theory]
    [InlineData("hiring-seeds", "training.epochs=20")]
    [InlineData("bandit-baselines", "training.episodes=20")]
    public void Sweep_ReadsTheExperimentOnce(string name, string shorter)
    {
        using var temp = new TempDir();
        var reads = Reads("sweep", Repo.Experiment(name), "--out", temp.Path, "--set", shorter);
        AssertReadOnce(reads, Repo.Experiment(name));
        Assert.Single(reads);
    }

    [Theory]
    [InlineData("hiring")]
    [InlineData("memory-elman")]
    [InlineData("bandit")]
    public void Explain_ReadsTheExperimentOnce(string name)
    {
        var reads = Reads("explain", Repo.Experiment(name));
        AssertReadOnce(reads, Repo.Experiment(name));
        Assert.Single(reads);
    }

    [Fact]
    public void Diff_ReadsEachSideOnce_ExperimentOrOutput()
    {
        using var temp = new TempDir();
        var output = temp.File("tanh.json");
        Assert.Equal(0, Cli.Run("run", Repo.Experiment("hiring-tanh"), "--out", output, "--quiet").Exit);
        var reads = Reads(ExitCode.Differs, "diff", Repo.Experiment("hiring"), output);
        AssertReadOnce(reads, Repo.Experiment("hiring"), output);
        Assert.Equal(2, reads.Count);
    }

    [Fact]
    public void Plot_OfAnExperiment_ReadsItOnce()
    {
        using var temp = new TempDir();
        var reads = Reads("plot", Repo.Experiment("hiring"), "--kind", "loss", "--out", temp.File("loss.png"));
        AssertReadOnce(reads, Repo.Experiment("hiring"));
        Assert.Single(reads);
    }

    [Fact]
    public void Verify_OfAFolder_ReadsEachExperimentAndEachExpectedOutputOnce()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.File("expected"));
        foreach (var name in new[] { "hiring", "bandit" })
        {
            File.Copy(Repo.Experiment(name), temp.File(name + ".json"));
            File.Copy(Path.Combine(Path.GetDirectoryName(Repo.Experiment(name))!, "expected", name + ".json"), temp.File(Path.Combine("expected", name + ".json")));
        }
        var reads = Reads("verify", temp.Path);
        AssertReadOnce(reads, temp.File("hiring.json"), temp.File("bandit.json"),
            temp.File(Path.Combine("expected", "hiring.json")), temp.File(Path.Combine("expected", "bandit.json")));
        Assert.Equal(4, reads.Count);
    }
}
