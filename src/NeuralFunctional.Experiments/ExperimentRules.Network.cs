using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

// The network section: inputs, layers (units, activation, explicit parameters, initializer) and what the network
// establishes for the data and training sections.
internal static partial class ExperimentRules
{
    /// <summary>What the network section establishes for the other sections: its inputs, the output layer's units and
    /// activation (each null when missing or wrong, and all three null without layers), the output layer's index,
    /// whether it is an Elman network (the data then holds sequences) and whether its kind is one nf does not know.</summary>
    private sealed record NetworkFacts(int? Inputs, int? Outputs, Activation? OutputActivation, int LastLayer, bool Recurrent, bool UnknownKind)
    {
        /// <summary>What a file without a network section establishes: nothing.</summary>
        public static readonly NetworkFacts None = new(null, null, null, 0, false, false);
    }

    /// <summary>What the network section <paramref name="dto"/> establishes, whatever else is wrong with it.</summary>
    private static NetworkFacts Establishes(NetworkDto? dto, Locator at)
    {
        if (dto is null) return NetworkFacts.None;
        var facts = NetworkFacts.None with { Recurrent = Recurrent(dto), UnknownKind = !Names.NetworkKinds.Contains(dto.Kind ?? "dense") };
        if (dto.Layers is not { Count: > 0 } layers) return facts;
        var last = layers.Count - 1;
        return facts with
        {
            Inputs = Known(Inputs(dto.Inputs, at)),
            Outputs = Known(LayerUnits(layers[last], last, at)),
            OutputActivation = KnownRef(LayerActivation(layers[last], last, at)),
            LastLayer = last,
        };
    }

    /// <summary>Whether network.kind names a known kind other than dense: an Elman network.</summary>
    private static bool Recurrent(NetworkDto dto) => dto.Kind is { } kind && kind != "dense" && Names.NetworkKinds.Contains(kind);

    /// <summary>The network: its inputs, initializer (normal(0, 1) unless named), Elman section and layers.
    /// <paramref name="trains"/>: without training, every parameter must be given or come from a named initializer.</summary>
    private static Validation<ExperimentError, NetworkPlan> Network(NetworkDto dto, bool trains, Locator at)
    {
        var inputs = Inputs(dto.Inputs, at);
        return (inputs,
                dto.Init is null ? Valid<Initializer>(new Initializer.Normal(0, 1)) : Init(dto.Init, "network.init", at),
                ElmanSection(dto, Known(inputs), !trains && dto.Init is null, at),
                Layers(dto, Recurrent(dto) ? HiddenWidth(dto, at) : Known(inputs), trains, at))
            .Apply((n, init, elman, layers) => elman.Match<NetworkPlan>(
                Some: e => new NetworkPlan.Elman(n, e.Hidden, e.Truncate, layers, init),
                None: () => new NetworkPlan.Dense(n, layers, init)));
    }

    /// <summary>Whether the network's plan stands: its inputs, every layer's units and activation and, for an Elman
    /// network, its hidden layer and truncation are valid (wrong parameters or initializers leave it standing).</summary>
    private static bool NetworkStands(NetworkDto dto, Locator at) =>
        Inputs(dto.Inputs, at).IsSuccess
        && dto.Layers is { Count: > 0 } layers
        && layers.Select((layer, i) => LayerShape(layer, i, at)).All(shape => shape.IsSuccess)
        && (!Recurrent(dto) || HiddenWidth(dto, at) is not null);

    /// <summary>network.inputs: given, and at least 1.</summary>
    private static Validation<ExperimentError, int> Inputs(int? inputs, Locator at) => inputs switch
    {
        null => Invalid<int>(MissingError("network.inputs", "the number of values in each row's x", at)),
        < 1 and var n => Invalid<int>(ErrorCatalog.InputsNotPositive(at.At("network.inputs"), n)),
        var n => Valid(n.Value),
    };

    /// <summary>The layers, in order, and their bottleneck. <paramref name="fanIn"/>: the width of the first layer's
    /// rows (the inputs, or an Elman network's hidden units), null when unknown.</summary>
    private static Validation<ExperimentError, ImmutableArray<LayerPlan>> Layers(NetworkDto dto, int? fanIn, bool trains, Locator at)
    {
        if (dto.Layers is null) return Invalid<ImmutableArray<LayerPlan>>(MissingError("network.layers", "at least the output layer, e.g. [{ \"units\": 1 }]", at));
        if (dto.Layers.Count == 0) return Invalid<ImmutableArray<LayerPlan>>(ErrorCatalog.NoLayers(at.At("network.layers")));
        var last = dto.Layers.Count - 1;
        var layers = dto.Layers.Select((layer, i) => Layer(layer, i,
            i == 0 ? fanIn : dto.Layers[i - 1].Units is >= 1 and var u ? u : null, last,
            // Evaluating without training needs parameters from somewhere: given values, or an initializer the file names.
            needsParameters: !trains && dto.Init is null && layer.Init is null, at));
        return (Each(layers), Bottlenecks(dto.Layers, at)).Apply((plans, _) => plans);
    }

    /// <summary>A layer's units: given, and at least 1.</summary>
    private static Validation<ExperimentError, int> LayerUnits(LayerDto dto, int index, Locator at) =>
        Units(dto.Units, $"network.layers[{index}].units", "the number of neurons in this layer", at);

    /// <summary>A layer's activation (sigmoid when none is named).</summary>
    private static Validation<ExperimentError, Activation> LayerActivation(LayerDto dto, int index, Locator at) =>
        Activation(dto.Activation, $"network.layers[{index}].activation", at);

    /// <summary>A layer's units and activation: what the layer needs to stand.</summary>
    private static Validation<ExperimentError, Unit> LayerShape(LayerDto dto, int index, Locator at) =>
        (LayerUnits(dto, index, at), LayerActivation(dto, index, at)).Apply((_, _) => unit);

    /// <summary>Layer <paramref name="index"/> of the network (<paramref name="last"/>: the output layer's index; only
    /// it may be softmax). <paramref name="fanIn"/>: the width of its weights' rows, null when unknown.</summary>
    private static Validation<ExperimentError, LayerPlan> Layer(LayerDto dto, int index, int? fanIn, int last, bool needsParameters, Locator at)
    {
        var path = $"network.layers[{index}]";
        var units = LayerUnits(dto, index, at);
        var activation = LayerActivation(dto, index, at);
        return (units,
                activation,
                Given(activation, a => FailWhen(a.Kind == ActivationKind.Softmax && index != last,
                    () => ErrorCatalog.SoftmaxNotLast(at.At($"{path}.activation"), index, last))),
                Parameters(dto, path, Known(units), fanIn, needsParameters, at))
            .Apply((u, a, _, p) => new LayerPlan(u, a, p.Weights, p.Biases, p.Init, dto.Bottleneck ?? false));
    }

    /// <summary>A layer's explicit weights and biases, checked against its <paramref name="units"/> and
    /// <paramref name="fanIn"/> when both are known, and its own initializer. <paramref name="needsParameters"/>: the
    /// experiment evaluates without training and names no initializer, so the weights and biases must be given.</summary>
    private static Validation<ExperimentError, (Matrix? Weights, ImmutableArray<double>? Biases, Initializer? Init)> Parameters(
        LayerDto dto, string path, int? units, int? fanIn, bool needsParameters, Locator at) =>
        (Weights(dto.Weights, $"{path}.weights", units, fanIn, at),
         Biases(dto.Biases, $"{path}.biases", units, at),
         FailWhen(needsParameters && dto.Weights is null, () => ErrorCatalog.ParametersRequired(at.At($"{path}.weights"), "weights")),
         FailWhen(needsParameters && dto.Biases is null, () => ErrorCatalog.ParametersRequired(at.At($"{path}.biases"), "biases")),
         dto.Init is null ? Valid(Option<Initializer>.None) : Init(dto.Init, $"{path}.init", at).Map(Some))
        .Apply((weights, biases, _, _, init) => (OrNull(weights), OrNullValue(biases), OrNull(init)));

    /// <summary>A layer's number of neurons: given, and at least 1.</summary>
    private static Validation<ExperimentError, int> Units(int? units, string path, string what, Locator at) => units switch
    {
        null => Invalid<int>(MissingError(path, what, at)),
        < 1 and var n => Invalid<int>(ErrorCatalog.UnitsNotPositive(at.At(path), n)),
        var n => Valid(n.Value),
    };

    /// <summary>Explicit weights: one row per unit, each of <paramref name="fanIn"/> numbers (not checked, and not
    /// kept, while either is unknown).</summary>
    private static Validation<ExperimentError, Option<Matrix>> Weights(List<List<double>>? rows, string path, int? units, int? fanIn, Locator at)
    {
        if (rows is null || units is null || fanIn is null) return Valid(Option<Matrix>.None);
        var widths = rows.Select(r => r.Count).Distinct().ToList();
        if (rows.Count == units && widths.All(w => w == fanIn)) return Valid(Some(Matrix.FromRows(rows)));
        var cols = widths.Count switch
        {
            0 => "0",
            1 => widths[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "(ragged: rows of " + string.Join(", ", rows.Select(r => r.Count)) + ")",
        };
        return Invalid<Option<Matrix>>(ErrorCatalog.WeightsShape(at.At(path), rows.Count, cols, units.Value, fanIn.Value));
    }

    /// <summary>Explicit biases: one per unit (not checked, and not kept, while the units are unknown).</summary>
    private static Validation<ExperimentError, Option<ImmutableArray<double>>> Biases(List<double>? biases, string path, int? units, Locator at)
    {
        if (biases is null || units is null) return Valid(Option<ImmutableArray<double>>.None);
        if (biases.Count != units) return Invalid<Option<ImmutableArray<double>>>(ErrorCatalog.BiasesLength(at.At(path), biases.Count, units.Value));
        return Valid(Some(biases.ToImmutableArray()));
    }

    /// <summary>An activation: a known kind with only the settings it takes (sigmoid when none is named).</summary>
    private static Validation<ExperimentError, Activation> Activation(ActivationDto? dto, string path, Locator at)
    {
        if (dto is null) return Valid(Core.Activation.Sigmoid);
        var kindPath = at.Has($"{path}.kind") ? $"{path}.kind" : path;
        if (dto.Kind is null) return Invalid<Activation>(MissingError($"{path}.kind", "the activation's name, e.g. \"relu\"", at));
        if (!Names.Activations.TryGetValue(dto.Kind, out var kind)) return Invalid<Activation>(ErrorCatalog.UnknownActivation(at.At(kindPath), dto.Kind));
        var takes = Names.ActivationParameters(kind);
        return All(Settings(dto.Kind, takes, path, at, ("threshold", dto.Threshold), ("alpha", dto.Alpha)))
            .Map(_ => kind switch
            {
                ActivationKind.Step => Core.Activation.Step(dto.Threshold ?? 0),
                ActivationKind.LeakyRelu => Core.Activation.LeakyRelu(dto.Alpha ?? 0.01),
                ActivationKind.Elu => Core.Activation.Elu(dto.Alpha ?? 1.0),
                _ => new Activation(kind),
            });
    }

    /// <summary>An initializer: a known kind with only the settings it takes, each in its range.</summary>
    private static Validation<ExperimentError, Initializer> Init(InitDto dto, string path, Locator at) =>
        KnownKind(dto.Kind, path, Names.Inits, ErrorCatalog.UnknownInit, at).Bind(kind => All([
                .. Settings(kind, Names.InitParameters(kind), path, at, ("value", dto.Value), ("low", dto.Low), ("high", dto.High), ("mean", dto.Mean), ("std", dto.Std)),
                FailWhen(kind == "constant" && dto.Value is null, () => MissingError($"{path}.value", "the constant every weight starts at", at)),
                FailWhen(kind == "uniform" && (dto.Low ?? -1) >= (dto.High ?? 1), () => ErrorCatalog.InitRange(at.AtFirst($"{path}.high", $"{path}.low"),
                    $"uniform needs low < high, got [{Num(dto.Low ?? -1)}, {Num(dto.High ?? 1)})")),
                FailWhen(kind == "normal" && dto.Std < 0, () => ErrorCatalog.InitRange(at.At($"{path}.std"), $"normal needs std ≥ 0, got {Num(dto.Std!.Value)}"))])
            .Map(_ =>
            {
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
            }));

    /// <summary>A section's <c>kind</c>: given (<c>one of …</c> when missing) and one of <paramref name="known"/>
    /// (<paramref name="unknown"/> otherwise).</summary>
    private static Validation<ExperimentError, string> KnownKind(string? kind, string path, IReadOnlyList<string> known,
        Func<Site, string, ExperimentError> unknown, Locator at) =>
        kind is null ? Invalid<string>(MissingError($"{path}.kind", $"one of {string.Join(", ", known)}", at))
        : !known.Contains(kind) ? Invalid<string>(unknown(at.At($"{path}.kind"), kind))
        : Valid(kind);

    /// <summary>Each of <paramref name="settings"/> that is given must be one <paramref name="kind"/> takes; every one
    /// that is not is a problem.</summary>
    private static IEnumerable<Validation<ExperimentError, Unit>> Settings(string kind, IReadOnlyList<string> takes, string path, Locator at,
        params (string Name, double? Value)[] settings) =>
        settings.Select(s => Applies(s.Name, s.Value, kind, takes, path, at));

    /// <summary>A problem when <paramref name="parameter"/> is given but <paramref name="kind"/> does not take it.</summary>
    private static Validation<ExperimentError, Unit> Applies(string parameter, double? value, string kind, IReadOnlyList<string> takes, string path, Locator at) =>
        FailWhen(value is not null && !takes.Contains(parameter),
            () => ErrorCatalog.ParameterNotForKind(at.At($"{path}.{parameter}"), parameter, kind, takes));
}
