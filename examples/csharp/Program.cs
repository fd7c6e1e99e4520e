// The lecture's hiring network, defined in code instead of a JSON file: four candidates described by months of
// experience and projects done, a 2-2-1 sigmoid network, 1000 epochs of SGD. Trains it, prints the verdicts on Jamal
// and Mina, and writes the output document, the same canonical JSON `nf run` writes. The run is the one
// experiments/hiring.json describes, so its traceHash is that file's, on any machine.
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

var data = new DataPlan(
    Features: ["experience", "projects"],
    Targets: ["hired"],
    Rows: new DataRows.Features(
        Train: Dataset.Of(
            new Sample("Michael", [12, 6], [0]),
            new Sample("Shash", [32, 4], [1]),
            new Sample("Hannah", [11, 3], [0]),
            new Sample("Lisa", [29, 11], [1])),
        Test: Dataset.Of(
            new Sample("Jamal", [14, 6], []),
            new Sample("Mina", [31, 0], []))),
    Transforms: [TransformKind.Center]);

var network = new NetworkPlan.Dense(
    Inputs: 2,
    Layers: [new LayerPlan(2, Activation.Sigmoid, null, null), new LayerPlan(1, Activation.Sigmoid, null, null)],
    Init: new Initializer.Normal(Mean: 0, Std: 1));

var training = new TrainingPlan(LossKind.Mse, new Optimizer.Sgd(LearningRate: 0.1), Epochs: 1000, BatchSize: 1, Shuffle: false, RecordEvery: 10);

var experiment = new Experiment("hiring-in-code", "The lecture's hiring network, defined in C#.", Seed: 7, data, network, training);

RunResult result = Runner.Run(experiment);
var output = args.Length > 0 ? args[0] : "hiring-in-code.json";
File.WriteAllText(output, Documents.Write(result));

// The prepared rows are feature rows (one x, one y), transformed as the network sees them.
var test = ((DataRows.Features)result.Run.Rows).Test;
foreach (var (row, prediction) in test.Rows.Zip(Evaluation.Of(result.Final, test).Outputs))
    Console.WriteLine($"{row.Id}: {prediction[0]:F4} -> {(prediction[0] >= 0.5 ? "hire" : "do not hire")}");
Console.WriteLine($"loss {result.Trace[0].Loss:G4} -> {result.Trace[^1].Loss:G4} in {result.Trace[^1].Epoch} epochs");
Console.WriteLine($"traceHash {Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(output))["traceHash"]}");
Console.WriteLine($"wrote {output}");
