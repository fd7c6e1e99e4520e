using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;
using static NeuralFunctional.Tests.ExperimentTexts;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Unsupervised learning: the reconstruct objective (y := transformed x), the bottleneck code, labels that
/// training never sees, the reconstruction error in the output, and every rule's error.</summary>
public class AutoencoderTests
{
    internal const string Encoder = """
        {
          "name": "enc",
          "seed": 3,
          "data": {
            "train": [
              { "id": "a", "x": [1, 0, 0, 0], "y": [0] },
              { "id": "b", "x": [0, 1, 0, 0], "y": [1] },
              { "id": "c", "x": [0, 0, 1, 0] },
              { "id": "d", "x": [0, 0, 0, 1] }
            ],
            "test": [ { "id": "e", "x": [1, 1, 0, 0], "y": [2] } ],
            "transform": [ { "kind": "center" } ]
          },
          "network": {
            "inputs": 4,
            "layers": [
              { "units": 2, "activation": "sigmoid", "bottleneck": true },
              { "units": 4, "activation": "linear" }
            ]
          },
          "training": { "objective": "reconstruct", "optimizer": { "kind": "sgd", "learningRate": 0.2 }, "epochs": 50, "record": { "every": 10 } }
        }
        """;

    private static JObject Document(string text) => Documents.Build(Runner.Run(Ok(text)));

    [Fact]
    public void Parse_Reconstruct_NeedsNoTargetsAndKeepsLabels()
    {
        var e = Ok(Encoder);
        Assert.Equal(Objective.Reconstruct, e.Training!.Objective);
        Assert.True(e.Network.Layers[0].Bottleneck);
        Assert.Equal(["y1"], e.Data.Targets.ToArray());
        Assert.Equal([1.0], e.Data.FeatureRows().Train.Rows[1].Y.ToArray());
    }

    [Fact]
    public void Prepare_Reconstruct_TargetsAreTheTransformedInputs()
    {
        var run = Runner.Prepare(Ok(Encoder));
        foreach (var row in run.FeatureRows().Train.Rows.Concat(run.FeatureRows().Test.Rows)) Assert.Equal(row.X.ToArray(), row.Y.ToArray());
        Assert.Equal(0.75, run.FeatureRows().Train.Rows[0].X[0]);  // centred: 1 − mean 0.25
    }

    [Fact]
    public void Output_Reconstruct_GivesCodesErrorsAndLabels()
    {
        var doc = Document(Encoder);
        var train = (JArray)doc["predictions"]!["train"]!;
        Assert.All(train, r => Assert.Equal(2, ((JArray)r["code"]!).Count));
        Assert.Equal(new[] { "id", "x", "y", "output", "code", "reconstructionError" }, ((JObject)train[0]).Properties().Select(p => p.Name));
        Assert.Null(train[2]["y"]);
        Assert.Equal(2.0, (double)doc["predictions"]!["test"]![0]!["y"]![0]!);
        var errors = train.Select(r => (double)r["reconstructionError"]!).ToList();
        var mean = (double)doc["metrics"]!["train"]!["reconstructionError"]!;
        Assert.Equal(errors.Aggregate(0.0, (s, v) => s + v) / errors.Count, mean);
        Assert.Equal((double)doc["metrics"]!["train"]!["loss"]!, mean);
        Assert.Equal((double)doc["trace"]![^1]!["loss"]!, mean);
    }

    [Fact]
    public void Output_RowReconstructionError_IsTheMeanSquaredDifferenceToTheTransformedInput()
    {
        var doc = Document(Encoder);
        var row = doc["predictions"]!["train"]![0]!;
        double[] transformed = [0.75, -0.25, -0.25, -0.25];
        var output = row["output"]!.Select(v => (double)v).ToArray();
        var expected = transformed.Zip(output, (x, o) => (x - o) * (x - o)).Sum() / 4;
        Assert.Equal(expected, (double)row["reconstructionError"]!, 15);
    }

    [Fact]
    public void Output_BottleneckWithoutReconstruct_GivesOnlyTheCode()
    {
        var text = With(With(Hiring, "{ \"units\": 2, \"activation\": \"sigmoid\" }", "{ \"units\": 2, \"activation\": \"sigmoid\", \"bottleneck\": true }"), "\"epochs\": 10", "\"epochs\": 2");
        var row = (JObject)Document(text)["predictions"]!["train"]![0]!;
        Assert.Equal(new[] { "id", "x", "y", "output", "code" }, row.Properties().Select(p => p.Name));
    }

    [Fact]
    public void Output_PlainSupervised_IsUnchanged()
    {
        var row = (JObject)Document(Hiring)["predictions"]!["train"]![0]!;
        Assert.Equal(new[] { "id", "x", "y", "output" }, row.Properties().Select(p => p.Name));
    }

    [Fact]
    public void RoundTrip_Reconstruct_KeepsObjectiveBottleneckAndLabels()
    {
        var first = Ok(Encoder);
        var written = CanonicalJson.Write(ExperimentJson.ToJson(first));
        Assert.Contains("\"objective\": \"reconstruct\"", written);
        Assert.Contains("\"bottleneck\": true", written);
        var second = Ok(written);
        ExperimentAsserts.AssertSame(first, second);
        Assert.Equal(written, CanonicalJson.Write(ExperimentJson.ToJson(second)));
    }

    [Theory]
    [InlineData("\"objective\": \"reconstruct\"", "\"objective\": \"recon\"", "NF2501", "training.objective")]
    [InlineData("{ \"units\": 4, \"activation\": \"linear\" }", "{ \"units\": 3, \"activation\": \"linear\" }", "NF2502", "network.layers[1].units")]
    [InlineData("\"objective\": \"reconstruct\",", "\"objective\": \"reconstruct\", \"loss\": \"bce\",", "NF2503", "training.loss")]
    [InlineData("{ \"units\": 4, \"activation\": \"linear\" }", "{ \"units\": 4, \"activation\": \"linear\", \"bottleneck\": true }", "NF2504", "network.layers[1].bottleneck")]
    [InlineData("\"x\": [0, 1, 0, 0], \"y\": [1]", "\"x\": [0, 1, 0, 0], \"y\": [1, 2]", "NF2506", "data.train[1].y")]
    public void Parse_BrokenAutoencoder_ReportsTheRule(string from, string to, string code, string path)
    {
        var errors = Errors(With(Encoder, from, to));
        Assert.Contains(errors, e => e.Code == code && e.Path == path);
    }

    [Fact]
    public void Parse_TwoBottlenecks_ReportsTheSecond()
    {
        var text = With(Encoder, "\"layers\": [", "\"layers\": [ { \"units\": 3, \"activation\": \"tanh\", \"bottleneck\": true },");
        var e = Assert.Single(Errors(text));
        Assert.Equal(("NF2505", "network.layers[1].bottleneck"), (e.Code, e.Path));
    }

    [Fact]
    public void Parse_PredictWithoutY_StillNeedsTargets()
    {
        var text = With(Encoder, "\"objective\": \"reconstruct\",", "");
        Assert.Contains(Errors(text), e => e.Code == "NF1406");
    }

    [Fact]
    public void Cli_ShippedDigits_CodesGroupByTheUnusedLabel()
    {
        // Trained without labels, the 2-unit code still separates the digits: each noisy test image's code is
        // nearest (Euclidean) to the code of a training image of the same digit.
        var (exit, stdout, stderr) = Cli.Run("run", Repo.Experiment("autoencoder-digits"), "--out", "-");
        Assert.True(exit == 0, stderr);
        var doc = JObject.Parse(stdout);
        static (double Label, double[] Code) Read(JToken r) => ((double)r["y"]![0]!, r["code"]!.Select(v => (double)v).ToArray());
        var train = doc["predictions"]!["train"]!.Select(Read).ToList();
        foreach (var (label, code) in doc["predictions"]!["test"]!.Select(Read))
        {
            var nearest = train.MinBy(t => t.Code.Zip(code, (a, b) => (a - b) * (a - b)).Sum());
            Assert.Equal(label, nearest.Label);
        }
        Assert.True((double)doc["metrics"]!["train"]!["reconstructionError"]! < 0.03);
    }

    [Fact]
    public void Parse_ReconstructWithElmanNetwork_IsRefused()
    {
        var json = JObject.Parse(File.ReadAllText(Repo.Experiment("sine-elman")));
        json["training"]!["objective"] = "reconstruct";
        Assert.Contains(Errors(json.ToString()), e => e.Code == "NF2507" && e.Path == "training.objective");
    }
}
