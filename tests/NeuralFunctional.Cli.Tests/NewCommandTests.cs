using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf new</c>: every template parses, follows the schema and runs; existing files are kept unless
/// <c>--force</c>; unknown templates get a suggestion.</summary>
public class NewCommandTests
{
    /// <summary>Every template: each runs in an empty folder (the classifier reads the built-in iris dataset).</summary>
    public static TheoryData<string> Runnable => new(ExperimentTemplates.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Runnable))]
    public async Task New_Template_ParsesFollowsSchemaAndRuns(string template)
    {
        using var temp = new TempDir();
        var file = temp.File("mine.json");
        var (exit, _, err) = Cli.Run("new", template, file);
        Assert.True(exit == 0, err);
        var text = File.ReadAllText(file);
        Assert.EndsWith("}\n", text);
        Assert.DoesNotContain("\r", text);
        if (template == "bandit")
        {
            var rl = NeuralFunctional.Cli.ExperimentFiles.LoadKind(file, []);
            Assert.True(rl.IsSuccess, string.Join("\n", rl.FailToSeq()));
            Assert.Equal("mine", Assert.IsType<ExperimentKind.Reinforcement>(rl.SuccessToSeq().Head()).Experiment.Name);
        }
        else
        {
            var parsed = ExperimentParser.Parse(file, text);
            Assert.True(parsed.IsSuccess, string.Join("\n", parsed.FailToSeq()));
            Assert.Equal("mine", parsed.SuccessToSeq().Head().Name);
        }
        var schema = await JsonSchema.FromJsonAsync(ExperimentSchema.Generate());
        Assert.Empty(schema.Validate(text));
        var run = Cli.Run("run", file, "--out", temp.File("out.json"));
        Assert.True(run.Exit == 0, run.Err);
    }

    /// <summary>The classifier template reads the built-in iris dataset (so it runs in any folder), trains, and can be
    /// plotted, as README tells a new user.</summary>
    [Fact]
    public void New_Classifier_WritesCsvClassifier()
    {
        using var temp = new TempDir();
        var file = Path.Combine(temp.Path, "experiments", "iris-mine.json");
        var (exit, _, err) = Cli.Run("new", "classifier", file);
        Assert.True(exit == 0, err);
        var json = JObject.Parse(File.ReadAllText(file));
        Assert.Equal("iris", (string?)json.SelectToken("data.csv.dataset"));
        Assert.Null(json.SelectToken("data.csv.path"));
        Assert.Equal("species", (string?)json.SelectToken("data.csv.target"));
        var parsed = ExperimentParser.Parse(file, File.ReadAllText(file));
        Assert.True(parsed.IsSuccess, string.Join("\n", parsed.FailToSeq()));
        var run = Cli.Run("run", file);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("test confusion", run.Out);

        // The README's path for a new user: template → trained model → confusion matrix → loss plot.
        var output = Path.Combine(temp.Path, "experiments", "out", "iris-mine.json");
        var doc = JObject.Parse(File.ReadAllText(output));
        Assert.Equal(3, doc.SelectToken("metrics.test.confusion")!.Count());
        var plot = Cli.Run("plot", output, "--kind", "network", "--out", temp.File("network.png"));
        Assert.True(plot.Exit == 0, plot.Err);
        Assert.True(new FileInfo(temp.File("network.png")).Length > 1000);
    }

    [Fact]
    public void New_ExistingFile_RefusesAndKeepsIt()
    {
        using var temp = new TempDir();
        var file = temp.File("mine.json");
        File.WriteAllText(file, "keep me");
        var (exit, _, err) = Cli.Run("new", "hiring", file);
        Assert.Equal(2, exit);
        Assert.Contains("NF2202", err);
        Assert.Contains("--force", err);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public void New_ExistingFileWithForce_Overwrites()
    {
        using var temp = new TempDir();
        var file = temp.File("mine.json");
        File.WriteAllText(file, "old");
        var (exit, _, err) = Cli.Run("new", "neuron", file, "--force");
        Assert.True(exit == 0, err);
        Assert.Equal("mine", (string?)JObject.Parse(File.ReadAllText(file))["name"]);
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void New_UnknownTemplate_SuggestsAndWritesNothing()
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run("new", "hirng", temp.File("x.json"));
        Assert.Equal(2, exit);
        Assert.Contains("did you mean `hiring`?", err);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void New_List_PrintsOneLinePerTemplate()
    {
        var (exit, stdout, _) = Cli.Run("new", "--list");
        Assert.Equal(0, exit);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(["neuron", "logic-gate", "hiring", "classifier", "sequence", "autoencoder", "bandit"], lines.Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public void New_InsideRepository_PointsToTheSchema()
    {
        var folder = Path.Combine(Repo.Root, "experiments", ".new-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var file = Path.Combine(folder, "x.json");
            Assert.Equal(0, Cli.Run("new", "neuron", file).Exit);
            Assert.Equal("../../schema/experiment.schema.json", (string?)JObject.Parse(File.ReadAllText(file))["$schema"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void New_OutsideAnyRepository_OmitsSchema()
    {
        using var temp = new TempDir();
        Assert.Equal(0, Cli.Run("new", "neuron", temp.File("x.json")).Exit);
        Assert.Null(JObject.Parse(File.ReadAllText(temp.File("x.json")))["$schema"]);
    }
}
