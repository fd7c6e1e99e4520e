
namespace NeuralFunctional.Experiments;

/// <summary>A validated experiment with every default filled in: what the file means, in core terms. A sweep, if
/// any, is carried along; <see cref="Runner"/> runs the experiment as written and <see cref="SweepVariants"/> expands it.</summary>
public sealed record Experiment(
    string Name,
    string Description,
    ulong Seed,
    DataPlan Data,
    NetworkPlan Network,
    TrainingPlan? Training,
    SweepPlan? Sweep = null)
{
    /// <summary>True when the experiment only evaluates a fixed network (no <c>training</c> section).</summary>
    public bool EvaluateOnly => Training is null;
}

/// <summary>The data section: the names of features and targets, the rows as written in the file (before any
/// transform), and the transforms to fit on the training rows, in order. With <paramref name="Csv"/> the rows come from
/// a CSV file: the parser leaves the feature rows empty and the host fills them in with <see cref="CsvData.Fill"/> (the
/// parser reads no file).</summary>
public sealed record DataPlan(
    ImmutableArray<string> Features,
    ImmutableArray<string> Targets,
    DataRows Rows,
    ImmutableArray<TransformKind> Transforms,
    CsvSource? Csv = null)
{
    /// <summary>True when the rows come from a CSV file that has not been read yet.</summary>
    public bool AwaitsCsv => Csv is not null && Rows is DataRows.Features { Train.Count: 0, Test.Count: 0 };
}

/// <summary>An experiment's rows: <see cref="Features"/> (one x and one y each) or <see cref="Sequences"/> (for an
/// Elman network: an x per step, and a y per step or for the last). In a parsed experiment they are as written; in a
/// prepared run (<see cref="PreparedRun.Rows"/>) they are transformed, and with early stopping the held-out validation
/// rows are split from the training rows (<c>Validation</c>; empty otherwise). A closed sum: code that differs by the
/// kind of rows matches on it once (<see cref="Match{T}"/>).</summary>
public abstract record DataRows
{
    private DataRows() { }

    /// <summary>Feature rows.</summary>
    public sealed record Features(Dataset Train, Dataset Test) : DataRows
    {
        public Dataset Validation { get; init; } = Dataset.Of();
    }

    /// <summary>Sequence rows, with where their targets are. Transforms are fitted on every step of every training row.</summary>
    public sealed record Sequences(SequenceTargets Targets, SequenceDataset Train, SequenceDataset Test) : DataRows
    {
        public SequenceDataset Validation { get; init; } = SequenceDataset.Empty;
    }

    /// <summary>The one dispatch on the kind of rows.</summary>
    public T Match<T>(Func<Features, T> features, Func<Sequences, T> sequences) => this switch
    {
        Features f => features(f),
        Sequences s => sequences(s),
        _ => throw new InvalidOperationException("unreachable: DataRows is closed"),
    };

    /// <summary>How many training rows (after any hold-out).</summary>
    public int TrainCount => Match(f => f.Train.Count, s => s.Train.Count);
}

/// <summary>How the target columns of a CSV file become y: <c>Class</c>, one column of class names turned into
/// one-hot vectors (class order: <see cref="CsvSource.Classes"/>); <c>Number</c>, each target column a number.</summary>
public enum CsvTargetKind { Class, Number }

/// <summary>Where a CSV experiment's rows come from: the file (relative to the experiment file), the feature and
/// target columns, how targets are read, the optional id column, the optional test fraction of the stratified
/// split, and the class names in order (given in the file, or the sorted names found once the file is read); once the
/// file is read, what was read (<see cref="File"/>).</summary>
public sealed record CsvSource(
    string Path,
    ImmutableArray<string> Features,
    ImmutableArray<string> Targets,
    CsvTargetKind TargetKind,
    string? IdColumn,
    double? TestFraction,
    ImmutableArray<string> Classes,
    DataFile? File = null,
    string? Dataset = null)
{
    /// <summary>How messages and records name where the rows come from: the built-in dataset, or the path as written.</summary>
    public string Shown => Dataset is { } name ? $"the built-in dataset `{name}`" : Path;
}

/// <summary>A data file as a run read it: its path as the experiment writes it (relative to the experiment file's
/// folder), its size in bytes, <c>sha256:</c> and the hex SHA-256 of its bytes, and the data rows it holds. The output
/// document records it (<c>dataFiles</c>, <see cref="DataFiles"/>) so that an output says what it was trained on,
/// and <c>nf verify</c> can tell a changed data file from a changed training.</summary>
public sealed record DataFile(string Path, long Bytes, string Sha256, int Rows)
{
    /// <summary>The built-in dataset read (then <see cref="Path"/> is empty), or null for a file.</summary>
    public string? Dataset { get; init; }
}

/// <summary>The network's shape and start: its inputs, its layers, and the initializer for every layer whose weights
/// and biases are not given explicitly. A closed sum of the network models: <see cref="Dense"/> (feed-forward) or
/// <see cref="Elman"/> (recurrent); code that differs by model matches on it once (<see cref="Match{T}"/>).</summary>
public abstract record NetworkPlan
{
    private NetworkPlan(int inputs, ImmutableArray<LayerPlan> layers, Initializer init) => (Inputs, Layers, Init) = (inputs, layers, init);

    /// <summary>Values in each row's x (for an Elman network, in each step's x).</summary>
    public int Inputs { get; init; }

    /// <summary>The layers on the inputs (for an Elman network, the head on the hidden state).</summary>
    public ImmutableArray<LayerPlan> Layers { get; init; }

    public Initializer Init { get; init; }

    /// <summary>A feed-forward network: <see cref="Layers"/> on the inputs.</summary>
    public sealed record Dense(int Inputs, ImmutableArray<LayerPlan> Layers, Initializer Init) : NetworkPlan(Inputs, Layers, Init);

    /// <summary>An Elman network: <see cref="Inputs"/> values per step, the recurrent hidden layer (its weights, when
    /// explicit, are units × (inputs + units): W then U in each row), then <see cref="Layers"/> (the head) on the
    /// hidden state; trained by backpropagation through time, truncated to <paramref name="Truncate"/> steps (0 = full).</summary>
    public sealed record Elman(int Inputs, LayerPlan Hidden, int Truncate, ImmutableArray<LayerPlan> Layers, Initializer Init) : NetworkPlan(Inputs, Layers, Init);

    /// <summary>The one dispatch on the network model.</summary>
    public T Match<T>(Func<Dense, T> dense, Func<Elman, T> elman) => this switch
    {
        Dense d => dense(d),
        Elman r => elman(r),
        _ => throw new InvalidOperationException("unreachable: NetworkPlan is closed"),
    };
}

/// <summary>One layer: units, activation, optionally explicit starting weights (units × inputs) and biases, and
/// optionally its own initializer (used instead of <see cref="NetworkPlan.Init"/> for what is not given explicitly), and whether
/// its activations are the network's code (<see cref="Bottleneck"/>).</summary>
public sealed record LayerPlan(int Units, Activation Activation, Matrix? Weights, ImmutableArray<double>? Biases, Initializer? Init = null,
    bool Bottleneck = false);

/// <summary>The training section: loss, optimizer, epochs, mini-batch size, shuffling and record interval, and
/// optionally weight decay, a learning-rate schedule, early stopping and the objective (predict y, or reconstruct x).</summary>
public sealed record TrainingPlan(LossKind Loss, Optimizer Optimizer, int Epochs, int BatchSize, bool Shuffle, int RecordEvery,
    double WeightDecay = 0, Schedule? Schedule = null, EarlyStopping? EarlyStopping = null, Objective Objective = Objective.Predict)
{
    public TrainingConfig ToConfig() => new(Loss, Optimizer, Epochs, BatchSize, Shuffle, RecordEvery, WeightDecay, Schedule, EarlyStopping);
}

/// <summary>What training learns: <see cref="Predict"/> each row's y from its x (supervised), or
/// <see cref="Reconstruct"/> each row's own transformed x (unsupervised: an autoencoder; y := x).</summary>
public enum Objective { Predict, Reconstruct }
