using System.Text.RegularExpressions;
using Newtonsoft.Json;

namespace NeuralFunctional.Experiments;

/// <summary>A starting experiment for <c>nf new</c>: its name, one line saying what it is, and its JSON body (every
/// key after <c>$schema</c> and <c>name</c>, which <see cref="ExperimentTemplates.Render"/> fills in).</summary>
public sealed record ExperimentTemplate(string Name, string Summary, string Body);

/// <summary>The templates of <c>nf new</c>, each a small, commented-by-description experiment to edit.</summary>
public static partial class ExperimentTemplates
{
    /// <summary>Every template, in the order <c>nf new --list</c> shows them.</summary>
    public static readonly IReadOnlyList<ExperimentTemplate> All =
    [
        new("neuron", "one artificial neuron with hand-set weights, evaluated on one input (no training)", """
              "description": "One artificial neuron: weighted sum z = 3*x1 + 1*x2 - 1, then a = sigmoid(z). Change the weights, the bias, the activation or the input and run it again.",
              "data": {
                "features": ["x1", "x2"],
                "test": [
                  { "id": "example", "x": [4, 1] }
                ]
              },
              "network": {
                "inputs": 2,
                "layers": [
                  { "units": 1, "activation": "sigmoid", "weights": [[3, 1]], "biases": [-1] }
                ]
              }
            """),
        new("logic-gate", "one sigmoid neuron learning a logic gate (AND) from its truth table", """
              "description": "One sigmoid neuron learns AND from its truth table (binary cross-entropy, SGD). Change the targets y to learn OR or NAND; XOR needs a hidden layer.",
              "seed": 1,
              "data": {
                "features": ["a", "b"],
                "targets": ["a AND b"],
                "train": [
                  { "id": "0 AND 0", "x": [0, 0], "y": [0] },
                  { "id": "0 AND 1", "x": [0, 1], "y": [0] },
                  { "id": "1 AND 0", "x": [1, 0], "y": [0] },
                  { "id": "1 AND 1", "x": [1, 1], "y": [1] }
                ]
              },
              "network": {
                "inputs": 2,
                "layers": [
                  { "units": 1, "activation": "sigmoid" }
                ],
                "init": { "kind": "uniform", "low": -1, "high": 1 }
              },
              "training": {
                "loss": "bce",
                "optimizer": { "kind": "sgd", "learningRate": 1 },
                "epochs": 500,
                "record": { "every": 50 }
              }
            """),
        new("hiring", "the lecture's hiring network (2-2-1, sigmoid, MSE, SGD): hire Jamal or Mina?", """
              "description": "Should we hire a candidate, from months of experience and GitHub projects? A 2-2-1 sigmoid network trained with MSE and SGD on four past candidates (inputs centred), then predicting Jamal and Mina.",
              "seed": 7,
              "data": {
                "features": ["experience", "projects"],
                "targets": ["hired"],
                "train": [
                  { "id": "Michael", "x": [12, 6], "y": [0] },
                  { "id": "Shash", "x": [32, 4], "y": [1] },
                  { "id": "Hannah", "x": [11, 3], "y": [0] },
                  { "id": "Lisa", "x": [29, 11], "y": [1] }
                ],
                "test": [
                  { "id": "Jamal", "x": [14, 6] },
                  { "id": "Mina", "x": [31, 0] }
                ],
                "transform": [
                  { "kind": "center" }
                ]
              },
              "network": {
                "inputs": 2,
                "layers": [
                  { "units": 2, "activation": "sigmoid" },
                  { "units": 1, "activation": "sigmoid" }
                ],
                "init": { "kind": "normal", "mean": 0, "std": 1 }
              },
              "training": {
                "loss": "mse",
                "optimizer": { "kind": "sgd", "learningRate": 0.1 },
                "epochs": 1000,
                "batchSize": 1,
                "shuffle": false,
                "record": { "every": 10 }
              }
            """),
        new("classifier", "a classifier of CSV rows (iris: 4 measurements -> 3 species; softmax, cross-entropy)", """
              "description": "A classifier of CSV rows: Fisher's iris flowers, four measurements in, one of three species out (one-hot). The rows come from the iris dataset built into nf (for your own file, replace \"dataset\": \"iris\" by \"path\": \"your.csv\", relative to this file); 20% of each class is held out for testing. A 4-8-3 network, tanh hidden layer, softmax output, cross-entropy.",
              "seed": 7,
              "data": {
                "csv": {
                  "dataset": "iris",
                  "features": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
                  "target": "species",
                  "split": { "test": 0.2 }
                },
                "transform": [ { "kind": "standardize" } ]
              },
              "network": {
                "inputs": 4,
                "layers": [
                  { "units": 8, "activation": "tanh" },
                  { "units": 3, "activation": "softmax" }
                ],
                "init": { "kind": "xavierUniform", "bias": 0 }
              },
              "training": {
                "loss": "ce",
                "optimizer": { "kind": "sgd", "learningRate": 0.05 },
                "epochs": 100,
                "batchSize": 1,
                "shuffle": true,
                "record": { "every": 5 }
              }
            """),
        new("sequence", "a recurrent (Elman) network that must remember: output the first of 4 bits after the last", """
              "description": "A task that needs memory: read 4 bits, one per time step, and output the first bit after the last. An Elman network (4 tanh hidden units) carries it in its hidden state h_t = tanh(W x_t + U h_(t-1) + b), trained by backpropagation through time. Set network.bptt.truncate to 1 (no gradient through time) and it cannot learn; nf explain writes BPTT out with its numbers.",
              "seed": 2,
              "data": {
                "features": ["bit"],
                "targets": ["first bit"],
                "sequence": { "targets": "last" },
                "train": [
                  { "id": "0010", "x": [[0], [0], [1], [0]], "y": [0] },
                  { "id": "1011", "x": [[1], [0], [1], [1]], "y": [1] },
                  { "id": "0101", "x": [[0], [1], [0], [1]], "y": [0] },
                  { "id": "1100", "x": [[1], [1], [0], [0]], "y": [1] },
                  { "id": "0111", "x": [[0], [1], [1], [1]], "y": [0] },
                  { "id": "1000", "x": [[1], [0], [0], [0]], "y": [1] },
                  { "id": "0000", "x": [[0], [0], [0], [0]], "y": [0] },
                  { "id": "1110", "x": [[1], [1], [1], [0]], "y": [1] }
                ],
                "test": [
                  { "id": "1001", "x": [[1], [0], [0], [1]], "y": [1] },
                  { "id": "0110", "x": [[0], [1], [1], [0]], "y": [0] }
                ]
              },
              "network": {
                "kind": "elman",
                "inputs": 1,
                "hidden": { "units": 4, "activation": "tanh" },
                "layers": [ { "units": 1, "activation": "sigmoid" } ],
                "bptt": { "truncate": 0 },
                "init": { "kind": "xavierUniform" }
              },
              "training": {
                "loss": "bce",
                "optimizer": { "kind": "sgd", "learningRate": 0.3 },
                "epochs": 300,
                "record": { "every": 30 }
              }
            """),
        new("autoencoder", "unsupervised: an 8-3-8 autoencoder invents a 3-number code for 8 patterns (no labels)", """
              "description": "Unsupervised learning: eight one-hot patterns squeezed through a bottleneck of 3 sigmoid units and reconstructed, with no labels (the target is the input itself). Each prediction gives the row's 3-number code and its reconstruction error; nf plot --kind reconstructions draws them.",
              "seed": 3,
              "data": {
                "features": ["b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"],
                "train": [
                  { "id": "bit-0", "x": [1, 0, 0, 0, 0, 0, 0, 0] },
                  { "id": "bit-1", "x": [0, 1, 0, 0, 0, 0, 0, 0] },
                  { "id": "bit-2", "x": [0, 0, 1, 0, 0, 0, 0, 0] },
                  { "id": "bit-3", "x": [0, 0, 0, 1, 0, 0, 0, 0] },
                  { "id": "bit-4", "x": [0, 0, 0, 0, 1, 0, 0, 0] },
                  { "id": "bit-5", "x": [0, 0, 0, 0, 0, 1, 0, 0] },
                  { "id": "bit-6", "x": [0, 0, 0, 0, 0, 0, 1, 0] },
                  { "id": "bit-7", "x": [0, 0, 0, 0, 0, 0, 0, 1] }
                ]
              },
              "network": {
                "inputs": 8,
                "layers": [
                  { "units": 3, "activation": "sigmoid", "bottleneck": true },
                  { "units": 8, "activation": "sigmoid" }
                ],
                "init": { "kind": "uniform", "low": -1, "high": 1 }
              },
              "training": {
                "objective": "reconstruct",
                "loss": "mse",
                "optimizer": { "kind": "sgd", "learningRate": 2 },
                "epochs": 5000,
                "record": { "every": 250 }
              }
            """),
        new("bandit", "reinforcement learning: a policy learns which of 3 slot-machine arms pays best (REINFORCE)", """
              "description": "Reinforcement learning: a 3-armed bandit whose arms pay 1 with probabilities 0.2, 0.5 and 0.8. The policy (a softmax over the arms) pulls one, observes the reward, and REINFORCE with a running-mean baseline makes the arms that paid more than usual more likely. Try \"baseline\": \"none\" or another learning rate; nf explain writes one episode out with its numbers, nf plot --kind returns draws the learning curve.",
              "seed": 1,
              "environment": {
                "kind": "bandit",
                "arms": [ { "p": 0.2 }, { "p": 0.5 }, { "p": 0.8 } ]
              },
              "network": {
                "inputs": 1,
                "layers": [ { "units": 3, "activation": "softmax" } ],
                "init": { "kind": "zeros" }
              },
              "training": {
                "kind": "reinforce",
                "episodes": 500,
                "gamma": 1,
                "baseline": "mean",
                "optimizer": { "kind": "sgd", "learningRate": 0.1 },
                "record": { "every": 50, "window": 50 }
              }
            """),
    ];

    /// <summary>The template called <paramref name="name"/>, if there is one.</summary>
    public static ExperimentTemplate? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>The experiment text: <c>$schema</c> (omitted when null), <c>name</c>, then the template's body; LF line
    /// ends and a final newline.</summary>
    public static string Render(ExperimentTemplate template, string name, string? schemaPath)
    {
        var schema = schemaPath is null ? "" : $"  \"$schema\": {JsonConvert.ToString(schemaPath)},\n";
        return "{\n" + schema + $"  \"name\": {JsonConvert.ToString(name)},\n" + template.Body.Replace("\r\n", "\n").TrimEnd() + "\n}\n";
    }

    /// <summary>The experiment's name for a file: its name without <c>.json</c> when that is a valid experiment name,
    /// else the template's name.</summary>
    public static string NameFor(string path, ExperimentTemplate template)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        return SafeName().IsMatch(stem) && !stem.All(c => c == '.') ? stem : template.Name;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();
}
