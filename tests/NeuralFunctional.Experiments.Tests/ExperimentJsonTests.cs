using Newtonsoft.Json.Linq;
using System.Collections.Immutable;
using CsCheck;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;
using static NeuralFunctional.Tests.ExperimentTexts;

namespace NeuralFunctional.Experiments.Tests;

public class ExperimentJsonTests
{
    /// <summary>The experiment file of the design brief.</summary>
    internal const string SpecExample = """
        {
          "$schema": "../schema/experiment.schema.json",
          "name": "hiring", "description": "Hire or not", "seed": 7,
          "data": {
            "features": ["experience", "projects"], "targets": ["hired"],
            "train": [ { "id": "Michael", "x": [12, 6], "y": [0] }, { "id": "Shash", "x": [32, 4], "y": [1] } ],
            "test":  [ { "id": "Jamal", "x": [14, 6] } ],
            "transform": [ { "kind": "center" } ]
          },
          "network": {
            "inputs": 2,
            "layers": [
              { "units": 2, "activation": "sigmoid", "weights": [[0.5, -0.25], [-0.75, 0.125]], "biases": [0, 0.25] },
              { "units": 1, "activation": { "kind": "step", "threshold": 2 } }
            ],
            "init": { "kind": "normal", "mean": 0, "std": 1 }
          },
          "training": { "loss": "mse", "optimizer": { "kind": "sgd", "learningRate": 0.1 },
                        "epochs": 1000, "batchSize": 1, "shuffle": false, "record": { "every": 10 } }
        }
        """;

    /// <summary>A step neuron with hand-set weights computes AND; evaluation only.</summary>
    internal const string AndGate = """
        { "name": "and-gate", "description": "One step neuron computes AND",
          "data": { "features": ["a", "b"], "targets": ["and"],
                    "test": [ { "x": [0, 0], "y": [0] }, { "x": [0, 1], "y": [0] }, { "x": [1, 0], "y": [0] }, { "x": [1, 1], "y": [1] } ] },
          "network": { "inputs": 2, "layers": [ { "units": 1, "activation": { "kind": "step", "threshold": 1.5 }, "weights": [[1, 1]], "biases": [0] } ] } }
        """;

    /// <summary>The lecture's examples: the hiring network with hand-set weights, a step-neuron AND gate that only
    /// evaluates, an XOR net with tanh and He init, and a 3-class softmax classifier trained with cross-entropy.</summary>
    public static TheoryData<string> Lecture() => new()
    {
        SpecExample,
        Hiring,
        AndGate,
        """
        { "name": "xor", "seed": 42,
          "data": { "train": [ { "x": [0, 0], "y": [0] }, { "x": [0, 1], "y": [1] }, { "x": [1, 0], "y": [1] }, { "x": [1, 1], "y": [0] } ],
                    "transform": [ { "kind": "standardize" }, { "kind": "minmax" } ] },
          "network": { "inputs": 2, "init": { "kind": "heUniform", "bias": 0.1 },
                       "layers": [ { "units": 4, "activation": "tanh", "init": { "kind": "xavierNormal" } },
                                   { "units": 1, "activation": { "kind": "leakyRelu", "alpha": 0.05 } } ] },
          "training": { "optimizer": { "kind": "sgd", "learningRate": 0.5 }, "epochs": 2000, "batchSize": 4, "shuffle": true, "record": { "every": 100 } } }
        """,
        """
        { "name": "three-classes",
          "data": { "targets": ["red", "green", "blue"],
                    "train": [ { "x": [1, 0], "y": [1, 0, 0] }, { "x": [0, 1], "y": [0, 1, 0] }, { "x": [-1, -1], "y": [0, 0, 1] } ] },
          "network": { "inputs": 2, "layers": [ { "units": 3, "activation": "relu" }, { "units": 3, "activation": "softmax" } ] },
          "training": { "loss": "ce", "epochs": 50 } }
        """,
    };

    private static string Canonical(Experiment e) => CanonicalJson.Write(ExperimentJson.ToJson(e));

    [Theory]
    [MemberData(nameof(Lecture))]
    public void RoundTrip_LectureExample_GivesTheSameExperimentAndBytes(string text)
    {
        var first = Ok(text);
        var written = Canonical(first);
        var second = Ok(written);
        ExperimentAsserts.AssertSame(first, second);
        Assert.Equal(written, Canonical(second));
    }

    public static TheoryData<string> Shipped() =>
        new(Repo.ExperimentNames().Where(n => !CurvesExperiment.IsCurves(JToken.Parse(File.ReadAllText(Repo.Experiment(n))))
                                             && !ReinforcementExperiment.IsReinforcement(JToken.Parse(File.ReadAllText(Repo.Experiment(n))))));

    /// <summary>Every experiment shipped in <c>experiments/</c> parses and survives the round trip byte for byte.</summary>
    [Theory]
    [MemberData(nameof(Shipped))]
    public void RoundTrip_ShippedExperiment_IsExact(string name)
    {
        var first = Ok(File.ReadAllText(Repo.Experiment(name)));
        var written = Canonical(first);
        var second = Ok(written);
        ExperimentAsserts.AssertSame(first, second);
        Assert.Equal(written, Canonical(second));
    }

    [Fact]
    public void ToJson_SpecExample_WritesEveryDefaultInFixedOrder()
    {
        var expected = """
            {
              "name": "hiring",
              "description": "Hire or not",
              "seed": 7,
              "data": {
                "features": ["experience", "projects"],
                "targets": ["hired"],
                "train": [
                  {
                    "id": "Michael",
                    "x": [12, 6],
                    "y": [0]
                  },
                  {
                    "id": "Shash",
                    "x": [32, 4],
                    "y": [1]
                  }
                ],
                "test": [
                  {
                    "id": "Jamal",
                    "x": [14, 6]
                  }
                ],
                "transform": [
                  {
                    "kind": "center"
                  }
                ]
              },
              "network": {
                "inputs": 2,
                "layers": [
                  {
                    "units": 2,
                    "activation": "sigmoid",
                    "weights": [
                      [0.5, -0.25],
                      [-0.75, 0.125]
                    ],
                    "biases": [0, 0.25]
                  },
                  {
                    "units": 1,
                    "activation": {
                      "kind": "step",
                      "threshold": 2
                    }
                  }
                ],
                "init": {
                  "kind": "normal",
                  "mean": 0,
                  "std": 1
                }
              },
              "training": {
                "loss": "mse",
                "optimizer": {
                  "kind": "sgd",
                  "learningRate": 0.1
                },
                "epochs": 1000,
                "batchSize": 1,
                "shuffle": false,
                "record": {
                  "every": 10
                }
              }
            }

            """;
        Assert.Equal(expected, Canonical(Ok(SpecExample)));
    }

    [Fact]
    public void ToJson_NoTraining_OmitsTheSection()
    {
        var json = ExperimentJson.ToJson(Ok(AndGate));
        Assert.Null(json["training"]);
        Assert.Equal(["name", "description", "seed", "data", "network"], json.Properties().Select(p => p.Name));
    }

    [Fact]
    public void ToJson_Initializers_WriteTheirParametersAndBias()
    {
        Assert.Equal("""{"kind":"uniform","low":-1.0,"high":0.5,"bias":0.0}""",
            ExperimentJson.Init(new Initializer.Uniform(-1, 0.5) { Bias = 0 }).ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal("""{"kind":"heNormal"}""", ExperimentJson.Init(new Initializer.HeNormal()).ToString(Newtonsoft.Json.Formatting.None));
    }

    /// <summary>Any valid experiment survives ToJson → CanonicalJson.Write → Parse: same experiment, same bytes.
    /// Doubles are drawn from the whole finite range, with −0, subnormals and the extremes mixed in.</summary>
    [Fact]
    public void RoundTrip_RandomExperiment_IsExact()
    {
        Experiments.Sample(e =>
        {
            var written = Canonical(e);
            var back = Ok(written);
            ExperimentAsserts.AssertSame(e, back);
            Assert.Equal(written, Canonical(back));
        }, iter: 300);
    }

    private static readonly Gen<double> Number = Gen.Frequency(
        (4, Gen.Double[-100, 100]),
        (2, Gen.Double.Where(double.IsFinite)),
        (1, Gen.OneOf(-0.0, 0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 0.1, 1e-300, 2.2250738585072014E-308)));

    private static readonly Gen<Activation> Activations = Gen.OneOf(
        Gen.OneOf(Activation.Sign, Activation.Linear, Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.Softplus),
        Number.Select(t => Activation.Step(t)), Number.Select(a => Activation.LeakyRelu(a)), Number.Select(a => Activation.Elu(a)));

    private static readonly Gen<Initializer> Inits = Gen.Select(Gen.OneOf<Initializer>(
            Gen.OneOf<Initializer>(new Initializer.Zeros(), new Initializer.XavierUniform(), new Initializer.XavierNormal(),
                new Initializer.HeUniform(), new Initializer.HeNormal()),
            Number.Select(v => (Initializer)new Initializer.Constant(v)),
            Gen.Double[-10, 0].Select(Gen.Double[0.001, 10], (low, width) => (Initializer)new Initializer.Uniform(low, low + width)),
            Number.Select(Gen.Double[0, 10], (mean, std) => (Initializer)new Initializer.Normal(mean, std))),
        Gen.Bool, Number, (init, withBias, bias) => withBias ? init with { Bias = bias } : init);

    private static readonly Gen<Optimizer> Optimizers = Gen.OneOf<Optimizer>(
        Gen.Double[1e-6, 10].Select(lr => (Optimizer)new Optimizer.Sgd(lr)),
        Gen.Double[1e-6, 10].Select(Gen.Double[0, 0.999999], (lr, beta) => (Optimizer)new Optimizer.Momentum(lr, beta)),
        Gen.Double[1e-6, 10].Select(Gen.Double[0, 0.999999], (lr, beta) => (Optimizer)new Optimizer.Nesterov(lr, beta)),
        Gen.Double[1e-6, 10].Select(Gen.Double[0, 0.999999], Gen.Double[0, 0.999999], Gen.Double[1e-300, 1],
            (lr, b1, b2, eps) => (Optimizer)new Optimizer.Adam(lr, b1, b2, eps)));

    private static readonly Gen<Schedule?> Schedules = Gen.OneOf<Schedule?>(
        Gen.Const((Schedule?)null),
        Gen.Int[1, 10_000].Select(Gen.Double[1e-6, 10], (every, factor) => (Schedule?)new Schedule.Step(every, factor)),
        Gen.Double[1e-6, 10].Select(rate => (Schedule?)new Schedule.Exponential(rate)));

    private static readonly Gen<EarlyStopping?> EarlyStoppings = Gen.OneOf<EarlyStopping?>(
        Gen.Const((EarlyStopping?)null),
        Gen.Double[1e-6, 0.999999].Select(Gen.Int[1, 1000], Gen.OneOf(Gen.Const(0.0), Gen.Double[0, 1]),
            (validation, patience, minDelta) => (EarlyStopping?)new EarlyStopping(validation, patience, minDelta)));

    private static readonly Gen<double> WeightDecays = Gen.OneOf(Gen.Const(0.0), Gen.Double[0, 1], Gen.Double.Where(d => double.IsFinite(d) && d >= 0));

    private static readonly Gen<Experiment> Experiments =
        from inputs in Gen.Int[1, 3]
        from units in Gen.Int[1, 3].Array[1, 3]
        from activations in Activations.Array[units.Length]
        from explicitParameters in Gen.Bool
        from layerInits in Gen.Bool.Array[units.Length]
        from inits in Inits.Array[units.Length + 1]
        from numbers in Number.Array[200]
        from trains in Gen.Bool
        from trainCount in Gen.Int[1, 4]
        from testCount in Gen.Int[0, 3]
        from seed in Gen.ULong
        from epochs in Gen.Int[1, 5000]
        from batch in Gen.Int[1, 10]
        from every in Gen.Int[1, 100]
        from shuffle in Gen.Bool
        from optimizer in Optimizers
        from weightDecay in WeightDecays
        from schedule in Schedules
        from earlyStopping in EarlyStoppings
        from transforms in Gen.Enum<TransformKind>().Array[0, 3]
        select Build(inputs, units, activations, explicitParameters || !trains, layerInits, inits, numbers, trains,
            // Early stopping holds out validation rows: it needs two training rows at least.
            earlyStopping is null ? trainCount : Math.Max(2, trainCount), testCount,
            seed, new TrainingPlan(LossKind.Mse, optimizer, epochs, batch, shuffle, every, weightDecay, schedule, earlyStopping), transforms);

    private static Experiment Build(int inputs, int[] units, Activation[] activations, bool explicitParameters, bool[] layerInits,
        Initializer[] inits, double[] numbers, bool trains, int trainCount, int testCount, ulong seed, TrainingPlan plan, TransformKind[] transforms)
    {
        var next = 0;
        ImmutableArray<double> Take(int n) => Enumerable.Range(0, n).Select(_ => numbers[next++ % numbers.Length]).ToImmutableArray();
        var layers = ImmutableArray.CreateBuilder<LayerPlan>();
        var fanIn = inputs;
        for (var i = 0; i < units.Length; i++)
        {
            layers.Add(new LayerPlan(units[i], activations[i],
                explicitParameters ? new Matrix(units[i], fanIn, Take(units[i] * fanIn)) : null,
                explicitParameters ? Take(units[i]) : null,
                layerInits[i] ? inits[i + 1] : null));
            fanIn = units[i];
        }
        var outputs = units[^1];
        Sample Row(string prefix, int i, bool withY) => new($"{prefix}{i}", Take(inputs), withY ? Take(outputs) : ImmutableArray<double>.Empty);
        var train = Enumerable.Range(1, trains ? trainCount : trainCount - 1).Select(i => Row("r", i, true)).ToImmutableArray();
        var test = Enumerable.Range(1, testCount).Select(i => Row("t", i, i % 2 == 0)).ToImmutableArray();
        var anyY = train.Length > 0 || test.Any(r => r.HasTarget);
        var data = new DataPlan(
            Enumerable.Range(1, inputs).Select(k => $"f{k}").ToImmutableArray(),
            anyY ? Enumerable.Range(1, outputs).Select(k => $"t{k}").ToImmutableArray() : ImmutableArray<string>.Empty,
            new DataRows.Features(new Dataset(train), new Dataset(test)), train.Length > 0 ? transforms.ToImmutableArray() : ImmutableArray<TransformKind>.Empty);
        return new Experiment($"random-{seed % 1000}", "a \"random\" one\nwith ünïcode", seed, data,
            new NetworkPlan.Dense(inputs, layers.ToImmutable(), inits[0]), trains ? plan : null);
    }
}
