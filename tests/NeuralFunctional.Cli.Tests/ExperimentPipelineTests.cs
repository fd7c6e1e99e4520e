using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The one dispatch on the kind in the host (<see cref="ExperimentPipelines.Of"/>): what each kind supplies
/// to the commands, and the refusals that come from the kind rather than from a command.</summary>
public class ExperimentPipelineTests
{
    private static IExperimentPipeline Of(string name) =>
        ExperimentFiles.LoadKind(Repo.Experiment(name), []).Map(ExperimentPipelines.Of).Match(p => p, errors => throw new Xunit.Sdk.XunitException(string.Join("\n", errors)));

    [Theory]
    [InlineData("iris", "iris.csv")]
    [InlineData("hiring", null)]
    [InlineData("cartpole", null)]
    [InlineData("activations", null)]
    public void DataFile_IsTheCsvBesideTheExperiment(string name, string? file)
    {
        var data = Of(name).DataFile(Repo.Experiment(name));
        Assert.Equal(file is null ? null : Path.GetFullPath(Path.Combine(Repo.Root, "data", file)), data is null ? null : Path.GetFullPath(data));
    }

    [Theory]
    [InlineData("hiring", typeof(SupervisedTrainingRun))]
    [InlineData("sine-elman", typeof(SupervisedTrainingRun))]
    [InlineData("bandit", typeof(ReinforcementTrainingRun))]
    public void Run_IsTheKindsTrainingRun(string name, Type expected) =>
        Assert.IsType(expected, Of(name).Run(PredictionsForm.Full).Match(r => r, errors => throw new Xunit.Sdk.XunitException(string.Join("\n", errors))));

    [Fact]
    public void Curves_RunWritesTheExpectedDocument_AndRefusesResume()
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("activations"), "--out", temp.File("a.json"), "--quiet");
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Repo.Experiments, "expected", "activations.json")), File.ReadAllBytes(temp.File("a.json")));
        File.WriteAllText(temp.File("c.json"), "{}");
        (exit, _, err) = Cli.Run("run", Repo.Experiment("activations"), "--out", temp.File("b.json"), "--resume", temp.File("c.json"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains("--resume: error NF0004: continues a training run; a curves experiment trains nothing", err);
        Assert.False(File.Exists(temp.File("b.json")));
    }

    [Theory]
    [InlineData("explain")]
    [InlineData("sweep")]
    public void Curves_HaveNoExplanationAndNoSweep(string command)
    {
        using var temp = new TempDir();
        var (exit, _, err) = command == "sweep"
            ? Cli.Run("sweep", Repo.Experiment("activations"), "--out", temp.Path)
            : Cli.Run("explain", Repo.Experiment("activations"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains($"error NF2212: is a curves experiment: `nf {command}` takes an experiment that trains a network or a policy", err);
    }
}
