using System.Globalization;

namespace NeuralFunctional.Experiments;

/// <summary>A training workload for benchmarks: the state to start from, the rows, the configuration, and how much
/// work one run is (samples = rows × epochs; FLOP = 6 per weight per sample: forward, ∂L/∂x and ∂L/∂w, 2 each).</summary>
public sealed record Workload(string Name, string Description, TrainingState Start, Dataset Train, TrainingConfig Config)
{
    /// <summary>The held-out rows early stopping watches (empty without early stopping): passed to
    /// <see cref="Training.Run"/> as its validation set.</summary>
    public Dataset Validation { get; init; } = Dataset.Of();

    /// <summary>Samples processed by one run (rows × epochs).</summary>
    public long Samples => (long)Train.Count * (Config.Epochs - Start.Epoch);

    /// <summary>Floating-point operations of one run: 6 × weights × samples.</summary>
    public double Flops => 6.0 * Start.Network.Layers.Sum(l => (double)l.Units * l.Inputs) * Samples;
}

/// <summary>The benchmark workloads W1–W3, shared by <c>nf bench</c> and the BenchmarkDotNet project, and their option
/// variants (<see cref="WithOption"/>: <c>W2-adam</c>, <c>W3-adam</c>, …: the same rows, network, start, batches and
/// epochs with one training option changed, so that its cost reads off against the plain-SGD row). Pure: the host
/// reads the files (<c>bench/w1-hiring.json</c>, <c>bench/data/digits.csv</c>) and passes their text in.</summary>
public static class Workloads
{
    /// <summary>Where the workload files live, relative to the repository root.</summary>
    public const string HiringFile = "bench/w1-hiring.json";
    public const string DigitsFile = "bench/data/digits.csv";

    /// <summary>The options <see cref="WithOption"/> knows, in table order.</summary>
    public static readonly ImmutableArray<string> Options = ["momentum", "nesterov", "adam", "decay", "schedule", "early"];

    /// <summary>The variants <c>nf bench --only all</c> runs after W1–W3: every option on W2, and Adam on W3.</summary>
    public static readonly ImmutableArray<string> Variants =
        [.. Options.Select(o => "W2-" + o), "W3-adam"];

    /// <summary>The workload <paramref name="w"/> with one training option changed; everything else (rows, network,
    /// starting parameters, shuffle stream, batch size, epochs) is kept. Named <c>{w.Name}-{option}</c>.
    /// <list type="bullet">
    /// <item><c>momentum</c>: heavy-ball momentum, the same lr, β 0.9.</item>
    /// <item><c>nesterov</c>: Nesterov momentum, the same lr, β 0.9.</item>
    /// <item><c>adam</c>: Adam lr 0.001, β1 0.9, β2 0.999, ε 1e-8.</item>
    /// <item><c>decay</c>: weight decay 1e-4 (on the mean gradient), SGD as before.</item>
    /// <item><c>schedule</c>: step schedule, lr × 0.5 every ⌈epochs / 4⌉ epochs (W2: every 5 of 20).</item>
    /// <item><c>early</c>: early stopping on a validation split of 0.1 of the rows (drawn from the <c>validation</c>
    /// stream of seed 7, as <see cref="Runner.Prepare"/> does; the rest are trained on), patience = epochs and
    /// min delta 0, so it never fires and every epoch runs, each followed by the validation loss.</item>
    /// </list>
    /// Null for an unknown option.</summary>
    public static Workload? WithOption(Workload w, string option)
    {
        var c = w.Config;
        var lr = c.Optimizer.LearningRate;
        (TrainingConfig Config, string What)? changed = option switch
        {
            "momentum" => (c with { Optimizer = new Optimizer.Momentum(lr, 0.9) }, $"momentum lr {G(lr)} β 0.9"),
            "nesterov" => (c with { Optimizer = new Optimizer.Nesterov(lr, 0.9) }, $"Nesterov lr {G(lr)} β 0.9"),
            "adam" => (c with { Optimizer = new Optimizer.Adam(0.001, 0.9, 0.999, 1e-8) }, "Adam lr 0.001 β1 0.9 β2 0.999 ε 1e-8"),
            "decay" => (c with { WeightDecay = 1e-4 }, "weight decay 1e-4"),
            "schedule" => (c with { Schedule = new Schedule.Step(Math.Max(1, (c.Epochs + 3) / 4), 0.5) },
                $"step schedule ×0.5 every {Math.Max(1, (c.Epochs + 3) / 4)} epochs"),
            "early" => (c with { EarlyStopping = new EarlyStopping(0.1, c.Epochs, 0) }, $"early stopping: validation 0.1, patience {c.Epochs} (never fires)"),
            _ => null,
        };
        if (changed is not var (config, what)) return null;
        var (train, validation) = config.EarlyStopping is { } stopping
            ? EarlyStopping.Split(w.Train, stopping.Validation, Rng.Stream(7, Runner.ValidationStream))
            : (w.Train, Dataset.Of());
        var start = Training.Start(w.Start.Network, config, w.Start.Rng);
        var rows = validation.Count > 0 ? $"; trains on {train.Count} rows, {validation.Count} held out" : "";
        return new Workload($"{w.Name}-{option}", $"{w.Name} with {what}{rows}", start, train, config) { Validation = validation };
    }

    /// <summary>A workload from an experiment file (W1: the hiring network, 10,000 epochs of per-sample SGD).</summary>
    public static Workload FromExperiment(string name, Experiment e)
    {
        var run = Runner.Prepare(e);
        var train = run.Rows is DataRows.Features rows ? rows.Train : throw new ArgumentException($"Experiment {e.Name} trains on sequences.");
        var config = e.Training?.ToConfig() ?? throw new ArgumentException($"Experiment {e.Name} does not train.");
        return new Workload(name, $"{e.Name}: {e.Network.Inputs}-{string.Join("-", e.Network.Layers.Select(l => l.Units))}, {train.Count} rows, batch {config.BatchSize}, {config.Epochs} epochs",
            run.Start, train, config);
    }

    /// <summary>W2 (small): the 1797 digits (header p0..p63,digit; pixels 0–16 scaled by 1/16, one-hot targets), a
    /// 64-128-10 network (sigmoid hidden, softmax output, Xavier-uniform from seed 7), cross-entropy, SGD lr 0.1,
    /// batch 32, shuffled, 20 epochs.</summary>
    public static Workload Digits(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var rows = new Sample[lines.Length - 1];
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != 65) throw new FormatException($"digits.csv line {i + 1} has {cells.Length} cells, expected 65.");
            var x = new double[64];
            for (var k = 0; k < 64; k++) x[k] = double.Parse(cells[k], CultureInfo.InvariantCulture) / 16.0;
            var y = new double[10];
            y[int.Parse(cells[64], CultureInfo.InvariantCulture)] = 1.0;
            rows[i - 1] = new Sample($"d{i}", [.. x], [.. y]);
        }
        return Build("W2", "digits 1797 rows, 64-128-10 sigmoid/softmax, CE, batch 32, 20 epochs",
            new Dataset([.. rows]), [new LayerSpec(128, Activation.Sigmoid), new LayerSpec(10, Activation.Softmax)],
            new TrainingConfig(LossKind.Ce, new Optimizer.Sgd(0.1), 20, 32, Shuffle: true, RecordEvery: 20), new Initializer.XavierUniform());
    }

    /// <summary>W3 (wide): 20,000 (or <paramref name="rows"/>) synthetic rows of 256 features uniform in [−1, 1) from the <c>data</c> stream of seed 7,
    /// class = the tenth of [−1, 1) the first feature falls in (one-hot); a 256-512-512-10 network (ReLU hidden, softmax
    /// output, He-uniform), cross-entropy, SGD lr 0.1, batch 128, shuffled, 3 epochs (about 143 GFLOP).</summary>
    public static Workload Wide(int rows = 20_000)
    {
        var rng = Rng.Stream(7, "data");
        var samples = new Sample[rows];
        for (var i = 0; i < rows; i++)
        {
            var x = new double[256];
            for (var k = 0; k < x.Length; k++) (x[k], rng) = Rng.Uniform(rng, -1, 1);
            var y = new double[10];
            y[Math.Clamp((int)((x[0] + 1) * 5), 0, 9)] = 1.0;
            samples[i] = new Sample($"s{i}", ImmutableArray.Create(x), ImmutableArray.Create(y));
        }
        return Build("W3", $"{rows:N0} synthetic rows, 256-512-512-10 ReLU/softmax, CE, batch 128, 3 epochs",
            new Dataset([.. samples]),
            [new LayerSpec(512, Activation.Relu), new LayerSpec(512, Activation.Relu), new LayerSpec(10, Activation.Softmax)],
            new TrainingConfig(LossKind.Ce, new Optimizer.Sgd(0.1), 3, 128, Shuffle: true, RecordEvery: 3), new Initializer.HeUniform());
    }

    private static Workload Build(string name, string description, Dataset data, IReadOnlyList<LayerSpec> layers, TrainingConfig config, Initializer init)
    {
        var (net, _) = Initializer.Network(init, Rng.Stream(7, Runner.InitStream), data.Rows[0].X.Length, layers);
        return new Workload(name, description, Training.Start(net, config, Rng.Stream(7, Runner.ShuffleStream)), data, config);
    }

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
