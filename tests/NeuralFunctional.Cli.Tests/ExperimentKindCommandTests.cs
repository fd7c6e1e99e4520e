using NeuralFunctional.Cli;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Commands given a kind of experiment they do not take say so (NF2212, exit 2) instead of reporting the file as
/// a broken network experiment.</summary>
public class ExperimentKindCommandTests
{
    [Theory]
    [InlineData("explain")]
    [InlineData("sweep")]
    public void ACurvesExperiment_IsRefusedByItsKind(string command)
    {
        using var temp = new TempDir();
        var file = Repo.Experiment("activations");
        var (exit, stdout, stderr) = command == "sweep" ? Cli.Run(command, file, "--out", temp.Path) : Cli.Run(command, file);
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{file}: error NF2212: is a curves experiment: `nf {command}` takes an experiment that trains a network or a policy\n", stderr);
        Assert.Contains($"draw it: nf plot {file} --kind activations --out curves.png", stderr);
        Assert.DoesNotContain("NF1008", stderr);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }
}
