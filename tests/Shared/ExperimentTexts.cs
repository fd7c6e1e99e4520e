using NeuralFunctional.Experiments;

namespace NeuralFunctional.Tests;

/// <summary>Experiment texts for the test projects (linked into each, not copied): a valid file that tests break one
/// way at a time, and parsing it to an experiment or to its errors.</summary>
internal static class ExperimentTexts
{
    /// <summary>A valid file; tests break it one way at a time. Line numbers below refer to this text.</summary>
    internal const string Hiring = """
        {
          "$schema": "../schema/experiment.schema.json",
          "name": "hiring",
          "seed": 7,
          "data": {
            "features": ["experience", "projects"],
            "train": [
              { "id": "Michael", "x": [12, 6], "y": [0] },
              { "id": "Shash", "x": [32, 4], "y": [1] }
            ],
            "test": [ { "id": "Jamal", "x": [14, 6] } ]
          },
          "network": {
            "inputs": 2,
            "layers": [
              { "units": 2, "activation": "sigmoid" },
              { "units": 1, "activation": "sigmoid" }
            ]
          },
          "training": {
            "loss": "mse",
            "optimizer": { "kind": "sgd", "learningRate": 0.1 },
            "epochs": 10,
            "batchSize": 1,
            "record": { "every": 1 }
          }
        }
        """;

    internal static string With(string text, string from, string to)
    {
        Assert.Contains(from, text);
        return text.Replace(from, to);
    }

    internal static Experiment Ok(string text) =>
        ExperimentParser.Parse("t.json", text).Match(
            Succ: e => e,
            Fail: errors => throw new Xunit.Sdk.XunitException("expected success, got:\n" + string.Join("\n", errors)));

    internal static List<ExperimentError> Errors(string text) =>
        ExperimentParser.Parse("t.json", text).Match(
            Succ: _ => throw new Xunit.Sdk.XunitException("expected errors, the file parsed"),
            Fail: errors => errors.ToList());

}
