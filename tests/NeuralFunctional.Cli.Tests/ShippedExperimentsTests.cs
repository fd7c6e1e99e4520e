using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Every file in experiments/ is run through the command line and its output document compared with the
/// stored snapshot: a changed snapshot is a changed product output.</summary>
public class ShippedExperimentsTests
{
    public static TheoryData<string> Names => new(Repo.ExperimentNames());

    [Theory]
    [MemberData(nameof(Names))]
    public void Run_ShippedExperiment_MatchesSnapshot(string name)
    {
        using var temp = new TempDir();
        var output = temp.File(name + ".json");
        var (exit, stdout, stderr) = Cli.Run("run", Repo.Experiment(name), "--out", output);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var document = File.ReadAllText(output);
        Assert.EndsWith("}\n", document);
        Assert.DoesNotContain("\r", document);
        Snapshot.Match(document, SnapshotNameExtension.Create(name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Run_ShippedExperiment_DescribesWhatItShows(string name)
    {
        var json = JObject.Parse(File.ReadAllText(Repo.Experiment(name)));
        Assert.Equal(name, (string?)json["name"]);
        Assert.True(((string?)json["description"])?.Length > 40, $"{name} needs a description saying what it shows");
        Assert.Equal("../schema/experiment.schema.json", (string?)json["$schema"]);
    }

    [Fact]
    public void Run_SameExperimentTwice_WritesIdenticalBytes()
    {
        using var temp = new TempDir();
        Cli.Run("run", Repo.Experiment("hiring"), "--out", temp.File("a.json"));
        Cli.Run("run", Repo.Experiment("hiring"), "--out", temp.File("b.json"));
        Assert.Equal(File.ReadAllBytes(temp.File("a.json")), File.ReadAllBytes(temp.File("b.json")));
    }

    [Fact]
    public void Run_Hiring_PrintsJamalAndMina()
    {
        using var temp = new TempDir();
        var (exit, stdout, _) = Cli.Run("run", Repo.Experiment("hiring"), "--out", temp.File("hiring.json"));
        Assert.Equal(0, exit);
        Assert.Contains("Jamal", stdout);
        Assert.Contains("Mina", stdout);
        var doc = JObject.Parse(File.ReadAllText(temp.File("hiring.json")));
        var jamal = (double)doc["predictions"]!["test"]![0]!["output"]![0]!;
        var mina = (double)doc["predictions"]!["test"]![1]!["output"]![0]!;
        Assert.True(jamal < 0.5 && mina > 0.5, $"Jamal {jamal}, Mina {mina}: the network should hire Mina, not Jamal");
    }

    [Fact]
    public void Run_OutToStdout_PrintsTheDocumentAndSummaryToStderr()
    {
        var (exit, stdout, stderr) = Cli.Run("run", Repo.Experiment("neuron"), "--out", "-");
        Assert.Equal(0, exit);
        var doc = JObject.Parse(stdout);
        Assert.Equal(0.9999938558253978, (double)doc["predictions"]!["test"]![0]!["output"]![0]!);
        Assert.Contains("lecture", stderr);
    }

    [Theory]
    [InlineData("neuron", 0.9999938558253978)]
    [InlineData("network-2-2-1", 0.7216325609518421)]
    public void Run_LectureNetworks_GiveTheLecturesNumbers(string name, double expected)
    {
        var (_, stdout, _) = Cli.Run("run", Repo.Experiment(name), "--out", "-");
        Assert.Equal(expected, (double)JObject.Parse(stdout)["predictions"]!["test"]![0]!["output"]![0]!);
    }

    [Theory]
    [InlineData("and", new double[] { 0, 0, 0, 1 })]
    [InlineData("or", new double[] { 0, 1, 1, 1 })]
    public void Run_LogicGates_ReproduceTruthTables(string name, double[] expected)
    {
        var (_, stdout, _) = Cli.Run("run", Repo.Experiment(name), "--out", "-");
        var doc = JObject.Parse(stdout);
        Assert.Equal(expected, doc["predictions"]!["test"]!.Select(r => (double)r["output"]![0]!));
        Assert.Equal(1.0, (double)doc["metrics"]!["test"]!["accuracy"]!);
    }

    [Fact]
    public void Run_Xor_OneNeuronFailsAndHiddenLayerSucceeds()
    {
        double Accuracy(string name) =>
            (double)JObject.Parse(Cli.Run("run", Repo.Experiment(name), "--out", "-").Out)["metrics"]!["train"]!["accuracy"]!;
        Assert.True(Accuracy("xor-neuron") <= 0.75);
        Assert.Equal(1.0, Accuracy("xor-2-2-1"));
    }
}
