using System.Collections.Immutable;
using System.Text.RegularExpressions;
using LanguageExt;
using NeuralFunctional.Core;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>DTO → domain: what the file means. Checks every rule that needs more than one value (shapes against
/// layer sizes, targets against the loss, ids across sections), fills in every default, and reports all problems at
/// once. Values already rejected by <see cref="JsonShape"/> arrive as absent; their paths are poisoned, so the caller
/// drops any error this finds about them.</summary>
internal sealed partial class ExperimentRules
{
    private readonly List<ExperimentError> errors = [];
    private readonly Locator at;

    // What the network section establishes (null when it is missing or wrong), for the data and training checks.
    private int? inputs;
    private int? outputs;
    private Activation? outputActivation;
    private int lastLayer;

    private ExperimentRules(Locator at) => this.at = at;

    public static Validation<ExperimentError, Experiment> ToDomain(ExperimentDto dto, Locator at)
    {
        var rules = new ExperimentRules(at);
        var experiment = rules.Experiment(dto);
        return rules.errors.Count == 0 && experiment is not null
            ? Success<ExperimentError, Experiment>(experiment)
            : Fail<ExperimentError, Experiment>(toSeq(rules.errors));
    }

    private void Error(ExperimentError error) => errors.Add(error);

    private Experiment? Experiment(ExperimentDto dto)
    {
        var name = Name(dto.Name);
        var trains = dto.Training is not null;
        var network = dto.Network is null ? null : Network(dto.Network, trains);
        if (dto.Network is null) Error(MissingError("network", "the network's inputs and layers"));
        var training = dto.Training is null ? null : Training(dto.Training);
        var loss = dto.Training is null ? null : training?.Loss ?? LossOrNull(dto.Training.Loss);
        var data = Data(dto.Data ?? new DataDto(), trains, loss);
        if (training?.EarlyStopping is not null && data is not null && data.Rows.TrainCount is > 0 and < 2 and var rows)
            Error(ErrorCatalog.TooFewRowsToValidate(at.At(EarlyStoppingPath), rows));
        var sweep = dto.Sweep is null ? null : Sweep(dto.Sweep, typeof(ExperimentDto));
        if (name is null || network is null || data is null || (trains && training is null) || errors.Count > 0) return null;
        return new Experiment(name, dto.Description ?? "", dto.Seed ?? 0, data, network, training, sweep);
    }

    private static LossKind? LossOrNull(string? name) =>
        name is null ? LossKind.Mse : Names.Losses.TryGetValue(name, out var loss) ? loss : null;

    private string? Name(string? name)
    {
        if (name is null) { Error(MissingError("name", "a short name for the experiment, used to name its outputs")); return null; }
        if (!SafeName().IsMatch(name) || name.All(c => c == '.')) { Error(ErrorCatalog.UnsafeName(at.At("name"), name)); return null; }
        return name;
    }

    // ---------- network ----------

    private NetworkPlan? Network(NetworkDto dto, bool trains)
    {
        int? inputs = dto.Inputs switch
        {
            null => RejectInt(MissingError("network.inputs", "the number of values in each row's x")),
            < 1 and var n => RejectInt(ErrorCatalog.InputsNotPositive(at.At("network.inputs"), n)),
            var n => n,
        };
        var init = Init(dto.Init, "network.init") ?? new Initializer.Normal(0, 1);
        var (elman, hidden) = ElmanSection(dto, inputs, !trains && dto.Init is null);
        recurrentNetwork = elman;
        if (dto.Layers is null) { Error(MissingError("network.layers", "at least the output layer, e.g. [{ \"units\": 1 }]")); return null; }
        if (dto.Layers.Count == 0) { Error(ErrorCatalog.NoLayers(at.At("network.layers"))); return null; }
        this.inputs = inputs;
        lastLayer = dto.Layers.Count - 1;
        var layers = new List<LayerPlan?>();
        int? fanIn = elman ? hidden?.Hidden.Units : inputs;
        for (var i = 0; i < dto.Layers.Count; i++)
        {
            // Evaluating without training needs parameters from somewhere: given values, or an initializer the file names.
            var needsParameters = !trains && dto.Init is null && dto.Layers[i].Init is null;
            var layer = Layer(dto.Layers[i], i, fanIn, dto.Layers.Count - 1, needsParameters);
            layers.Add(layer);
            fanIn = dto.Layers[i].Units is >= 1 and var u ? u : null;
        }
        Bottlenecks(dto.Layers);
        if (inputs is null || layers.Any(l => l is null) || (elman && hidden is null)) return null;
        var head = layers.Select(l => l!).ToImmutableArray();
        return hidden is { } h ? new NetworkPlan.Elman(inputs.Value, h.Hidden, h.Truncate, head, init) : new NetworkPlan.Dense(inputs.Value, head, init);
    }

    private LayerPlan? Layer(LayerDto dto, int index, int? fanIn, int last, bool needsParameters)
    {
        var path = $"network.layers[{index}]";
        int? units = dto.Units switch
        {
            null => RejectInt(MissingError($"{path}.units", "the number of neurons in this layer")),
            < 1 and var n => RejectInt(ErrorCatalog.UnitsNotPositive(at.At($"{path}.units"), n)),
            var n => n,
        };
        var activation = Activation(dto.Activation, $"{path}.activation");
        if (index == last) (outputs, outputActivation) = (units, activation);
        if (activation is { Kind: ActivationKind.Softmax } && index != last)
            Error(ErrorCatalog.SoftmaxNotLast(at.At($"{path}.activation"), index, last));
        var weights = Weights(dto.Weights, $"{path}.weights", units, fanIn);
        var biases = Biases(dto.Biases, $"{path}.biases", units);
        if (needsParameters && dto.Weights is null) Error(ErrorCatalog.ParametersRequired(at.At($"{path}.weights"), "weights"));
        if (needsParameters && dto.Biases is null) Error(ErrorCatalog.ParametersRequired(at.At($"{path}.biases"), "biases"));
        var init = Init(dto.Init, $"{path}.init");
        if (units is null || activation is null) return null;
        return new LayerPlan(units.Value, activation, weights, biases, init, dto.Bottleneck ?? false);
    }

    private Matrix? Weights(List<List<double>>? rows, string path, int? units, int? fanIn)
    {
        if (rows is null || units is null || fanIn is null) return null;
        var widths = rows.Select(r => r.Count).Distinct().ToList();
        if (rows.Count != units || widths.Any(w => w != fanIn))
        {
            var cols = widths.Count switch { 0 => "0", 1 => widths[0].ToString(System.Globalization.CultureInfo.InvariantCulture), _ => "(ragged: rows of " + string.Join(", ", rows.Select(r => r.Count)) + ")" };
            Error(ErrorCatalog.WeightsShape(at.At(path), rows.Count, cols, units.Value, fanIn.Value));
            return null;
        }
        return Matrix.FromRows(rows);
    }

    private ImmutableArray<double>? Biases(List<double>? biases, string path, int? units)
    {
        if (biases is null || units is null) return null;
        if (biases.Count != units) { Error(ErrorCatalog.BiasesLength(at.At(path), biases.Count, units.Value)); return null; }
        return biases.ToImmutableArray();
    }

    private Activation? Activation(ActivationDto? dto, string path)
    {
        if (dto is null) return Core.Activation.Sigmoid;
        var kindPath = at.Has($"{path}.kind") ? $"{path}.kind" : path;
        if (dto.Kind is null) return RejectRef<Activation>(MissingError($"{path}.kind", "the activation's name, e.g. \"relu\""));
        if (!Names.Activations.TryGetValue(dto.Kind, out var kind)) return RejectRef<Activation>(ErrorCatalog.UnknownActivation(at.At(kindPath), dto.Kind));
        var takes = Names.ActivationParameters(kind);
        var ok = Applies("threshold", dto.Threshold, dto.Kind, takes, path) & Applies("alpha", dto.Alpha, dto.Kind, takes, path);
        if (!ok) return null;
        return kind switch
        {
            ActivationKind.Step => Core.Activation.Step(dto.Threshold ?? 0),
            ActivationKind.LeakyRelu => Core.Activation.LeakyRelu(dto.Alpha ?? 0.01),
            ActivationKind.Elu => Core.Activation.Elu(dto.Alpha ?? 1.0),
            _ => new Activation(kind),
        };
    }

    private Initializer? Init(InitDto? dto, string path)
    {
        if (dto is null) return null;
        if (dto.Kind is null) return RejectRef<Initializer>(MissingError($"{path}.kind", $"one of {string.Join(", ", Names.Inits)}"));
        if (!Names.Inits.Contains(dto.Kind)) return RejectRef<Initializer>(ErrorCatalog.UnknownInit(at.At($"{path}.kind"), dto.Kind));
        var takes = Names.InitParameters(dto.Kind);
        var ok = Applies("value", dto.Value, dto.Kind, takes, path) & Applies("low", dto.Low, dto.Kind, takes, path)
               & Applies("high", dto.High, dto.Kind, takes, path) & Applies("mean", dto.Mean, dto.Kind, takes, path)
               & Applies("std", dto.Std, dto.Kind, takes, path);
        if (dto.Kind == "constant" && dto.Value is null) ok = Fails(MissingError($"{path}.value", "the constant every weight starts at"));
        if (dto.Kind == "uniform" && (dto.Low ?? -1) >= (dto.High ?? 1))
            ok = Fails(ErrorCatalog.InitRange(at.AtFirst($"{path}.high", $"{path}.low"), $"uniform needs low < high, got [{Num(dto.Low ?? -1)}, {Num(dto.High ?? 1)})"));
        if (dto.Kind == "normal" && dto.Std < 0)
            ok = Fails(ErrorCatalog.InitRange(at.At($"{path}.std"), $"normal needs std ≥ 0, got {Num(dto.Std!.Value)}"));
        if (!ok) return null;
        Initializer init = dto.Kind switch
        {
            "zeros" => new Initializer.Zeros(),
            "constant" => new Initializer.Constant(dto.Value!.Value),
            "uniform" => new Initializer.Uniform(dto.Low ?? -1, dto.High ?? 1),
            "normal" => new Initializer.Normal(dto.Mean ?? 0, dto.Std ?? 1),
            "xavierUniform" => new Initializer.XavierUniform(),
            "xavierNormal" => new Initializer.XavierNormal(),
            "heUniform" => new Initializer.HeUniform(),
            _ => new Initializer.HeNormal(),
        };
        return dto.Bias is { } bias ? init with { Bias = bias } : init;
    }

    /// <summary>False (and an error) when <paramref name="parameter"/> is given but <paramref name="kind"/> does not take it.</summary>
    private bool Applies(string parameter, double? value, string kind, IReadOnlyList<string> takes, string path)
    {
        if (value is null || takes.Contains(parameter)) return true;
        Error(ErrorCatalog.ParameterNotForKind(at.At($"{path}.{parameter}"), parameter, kind, takes));
        return false;
    }

    private ExperimentError MissingError(string path, string what) =>
        ErrorCatalog.Missing(at.At(path), path[(path.LastIndexOf('.') + 1)..], what);

    private int? RejectInt(ExperimentError error) { Error(error); return null; }

    private T? RejectRef<T>(ExperimentError error) where T : class { Error(error); return null; }

    private bool Fails(ExperimentError error) { Error(error); return false; }

    private static string Num(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();
}
