using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

// Elman networks (network.kind "elman", network.hidden, network.bptt) and the sequence rows they read.
internal static partial class ExperimentRules
{
    /// <summary>Whether the data section is read as sequence rows: for an Elman network, or when the network's kind is
    /// unknown and some row's x is a list of vectors (so the one mistake is not reported again at every row).</summary>
    private static bool ReadsSequences(DataDto dto, NetworkFacts network) =>
        network.Recurrent || (network.UnknownKind && (dto.Train ?? []).Concat(dto.Test ?? []).Any(r => r.X?.Steps is not null));

    /// <summary>network.kind, hidden and bptt: for an Elman network, its hidden layer and truncation.
    /// <paramref name="noInitNamed"/>: the experiment does not train and names no network.init, so the hidden layer
    /// needs explicit parameters or its own initializer.</summary>
    private static Validation<ExperimentError, Option<(LayerPlan Hidden, int Truncate)>> ElmanSection(NetworkDto dto, int? inputs, bool noInitNamed, Locator at)
    {
        var kind = dto.Kind ?? "dense";
        if (!Names.NetworkKinds.Contains(kind)) return Invalid<Option<(LayerPlan Hidden, int Truncate)>>(ErrorCatalog.UnknownNetworkKind(at.At("network.kind"), kind));
        if (kind == "dense")
            return All(
                    FailWhen(dto.Hidden is not null, () => ErrorCatalog.ParameterNotForKind(at.At("network.hidden"), "hidden", "dense", ["inputs", "layers", "init"])),
                    FailWhen(dto.Bptt is not null, () => ErrorCatalog.ParameterNotForKind(at.At("network.bptt"), "bptt", "dense", ["inputs", "layers", "init"])))
                .Map(_ => Option<(LayerPlan Hidden, int Truncate)>.None);
        return (Truncate(dto.Bptt, at),
                dto.Hidden is null
                    ? Invalid<LayerPlan>(MissingError("network.hidden", "the recurrent layer, e.g. { \"units\": 8, \"activation\": \"tanh\" }", at))
                    : Hidden(dto.Hidden, inputs, noInitNamed && dto.Hidden.Init is null, at))
            .Apply((truncate, hidden) => Some((hidden, truncate)));
    }

    /// <summary>The BPTT truncation: 0 (full) unless given, never negative.</summary>
    private static Validation<ExperimentError, int> Truncate(BpttDto? dto, Locator at) =>
        (dto?.Truncate ?? 0) is < 0 and var truncate
            ? Invalid<int>(ErrorCatalog.TruncateNegative(at.At("network.bptt.truncate"), truncate))
            : Valid(dto?.Truncate ?? 0);

    /// <summary>The width of the first layer's rows in an Elman network: the hidden units, when the Elman section
    /// stands (its truncation, hidden units and hidden activation are valid); null otherwise.</summary>
    private static int? HiddenWidth(NetworkDto dto, Locator at) =>
        dto.Hidden is null ? null : Known((Truncate(dto.Bptt, at), HiddenShape(dto.Hidden, at)).Apply((_, shape) => shape.Units));

    /// <summary>network.hidden.units: given, and at least 1.</summary>
    private static Validation<ExperimentError, int> HiddenUnits(LayerDto dto, Locator at) =>
        Units(dto.Units, "network.hidden.units", "the number of hidden units (the size of the state h)", at);

    /// <summary>The hidden layer's units and activation (tanh by default, never softmax): what it needs to stand.</summary>
    private static Validation<ExperimentError, (int Units, Activation Activation)> HiddenShape(LayerDto dto, Locator at) =>
        (HiddenUnits(dto, at),
         dto.Activation is null
             ? Valid(Core.Activation.Tanh)
             : Activation(dto.Activation, "network.hidden.activation", at).Bind(activation => activation.Kind == ActivationKind.Softmax
                 ? Invalid<Activation>(ErrorCatalog.HiddenActivation(at.At("network.hidden.activation")))
                 : Valid(activation)))
        .Apply((units, activation) => (units, activation));

    /// <summary>The hidden layer: like any layer, but tanh by default, no softmax, and explicit weights of
    /// inputs + units numbers per row (W_j, then U_j).</summary>
    private static Validation<ExperimentError, LayerPlan> Hidden(LayerDto dto, int? inputs, bool needsParameters, Locator at)
    {
        var units = Known(HiddenUnits(dto, at));
        return (HiddenShape(dto, at), Parameters(dto, "network.hidden", units, inputs + units, needsParameters, at))
            .Apply((shape, p) => new LayerPlan(shape.Units, shape.Activation, p.Weights, p.Biases, p.Init));
    }

    /// <summary>The data section of an Elman experiment: rows whose x is a sequence of vectors, and whose y is one
    /// vector per step or one vector, as data.sequence.targets says (default: from the first row that has y).</summary>
    private static Validation<ExperimentError, DataPlan> SequenceData(DataDto dto, DataContext context, Locator at)
    {
        var (network, trains) = (context.Network, context.Trains);
        var loss = trains ? context.Loss : null;
        var mode = SequenceMode(dto, at);
        var ids = FirstIds(dto);
        // Reconstruct is for dense networks only (the training section says so), so the targets here always name outputs.
        var names = DataNames(dto, network, targetsAreOutputs: true, at);
        var rows = (SequenceRows(dto.Train, "data.train", "train", ids, trains, loss, Known(mode), network, at),
                    SequenceRows(dto.Test, "data.test", "test", ids, false, loss, Known(mode), network, at),
                    FailWhen(trains && dto.Train is not { Count: > 0 }, () => ErrorCatalog.EmptyTrainingSet(at.At("data.train"))))
            .Apply((train, test, _) => (Train: train, Test: test));
        var transforms = (Transforms(dto.Transform, at), SomethingToFit(dto, trains, at)).Apply((kinds, _) => kinds);
        return (names, mode, rows, transforms, NetworkWidths(network))
            .Apply((_, targetsMode, samples, kinds, widths) =>
            {
                var anyY = samples.Train.Any(r => r.HasTarget) || samples.Test.Any(r => r.HasTarget);
                return new DataPlan(
                    dto.Features?.ToImmutableArray() ?? Enumerable.Range(1, widths.Inputs).Select(k => $"x{k}").ToImmutableArray(),
                    Named(dto.Targets) ?? (anyY ? Enumerable.Range(1, widths.Outputs).Select(k => $"y{k}").ToImmutableArray() : ImmutableArray<string>.Empty),
                    new DataRows.Sequences(targetsMode, new SequenceDataset(samples.Train), new SequenceDataset(samples.Test)), kinds);
            });
    }

    /// <summary>data.sequence.targets, or (when absent) perStep if the first row with y has a list of vectors, else last.</summary>
    private static Validation<ExperimentError, SequenceTargets> SequenceMode(DataDto dto, Locator at) => dto.Sequence?.Targets switch
    {
        null => Valid((dto.Train ?? []).Concat(dto.Test ?? []).FirstOrDefault(r => r.Y is not null)?.Y?.Steps is not null
            ? SequenceTargets.PerStep : SequenceTargets.Last),
        var name when Names.SequenceTargetModes.TryGetValue(name, out var known) => Valid(known),
        var name => Invalid<SequenceTargets>(ErrorCatalog.UnknownSequenceTargets(at.At("data.sequence.targets"), name)),
    };

    /// <summary>Sequence rows (<paramref name="mode"/> null when data.sequence.targets is wrong: then no y is checked).</summary>
    private static Validation<ExperimentError, ImmutableArray<SequenceSample>> SequenceRows(List<RowDto>? rows, string section, string prefix,
        ImmutableDictionary<string, string> ids, bool needY, LossKind? loss, SequenceTargets? mode, NetworkFacts network, Locator at) =>
        Each((rows ?? []).Select((row, i) =>
        {
            var path = $"{section}[{i}]";
            return (RowId(row, path, prefix, i, ids, at),
                    SequenceRow(row, path, loss, mode, network, at),
                    FailWhen(row.Y is null && needY, () => ErrorCatalog.MissingTarget(at.At($"{path}.y"))))
                .Apply((id, sample, _) => new SequenceSample(id, sample.Steps, sample.Targets));
        }));

    /// <summary>A sequence row's x and y, each of the right shape (and, with a <paramref name="loss"/>, the targets
    /// acceptable to it). A row without y has no targets.</summary>
    private static Validation<ExperimentError, (ImmutableArray<ImmutableArray<double>> Steps, ImmutableArray<ImmutableArray<double>> Targets)> SequenceRow(
        RowDto row, string path, LossKind? loss, SequenceTargets? mode, NetworkFacts network, Locator at)
    {
        var x = Steps(row.X, $"{path}.x", network.Inputs, at);
        var none = ImmutableArray<ImmutableArray<double>>.Empty;
        return (x,
                row.Y is null || mode is null ? Valid(none) : StepTargets(row.Y, $"{path}.y", loss, mode.Value, Known(x)?.Length, network.Outputs, at))
            .Apply((steps, targets) => (steps, targets));
    }

    /// <summary>A row's x: at least one step, each of network.inputs numbers.</summary>
    private static Validation<ExperimentError, ImmutableArray<ImmutableArray<double>>> Steps(ValuesDto? x, string path, int? inputs, Locator at)
    {
        if (x is null) return Invalid<ImmutableArray<ImmutableArray<double>>>(MissingError(path, "the row's input sequence, one vector per time step", at));
        if (x.Steps is null)
            return Invalid<ImmutableArray<ImmutableArray<double>>>(x.Count == 0 ? ErrorCatalog.EmptySequence(at.At(path)) : ErrorCatalog.NotASequence(at.At(path)));
        return All(x.Steps.Select((step, t) => FailWhen(inputs is { } n && step.Count != n, () => ErrorCatalog.XLength(at.At($"{path}[{t}]"), step.Count, inputs!.Value))))
            .Map(_ => x.Steps.Select(s => s.ToImmutableArray()).ToImmutableArray());
    }

    /// <summary>A row's y: one vector per step of x (perStep) or one vector (last), each of the output layer's width
    /// and, with a <paramref name="loss"/>, acceptable to it.</summary>
    private static Validation<ExperimentError, ImmutableArray<ImmutableArray<double>>> StepTargets(ValuesDto y, string path, LossKind? loss,
        SequenceTargets mode, int? xSteps, int? outputs, Locator at)
    {
        return TargetVectors(y, path, mode, xSteps, at).Bind(vectors => All(vectors.Select(v => Target(v.Values, v.Path, loss, outputs, at)))
            .Map(_ => vectors.Select(v => v.Values.ToImmutableArray()).ToImmutableArray()));
    }

    /// <summary>A row's y as target vectors, each with its path: one per step of x (perStep), or y itself (last).</summary>
    private static Validation<ExperimentError, ImmutableArray<(List<double> Values, string Path)>> TargetVectors(ValuesDto y, string path,
        SequenceTargets mode, int? xSteps, Locator at)
    {
        if (mode == SequenceTargets.PerStep)
        {
            if (y.Steps is null) return Invalid<ImmutableArray<(List<double>, string)>>(ErrorCatalog.PerStepTargetsNeedSteps(at.At(path)));
            if (xSteps is { } steps && y.Steps.Count != steps)
                return Invalid<ImmutableArray<(List<double>, string)>>(ErrorCatalog.StepsMismatch(at.At(path), y.Steps.Count, steps));
            return Valid(y.Steps.Select((v, t) => (v, $"{path}[{t}]")).ToImmutableArray());
        }
        if (y.Steps is not null) return Invalid<ImmutableArray<(List<double>, string)>>(ErrorCatalog.LastTargetIsOneVector(at.At(path)));
        return Valid(ImmutableArray.Create<(List<double>, string)>((y, path)));
    }

    /// <summary>One target vector: the output layer's width and, when that holds, acceptable to the loss.</summary>
    private static Validation<ExperimentError, Unit> Target(List<double> values, string path, LossKind? loss, int? outputs, Locator at) =>
        outputs is { } m && values.Count != m ? Invalid<Unit>(ErrorCatalog.YLength(at.At(path), values.Count, m))
        : loss is { } l ? LossTargets(values, path, l, at)
        : Ok;

    /// <summary>Whether the sequence rows stand for the early-stopping check: the target mode is known and every x and y
    /// has the right shape (ids and what the loss accepts do not matter).</summary>
    private static bool SequenceRowsStand(DataDto dto, NetworkFacts network, Locator at) =>
        Known(SequenceMode(dto, at)) is { } mode
        && Each(AllRows(dto).Select(r => SequenceRow(r.Row, r.Path, null, mode, network, at))).IsSuccess;
}
