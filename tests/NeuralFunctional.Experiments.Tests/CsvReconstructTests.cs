using LanguageExt;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>A CSV experiment under the reconstruct objective: its target column is an unused label, so the output
/// layer matches the inputs rather than the classes.</summary>
public class CsvReconstructTests
{
    private static readonly string Iris = File.ReadAllText(Path.Combine(Repo.Root, "data", "iris.csv"));

    // iris as a 4-2-4 autoencoder: 4 outputs for 3 species.
    private static readonly string Autoencoder = File.ReadAllText(Repo.Experiment("iris"))
        .Replace("{ \"units\": 8, \"activation\": \"tanh\" },", "{ \"units\": 2, \"activation\": \"sigmoid\", \"bottleneck\": true },")
        .Replace("{ \"units\": 3, \"activation\": \"softmax\" }", "{ \"units\": 4, \"activation\": \"sigmoid\" }")
        .Replace("\"loss\": \"ce\",", "\"objective\": \"reconstruct\", \"loss\": \"mse\",");

    private static Validation<ExperimentError, Experiment> Filled(string text) =>
        ExperimentParser.Parse("e.json", text).Bind(e => CsvData.Fill(e, "iris.csv", Iris));

    [Fact]
    public void Fill_Reconstruct_ClassColumnIsAOneHotLabel()
    {
        var e = Filled(Autoencoder).Match(x => x, errors => throw new Xunit.Sdk.XunitException(string.Join("\n", errors)));
        Assert.Equal(Objective.Reconstruct, e.Training!.Objective);
        Assert.Equal(3, e.Data.FeatureRows().Train.Rows[0].Y.Length);
        Assert.Equal(4, e.Network.Layers[^1].Units);
    }

    [Fact]
    public void Fill_PredictWithFourOutputsForThreeClasses_IsStillNF2110()
    {
        var predict = Autoencoder.Replace("\"objective\": \"reconstruct\", ", "");
        var error = Filled(predict).Match(_ => throw new Xunit.Sdk.XunitException("expected NF2110"), errors => errors.Head());
        Assert.Equal("NF2110", error.Code);
    }
}
