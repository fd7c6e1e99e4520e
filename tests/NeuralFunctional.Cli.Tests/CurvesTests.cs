using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

public class CurvesTests
{
    private static JObject Curve(JObject doc, string activation) =>
        (JObject)doc["curves"]!.First(c => c["activation"]!.Type == JTokenType.String ? (string?)c["activation"] == activation
                                                                                    : (string?)c["activation"]!["kind"] == activation);

    [Fact]
    public void Run_ActivationsExperiment_GivesValuesAndDerivativesOnTheGrid()
    {
        var (exit, stdout, stderr) = Cli.Run("run", Repo.Experiment("activations"), "--out", "-");
        Assert.True(exit == 0, stderr);
        var doc = JObject.Parse(stdout);
        Assert.Equal(10, doc["curves"]!.Count());
        var sigmoid = Curve(doc, "sigmoid");
        var z = sigmoid["z"]!.Select(v => (double)v).ToArray();
        Assert.Equal(41, z.Length);
        Assert.Equal(-5.0, z[0]);
        Assert.Equal(5.0, z[^1]);
        Assert.Equal(0.0, z[20]);
        Assert.Equal(0.5, (double)sigmoid["a"]![20]!);
        Assert.Equal(0.25, (double)sigmoid["derivative"]![20]!);
        Assert.All(Curve(doc, "sign")["derivative"]!, d => Assert.Equal(0.0, (double)d));
        Assert.Equal(1.0, (double)Curve(doc, "tanh")["derivative"]![20]!);
        var softmax = Curve(doc, "softmax")["a"]!.Select(v => (double)v).ToArray();
        var sigmoids = sigmoid["a"]!.Select(v => (double)v).ToArray();
        for (var i = 0; i < softmax.Length; i++) Assert.Equal(sigmoids[i], softmax[i], 1e-15);
    }

    [Fact]
    public void Curves_RoundTrip_ResolvedExperimentParsesToTheSameBytes()
    {
        var tree = ExperimentParser.ParseTree("a.json", File.ReadAllText(Repo.Experiment("activations"))).Match(t => t, _ => throw new Xunit.Sdk.XunitException("parse"));
        var first = Curves.FromTree("a.json", tree).Match(c => c, e => throw new Xunit.Sdk.XunitException(string.Join("\n", e)));
        var written = CanonicalJson.Write(Curves.ToJson(first));
        var second = Curves.FromTree("b.json", JToken.Parse(written)).Match(c => c, e => throw new Xunit.Sdk.XunitException(string.Join("\n", e)));
        Assert.Equal(written, CanonicalJson.Write(Curves.ToJson(second)));
    }

    [Fact]
    public void Run_BadCurves_ReportsEveryProblem()
    {
        using var temp = new TempDir();
        var path = temp.File("bad-curves.json");
        File.WriteAllText(path, """
            { "name": "c", "curves": { "activations": ["sigmoid", "relux"], "from": 3, "to": 1, "points": 1 } }
            """);
        var (exit, _, stderr) = Cli.Run("run", path, "--out", temp.File("out.json"));
        Assert.Equal(2, exit);
        Assert.Contains("NF1102", stderr);
        Assert.Contains("did you mean `relu`", stderr);
        Assert.Contains("NF1801", stderr);
        Assert.Contains("NF1802", stderr);
        Assert.False(File.Exists(temp.File("out.json")));
    }
}
