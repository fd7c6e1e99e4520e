using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf run --predictions full|outputs|none</c> (issue 13, item 9): how much of each row the output
/// document lists. The default writes what it always wrote; <c>outputs</c> drops each row's x and says so in
/// <c>predictionsWritten</c>; <c>none</c> lists no row but keeps the metrics; <c>nf verify</c> re-runs either form to
/// the same bytes.</summary>
public class PredictionsFormTests
{
    private static JObject Run(TempDir temp, string form, string name)
    {
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("iris"), "--out", temp.File(name), "--quiet", "--predictions", form);
        Assert.True(exit == 0, err);
        return JObject.Parse(File.ReadAllText(temp.File(name)));
    }

    [Fact]
    public void Full_IsTheDefaultDocument()
    {
        using var temp = new TempDir();
        Run(temp, "full", "full.json");
        Assert.Equal(0, Cli.Run("run", Repo.Experiment("iris"), "--out", temp.File("default.json"), "--quiet").Exit);
        Assert.Equal(File.ReadAllBytes(temp.File("default.json")), File.ReadAllBytes(temp.File("full.json")));
        Assert.Null(JObject.Parse(File.ReadAllText(temp.File("full.json")))["predictionsWritten"]);
    }

    [Fact]
    public void Outputs_DropsEachRowsX_AndVerifiesToTheSameBytes()
    {
        using var temp = new TempDir();
        var full = Run(temp, "full", "full.json");
        var outputs = Run(temp, "outputs", "outputs.json");
        Assert.Equal("outputs", (string?)outputs["predictionsWritten"]);
        foreach (var set in new[] { "train", "test" })
        {
            var (a, b) = ((JArray)full["predictions"]![set]!, (JArray)outputs["predictions"]![set]!);
            Assert.Equal(a.Count, b.Count);
            for (var i = 0; i < a.Count; i++)
            {
                Assert.Null(b[i]["x"]);
                Assert.Equal(a[i]["id"], b[i]["id"]);
                Assert.True(JToken.DeepEquals(a[i]["y"], b[i]["y"]));
                Assert.True(JToken.DeepEquals(a[i]["output"], b[i]["output"]));
            }
        }
        Assert.True(JToken.DeepEquals(full["metrics"], outputs["metrics"]));
        Assert.Equal(full["traceHash"], outputs["traceHash"]);
        var (exit, stdout, err) = Cli.Run("verify", temp.File("outputs.json"), "--data", Path.Combine(Repo.Root, "data"));
        Assert.True(exit == 0, stdout + err);
    }

    [Fact]
    public void None_ListsNoRow_KeepsTheMetrics_AndVerifies()
    {
        using var temp = new TempDir();
        var full = Run(temp, "full", "full.json");
        var none = Run(temp, "none", "none.json");
        Assert.Equal("none", (string?)none["predictionsWritten"]);
        Assert.Empty((JObject)none["predictions"]!);
        Assert.True(JToken.DeepEquals(full["metrics"], none["metrics"]));
        Assert.True(new FileInfo(temp.File("none.json")).Length < new FileInfo(temp.File("full.json")).Length / 2);
        var (exit, stdout, err) = Cli.Run("verify", temp.File("none.json"), "--data", Path.Combine(Repo.Root, "data"));
        Assert.True(exit == 0, stdout + err);
    }

    [Theory]
    [InlineData("iris", "rows", "--predictions: error NF0004: is full, outputs or none, got `rows`")]
    [InlineData("bandit", "none", "--predictions: error NF0004: applies to runs on data")]
    [InlineData("sine-elman", "outputs", "--predictions: error NF0004: applies to feed-forward networks")]
    public void AFormThatDoesNotApply_IsRefused(string experiment, string form, string message)
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run("run", Repo.Experiment(experiment), "--out", temp.File("o.json"), "--predictions", form);
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains(message, err);
        Assert.False(File.Exists(temp.File("o.json")));
    }
}
