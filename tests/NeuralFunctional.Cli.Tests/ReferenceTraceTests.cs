using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The hiring experiment from the explicit start of the independent reference, run through the file and
/// command-line path, must match that reference's trace, final parameters and outputs to 1e-9 relative.</summary>
public class ReferenceTraceTests
{
    private static readonly JObject Reference =
        JObject.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "hiring-fixed-init.json")));

    private static double Relative(double a, double b) => a == b ? 0 : Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b));

    [Fact]
    public void HiringFixedInit_ThroughCli_MatchesIndependentReference()
    {
        var (exit, stdout, stderr) = Cli.Run("run", Repo.Experiment("hiring-fixed-init"), "--out", "-");
        Assert.True(exit == 0, stderr);
        var doc = JObject.Parse(stdout);

        var initial = doc["initialParameters"]!["layers"]!;
        Assert.Equal((double)Reference["initial"]!["w1"]!, (double)initial[0]!["weights"]![0]![0]!);
        Assert.Equal((double)Reference["initial"]!["b3"]!, (double)initial[1]!["biases"]![0]!);

        var worst = 0.0;
        var trace = doc["trace"]!.ToArray();
        var expectedTrace = Reference["trace"]!.ToArray();
        Assert.Equal(expectedTrace.Length, trace.Length);
        for (var k = 0; k < trace.Length; k++)
        {
            Assert.Equal(k, (int)trace[k]["epoch"]!);
            worst = Math.Max(worst, Relative((double)expectedTrace[k], (double)trace[k]["loss"]!));
        }

        var layers = doc["finalParameters"]!["layers"]!;
        (string Name, JToken Value)[] finals =
        [
            ("w1", layers[0]!["weights"]![0]![0]!), ("w2", layers[0]!["weights"]![0]![1]!),
            ("w3", layers[0]!["weights"]![1]![0]!), ("w4", layers[0]!["weights"]![1]![1]!),
            ("b1", layers[0]!["biases"]![0]!), ("b2", layers[0]!["biases"]![1]!),
            ("w5", layers[1]!["weights"]![0]![0]!), ("w6", layers[1]!["weights"]![0]![1]!), ("b3", layers[1]!["biases"]![0]!),
        ];
        foreach (var (name, value) in finals)
            worst = Math.Max(worst, Relative((double)Reference["final"]![name]!, (double)value));

        foreach (var (set, key) in new[] { ("train", "trainOutputs"), ("test", "testOutputs") })
            foreach (var row in doc["predictions"]![set]!)
                worst = Math.Max(worst, Relative((double)Reference[key]![(string)row["id"]!]!, (double)row["output"]![0]!));

        Assert.True(worst <= 1e-9, $"worst relative difference {worst:R}");
    }
}
