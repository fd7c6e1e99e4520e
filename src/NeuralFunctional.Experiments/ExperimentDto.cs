using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

// The experiment file as plain classes: exactly the keys a file may hold, nothing validated yet. Every property is
// optional here (null = absent); ExperimentParser reports what is missing and fills in the defaults. The property
// names are the file's keys (camelCase); keep them in step with ExperimentJson, which writes the same keys back.

/// <summary>An experiment file: a name, the data, the network and (optionally) how to train it.</summary>
public sealed class ExperimentDto
{
    /// <summary>Path of the JSON Schema the file follows, for editors. Ignored.</summary>
    [JsonProperty("$schema")] public string? Schema { get; set; }

    /// <summary>The experiment's name: letters, digits, <c>-</c>, <c>_</c> and <c>.</c> only (it names output files). Required.</summary>
    [Required, JsonProperty("name")] public string? Name { get; set; }

    /// <summary>What the experiment shows, in a sentence. Default "".</summary>
    [JsonProperty("description")] public string? Description { get; set; }

    /// <summary>Seed of every random choice (initial weights, shuffling). Default 0.</summary>
    [JsonProperty("seed")] public ulong? Seed { get; set; }

    /// <summary>The rows to train on and to predict, with the names of features and targets.</summary>
    [JsonProperty("data")] public DataDto? Data { get; set; }

    /// <summary>The network: number of inputs, the layers, and how their parameters start. Required.</summary>
    [Required, JsonProperty("network")] public NetworkDto? Network { get; set; }

    /// <summary>How to train. Absent: the experiment only evaluates the network as given (every layer then needs
    /// explicit <c>weights</c> and <c>biases</c>).</summary>
    [JsonProperty("training")] public TrainingDto? Training { get; set; }

    /// <summary>Variants to run with <c>nf sweep</c>: a grid over paths and/or a range of seeds. <c>nf run</c> runs
    /// only the experiment as written.</summary>
    [JsonProperty("sweep")] public SweepDto? Sweep { get; set; }
}

/// <summary>The data section.</summary>
public sealed class DataDto
{
    /// <summary>Names of the inputs, one per <c>x</c> value. Default <c>x1</c>…<c>xn</c>.</summary>
    [JsonProperty("features")] public List<string>? Features { get; set; }

    /// <summary>Names of the targets, one per <c>y</c> value. Default <c>y1</c>…<c>ym</c> (none when no row has <c>y</c>).</summary>
    [JsonProperty("targets")] public List<string>? Targets { get; set; }

    /// <summary>Training rows, each with <c>x</c> and <c>y</c>. Required (non-empty) when the experiment trains.</summary>
    [JsonProperty("train")] public List<RowDto>? Train { get; set; }

    /// <summary>Rows that are only predicted (<c>y</c> optional). Default none.</summary>
    [JsonProperty("test")] public List<RowDto>? Test { get; set; }

    /// <summary>Input transforms fitted on the training rows and applied to every row, in order. Default none.</summary>
    [JsonProperty("transform")] public List<TransformDto>? Transform { get; set; }

    /// <summary>Sequence rows (an <c>elman</c> network): where their targets are.</summary>
    [JsonProperty("sequence")] public SequenceDto? Sequence { get; set; }

    /// <summary>Read the rows from a CSV file instead of <c>train</c>/<c>test</c> (then <c>features</c>,
    /// <c>targets</c>, <c>train</c> and <c>test</c> are not allowed here).</summary>
    [JsonProperty("csv")] public CsvDto? Csv { get; set; }
}

/// <summary>Rows from a CSV file with a header line.</summary>
public sealed class CsvDto
{
    /// <summary>The CSV file, relative to the experiment file. Either this or <c>dataset</c>.</summary>
    [JsonProperty("path")] public string? Path { get; set; }

    /// <summary>A dataset shipped inside nf instead of a file: <c>iris</c> or <c>digits</c> (<c>nf datasets</c> lists
    /// them). Either this or <c>path</c>.</summary>
    [JsonProperty("dataset")] public string? Dataset { get; set; }

    /// <summary>The feature columns, in the order of the network's inputs. Required.</summary>
    [JsonProperty("features")] public List<string>? Features { get; set; }

    /// <summary>The target column (class names, or a number). Either this or <c>targets</c>.</summary>
    [JsonProperty("target")] public string? Target { get; set; }

    /// <summary>Several numeric target columns, one per output unit. Either this or <c>target</c>.</summary>
    [JsonProperty("targets")] public List<string>? Targets { get; set; }

    /// <summary><c>class</c> (the target column holds class names, turned into one-hot y) or <c>number</c> (each
    /// target column holds a number). Default: <c>class</c> for one <c>target</c> and an output layer of several
    /// units, else <c>number</c>.</summary>
    [JsonProperty("targetKind")] public string? TargetKind { get; set; }

    /// <summary>A column naming each row. Default: rows are named <c>row-1</c>, <c>row-2</c>… by data row number.</summary>
    [JsonProperty("id")] public string? Id { get; set; }

    /// <summary>Class names in output-unit order. Default: the names found in the file, sorted (ordinal).</summary>
    [JsonProperty("classes")] public List<string>? Classes { get; set; }

    /// <summary>A seeded, stratified train/test split. Default: every row trains.</summary>
    [JsonProperty("split")] public SplitDto? Split { get; set; }
}

/// <summary>A train/test split.</summary>
public sealed class SplitDto
{
    /// <summary>The fraction of each class's rows held out for testing, strictly between 0 and 1. Required.</summary>
    [JsonProperty("test")] public double? Test { get; set; }
}


/// <summary>How sequence rows are read.</summary>
public sealed class SequenceDto
{
    /// <summary><c>perStep</c> (y holds one vector per step of x) or <c>last</c> (y is one vector, the target after the
    /// last step). Default: from the rows' shape, <c>perStep</c> when the first row with y has a list of vectors, else
    /// <c>last</c>.</summary>
    [JsonProperty("targets")] public string? Targets { get; set; }
}

/// <summary>A row's x or y: one vector (the list itself, <c>[1, 2]</c>) or, when <see cref="Steps"/> is set, a sequence
/// of vectors, one per time step (<c>[[1], [0], [1]]</c>; the list itself is then empty).</summary>
[JsonConverter(typeof(ValuesDtoConverter))]
public sealed class ValuesDto : List<double>
{
    /// <summary>The vectors of a sequence, in step order; null for a plain vector.</summary>
    [JsonIgnore] public List<List<double>>? Steps { get; set; }
}

/// <summary>Reads <see cref="ValuesDto"/>: an array holding any array is a sequence of vectors, else one vector.</summary>
public sealed class ValuesDtoConverter : JsonConverter<ValuesDto>
{
    public override bool CanWrite => false;

    public override ValuesDto? ReadJson(JsonReader reader, Type objectType, ValuesDto? existingValue, bool hasExistingValue, JsonSerializer serializer)
    {
        // The shape check's clean copy holds a vector of finite numbers packed (JsonShape.Packed: its doubles' bytes).
        if (reader.TokenType == JsonToken.Bytes) return Unpack((byte[])reader.Value!, new ValuesDto());
        if (reader.TokenType != JsonToken.StartArray)
        {
            reader.Skip();
            return null;
        }
        // Else the shape check has made the array all numbers or all arrays of numbers: read them straight off the reader.
        var values = new ValuesDto();
        List<List<double>>? steps = null;
        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
        {
            if (reader.TokenType == JsonToken.Bytes)
            {
                (steps ??= []).Add(Unpack((byte[])reader.Value!, new List<double>()));
                continue;
            }
            if (reader.TokenType != JsonToken.StartArray)
            {
                values.Add(Convert.ToDouble(reader.Value, System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }
            var step = new List<double>();
            while (reader.Read() && reader.TokenType != JsonToken.EndArray)
                step.Add(Convert.ToDouble(reader.Value, System.Globalization.CultureInfo.InvariantCulture));
            (steps ??= []).Add(step);
        }
        return steps is null ? values : new ValuesDto { Steps = steps };
    }

    private static T Unpack<T>(byte[] bytes, T into) where T : List<double>
    {
        into.AddRange(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes));
        return into;
    }

    public override void WriteJson(JsonWriter writer, ValuesDto? value, JsonSerializer serializer) =>
        throw new NotSupportedException("ValuesDto is read only; ExperimentJson writes experiments.");
}

/// <summary>One row of data.</summary>
public sealed class RowDto
{
    /// <summary>The row's name in predictions; unique across train and test. Default <c>train-1</c>, <c>test-1</c>… (1-based).</summary>
    [JsonProperty("id")] public string? Id { get; set; }

    /// <summary>The inputs: <c>network.inputs</c> numbers; for an <c>elman</c> network a sequence of such vectors, one
    /// per time step (<c>[[1], [0], [1]]</c>). Required.</summary>
    [Required, JsonProperty("x")] public ValuesDto? X { get; set; }

    /// <summary>The targets: one number per output unit; for an <c>elman</c> network one such vector per step of x
    /// (targets <c>perStep</c>) or one vector (targets <c>last</c>). Required for training rows.</summary>
    [JsonProperty("y")] public ValuesDto? Y { get; set; }
}

/// <summary>An input transform.</summary>
public sealed class TransformDto
{
    /// <summary><c>center</c> (subtract the mean), <c>standardize</c> (then divide by the standard deviation) or
    /// <c>minmax</c> (map the training range to [0, 1]).</summary>
    [Required, JsonProperty("kind")] public string? Kind { get; set; }
}

/// <summary>The network section.</summary>
public sealed class NetworkDto
{
    /// <summary><c>dense</c> (feed-forward) or <c>elman</c> (a recurrent hidden layer over sequences, then
    /// <c>layers</c> applied to its state at each step). Default <c>dense</c>.</summary>
    [JsonProperty("kind")] public string? Kind { get; set; }

    /// <summary>Number of inputs (the length of every <c>x</c>; for <c>elman</c>, of every step of x), at least 1. Required.</summary>
    [Required, JsonProperty("inputs")] public int? Inputs { get; set; }

    /// <summary><c>elman</c> only: the recurrent hidden layer h_t = f(W x_t + U h_{t−1} + b) (activation default
    /// <c>tanh</c>; explicit <c>weights</c> rows hold W_j then U_j: inputs + units numbers). Required for <c>elman</c>.</summary>
    [JsonProperty("hidden")] public LayerDto? Hidden { get; set; }

    /// <summary><c>elman</c> only: backpropagation through time. Default full (<c>{ "truncate": 0 }</c>).</summary>
    [JsonProperty("bptt")] public BpttDto? Bptt { get; set; }

    /// <summary>The layers from the first hidden layer to the output layer; at least one. Required.</summary>
    [Required, JsonProperty("layers")] public List<LayerDto>? Layers { get; set; }

    /// <summary>How weights and biases start where a layer does not give them. Default <c>{ "kind": "normal", "mean": 0, "std": 1 }</c>.</summary>
    [JsonProperty("init")] public InitDto? Init { get; set; }
}

/// <summary>Backpropagation through time.</summary>
public sealed class BpttDto
{
    /// <summary>0: full BPTT; k ≥ 1: each loss term's gradient flows back through at most k time steps, its own
    /// included. Default 0.</summary>
    [JsonProperty("truncate")] public int? Truncate { get; set; }
}

/// <summary>One fully connected layer.</summary>
public sealed class LayerDto
{
    /// <summary>Number of neurons, at least 1. Required.</summary>
    [Required, JsonProperty("units")] public int? Units { get; set; }

    /// <summary>The activation: a name (<c>"relu"</c>) or an object with parameters
    /// (<c>{ "kind": "step", "threshold": 2 }</c>). Default <c>sigmoid</c>.</summary>
    [JsonProperty("activation")] public ActivationDto? Activation { get; set; }

    /// <summary>Explicit starting weights: <c>units</c> rows of one number per input of the layer (row j = unit j).</summary>
    [JsonProperty("weights")] public List<List<double>>? Weights { get; set; }

    /// <summary>Explicit starting biases: one per unit.</summary>
    [JsonProperty("biases")] public List<double>? Biases { get; set; }

    /// <summary>This layer's own initializer, instead of <c>network.init</c>.</summary>
    [JsonProperty("init")] public InitDto? Init { get; set; }

    /// <summary>Marks the layer whose activations are the network's code (an autoencoder's bottleneck): the output
    /// document gives them for every row as <c>code</c>. At most one layer, not the output layer. Default false.</summary>
    [JsonProperty("bottleneck")] public bool? Bottleneck { get; set; }
}

/// <summary>An activation: <c>step</c>, <c>sign</c>, <c>linear</c>, <c>sigmoid</c>, <c>tanh</c>, <c>relu</c>,
/// <c>leakyRelu</c>, <c>elu</c>, <c>softplus</c> or <c>softmax</c>. In a file either just the name or an object.</summary>
[JsonConverter(typeof(ActivationDtoConverter))]
public sealed class ActivationDto
{
    /// <summary>The activation's name. Required.</summary>
    [Required, JsonProperty("kind")] public string? Kind { get; set; }

    /// <summary>Step only: the output is 1 when z ≥ threshold. Default 0.</summary>
    [JsonProperty("threshold")] public double? Threshold { get; set; }

    /// <summary>leakyRelu (default 0.01) and elu (default 1) only: the slope or scale for negative z.</summary>
    [JsonProperty("alpha")] public double? Alpha { get; set; }
}

/// <summary>Reads an activation written as a bare name (<c>"sigmoid"</c>) or as an object.</summary>
public sealed class ActivationDtoConverter : JsonConverter<ActivationDto>
{
    public override bool CanWrite => false;

    public override ActivationDto? ReadJson(JsonReader reader, Type objectType, ActivationDto? existingValue, bool hasExistingValue, JsonSerializer serializer)
    {
        var token = JToken.Load(reader);
        if (token.Type == JTokenType.String) return new ActivationDto { Kind = (string?)token };
        if (token is not JObject obj) return null;
        var dto = new ActivationDto();
        serializer.Populate(obj.CreateReader(), dto);
        return dto;
    }

    public override void WriteJson(JsonWriter writer, ActivationDto? value, JsonSerializer serializer) =>
        throw new NotSupportedException("ActivationDto is read only; ExperimentJson writes experiments.");
}

/// <summary>How parameters start: <c>zeros</c>, <c>constant</c> (<c>value</c>), <c>uniform</c> (<c>low</c>, <c>high</c>),
/// <c>normal</c> (<c>mean</c>, <c>std</c>), <c>xavierUniform</c>, <c>xavierNormal</c>, <c>heUniform</c>, <c>heNormal</c>;
/// any of them with <c>bias</c> to start every bias at that constant.</summary>
public sealed class InitDto
{
    /// <summary>The initializer's name. Required.</summary>
    [Required, JsonProperty("kind")] public string? Kind { get; set; }

    /// <summary>constant: every weight's value. Required for constant.</summary>
    [JsonProperty("value")] public double? Value { get; set; }

    /// <summary>uniform: lower end of the range. Default -1.</summary>
    [JsonProperty("low")] public double? Low { get; set; }

    /// <summary>uniform: upper end of the range (excluded). Default 1.</summary>
    [JsonProperty("high")] public double? High { get; set; }

    /// <summary>normal: the mean. Default 0.</summary>
    [JsonProperty("mean")] public double? Mean { get; set; }

    /// <summary>normal: the standard deviation, ≥ 0. Default 1.</summary>
    [JsonProperty("std")] public double? Std { get; set; }

    /// <summary>Any kind: start every bias at this constant instead of drawing it.</summary>
    [JsonProperty("bias")] public double? Bias { get; set; }
}

/// <summary>The training section.</summary>
public sealed class TrainingDto
{
    /// <summary><c>mse</c>, <c>bce</c> (needs a sigmoid output layer) or <c>ce</c> (needs a softmax output layer). Default <c>mse</c>.</summary>
    [JsonProperty("loss")] public string? Loss { get; set; }

    /// <summary>The optimizer. Default <c>{ "kind": "sgd", "learningRate": 0.1 }</c>.</summary>
    [JsonProperty("optimizer")] public OptimizerDto? Optimizer { get; set; }

    /// <summary>Passes over the training rows, at least 1. Default 1000.</summary>
    [JsonProperty("epochs")] public int? Epochs { get; set; }

    /// <summary>Rows per optimizer step, at least 1 (the last batch of an epoch may be smaller). Default 1.</summary>
    [JsonProperty("batchSize")] public int? BatchSize { get; set; }

    /// <summary>Shuffle the rows before each epoch (seeded). Default false.</summary>
    [JsonProperty("shuffle")] public bool? Shuffle { get; set; }

    /// <summary>What the trace records.</summary>
    [JsonProperty("record")] public RecordDto? Record { get; set; }

    /// <summary>L2 weight decay λ ≥ 0: every weight's gradient gets λ·w added before the optimizer (biases are not
    /// decayed). Default 0 (none).</summary>
    [JsonProperty("weightDecay")] public double? WeightDecay { get; set; }

    /// <summary>A learning-rate schedule over epochs. Default none (the optimizer's rate throughout).</summary>
    [JsonProperty("schedule")] public ScheduleDto? Schedule { get; set; }

    /// <summary>Stop when the loss on a held-out validation split stops improving, and keep the best parameters.
    /// Default none (train every epoch).</summary>
    [JsonProperty("earlyStopping")] public EarlyStoppingDto? EarlyStopping { get; set; }

    /// <summary><c>predict</c> (learn each row's <c>y</c> from its <c>x</c>) or <c>reconstruct</c> (unsupervised: the
    /// target of every row is its own transformed input, y := x; the output layer has <c>network.inputs</c> units, the
    /// loss is <c>mse</c>, and a row's <c>y</c>, if given, is a label that training never sees). Default <c>predict</c>.</summary>
    [JsonProperty("objective")] public string? Objective { get; set; }
}

/// <summary>A learning-rate schedule: <c>step</c> (lr·factor^⌊epoch/every⌋) or <c>exponential</c> (lr·rate^epoch),
/// epoch counted from 0.</summary>
public sealed class ScheduleDto
{
    /// <summary><c>step</c> or <c>exponential</c>. Required.</summary>
    [JsonProperty("kind")] public string? Kind { get; set; }

    /// <summary>step: multiply the rate by <c>factor</c> after every this many epochs, ≥ 1. Required for step.</summary>
    [JsonProperty("every")] public int? Every { get; set; }

    /// <summary>step: the factor, &gt; 0 (e.g. 0.5 halves the rate). Required for step.</summary>
    [JsonProperty("factor")] public double? Factor { get; set; }

    /// <summary>exponential: the factor per epoch, &gt; 0 (e.g. 0.99). Required for exponential.</summary>
    [JsonProperty("rate")] public double? Rate { get; set; }
}

/// <summary>Early stopping on a seeded validation split of the training rows.</summary>
public sealed class EarlyStoppingDto
{
    /// <summary>Fraction of the training rows held out for validation (drawn from the seed's <c>validation</c>
    /// stream; at least one row on each side), 0 &lt; validation &lt; 1. Default 0.25.</summary>
    [JsonProperty("validation")] public double? Validation { get; set; }

    /// <summary>Stop after this many epochs in a row without improvement, ≥ 1. Default 20.</summary>
    [JsonProperty("patience")] public int? Patience { get; set; }

    /// <summary>An epoch improves when the validation loss falls below the best so far by more than this, ≥ 0. Default 0.</summary>
    [JsonProperty("minDelta")] public double? MinDelta { get; set; }
}

/// <summary>An optimizer: a kind and its settings. <c>sgd</c> and <c>momentum</c>/<c>nesterov</c> default to
/// learning rate 0.1 (and beta 0.9); <c>adam</c> to learning rate 0.01, beta1 0.9, beta2 0.999, epsilon 1e-8.</summary>
public sealed class OptimizerDto
{
    /// <summary>The optimizer's name: <c>sgd</c>, <c>momentum</c>, <c>nesterov</c> or <c>adam</c>. Default <c>sgd</c>.</summary>
    [JsonProperty("kind")] public string? Kind { get; set; }

    /// <summary>Step size, &gt; 0. Default 0.1 (adam: 0.01).</summary>
    [JsonProperty("learningRate")] public double? LearningRate { get; set; }

    /// <summary>momentum and nesterov: how much of the previous velocity is kept, 0 ≤ beta &lt; 1. Default 0.9.</summary>
    [JsonProperty("beta")] public double? Beta { get; set; }

    /// <summary>adam: decay of the first-moment (mean) estimate, 0 ≤ beta1 &lt; 1. Default 0.9.</summary>
    [JsonProperty("beta1")] public double? Beta1 { get; set; }

    /// <summary>adam: decay of the second-moment (uncentred variance) estimate, 0 ≤ beta2 &lt; 1. Default 0.999.</summary>
    [JsonProperty("beta2")] public double? Beta2 { get; set; }

    /// <summary>adam: added to √v̂ to keep the step finite, &gt; 0. Default 1e-8.</summary>
    [JsonProperty("epsilon")] public double? Epsilon { get; set; }
}

/// <summary>What the trace records.</summary>
public sealed class RecordDto
{
    /// <summary>Record the loss every this many epochs (epoch 0 and the last are always recorded), at least 1. Default 1.</summary>
    [JsonProperty("every")] public int? Every { get; set; }
}

/// <summary>The sweep section: every combination of the grid's values (paths in file order, the last varying
/// fastest), each run with every seed of <c>seeds</c> (innermost).</summary>
public sealed class SweepDto
{
    /// <summary>Paths into the experiment (as <c>--set</c> names them) and the values each takes, e.g.
    /// <c>{ "training.optimizer.learningRate": [0.01, 0.1, 1] }</c>.</summary>
    [JsonProperty("grid")]
    public OrderedDictionary<string, List<JToken>>? Grid
    {
        get;
        // A Native AOT build (see the CLI project) trims what reflection alone reaches: keep the constructor
        // Newtonsoft creates the grid with.
        [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(OrderedDictionary<string, List<JToken>>))]
        set;
    }

    /// <summary>Run every grid point with each of these seeds instead of <c>seed</c>.</summary>
    [JsonProperty("seeds")] public SeedsDto? Seeds { get; set; }
}

/// <summary>A range of seeds: <c>from</c>, <c>from + 1</c>, …, <c>from + count − 1</c>.</summary>
public sealed class SeedsDto
{
    /// <summary>The first seed. Default 0.</summary>
    [JsonProperty("from")] public ulong? From { get; set; }

    /// <summary>How many seeds, at least 1. Required.</summary>
    [JsonProperty("count")] public int? Count { get; set; }
}
