using System.Collections.Immutable;
using NeuralFunctional.Core;

namespace NeuralFunctional.Experiments;

// Elman networks (network.kind "elman", network.hidden, network.bptt) and the sequence rows they read.
internal sealed partial class ExperimentRules
{
    /// <summary>True when network.kind is elman: the data section then holds sequences.</summary>
    private bool recurrent;

    /// <summary>True when network.kind names no known kind: the data section is then read as whatever its rows look like,
    /// so the one mistake is not reported again at every row.</summary>
    private bool unknownKind;

    /// <summary>Whether the data section is read as sequence rows: for an elman network, or when the kind is unknown
    /// and some row's x is a list of vectors.</summary>
    private bool ReadsSequences(DataDto dto) =>
        recurrent || (unknownKind && (dto.Train ?? []).Concat(dto.Test ?? []).Any(r => r.X?.Steps is not null));

    /// <summary>network.kind, hidden and bptt: whether the network is an Elman network and, if it is and all is well,
    /// its hidden layer and truncation. <paramref name="noInitNamed"/>: the experiment does not train and names no
    /// network.init, so the hidden layer needs explicit parameters or its own initializer.</summary>
    private (bool Elman, (LayerPlan Hidden, int Truncate)? Plan) ElmanSection(NetworkDto dto, int? inputs, bool noInitNamed)
    {
        var kind = dto.Kind ?? "dense";
        if (!Names.NetworkKinds.Contains(kind))
        {
            Error(ErrorCatalog.UnknownNetworkKind(at.At("network.kind"), kind));
            unknownKind = true;
            return (false, null);
        }
        if (kind == "dense")
        {
            if (dto.Hidden is not null) Error(ErrorCatalog.ParameterNotForKind(at.At("network.hidden"), "hidden", "dense", ["inputs", "layers", "init"]));
            if (dto.Bptt is not null) Error(ErrorCatalog.ParameterNotForKind(at.At("network.bptt"), "bptt", "dense", ["inputs", "layers", "init"]));
            return (false, null);
        }
        recurrent = true;
        var truncate = dto.Bptt?.Truncate ?? 0;
        if (truncate < 0) Error(ErrorCatalog.TruncateNegative(at.At("network.bptt.truncate"), truncate));
        if (dto.Hidden is null) { Error(MissingError("network.hidden", "the recurrent layer, e.g. { \"units\": 8, \"activation\": \"tanh\" }")); return (true, null); }
        var hidden = Hidden(dto.Hidden, inputs, noInitNamed && dto.Hidden.Init is null);
        return (true, hidden is null || truncate < 0 ? null : (hidden, truncate));
    }

    /// <summary>The hidden layer: like any layer, but tanh by default, no softmax, and explicit weights of
    /// inputs + units numbers per row (W_j, then U_j).</summary>
    private LayerPlan? Hidden(LayerDto dto, int? inputs, bool needsParameters)
    {
        const string path = "network.hidden";
        int? units = dto.Units switch
        {
            null => RejectInt(MissingError($"{path}.units", "the number of hidden units (the size of the state h)")),
            < 1 and var n => RejectInt(ErrorCatalog.UnitsNotPositive(at.At($"{path}.units"), n)),
            var n => n,
        };
        var activation = dto.Activation is null ? Core.Activation.Tanh : Activation(dto.Activation, $"{path}.activation");
        if (activation is { Kind: ActivationKind.Softmax }) { Error(ErrorCatalog.HiddenActivation(at.At($"{path}.activation"))); activation = null; }
        var weights = Weights(dto.Weights, $"{path}.weights", units, inputs + units);
        var biases = Biases(dto.Biases, $"{path}.biases", units);
        if (needsParameters && dto.Weights is null) Error(ErrorCatalog.ParametersRequired(at.At($"{path}.weights"), "weights"));
        if (needsParameters && dto.Biases is null) Error(ErrorCatalog.ParametersRequired(at.At($"{path}.biases"), "biases"));
        var init = Init(dto.Init, $"{path}.init");
        if (units is null || activation is null) return null;
        return new LayerPlan(units.Value, activation, weights, biases, init);
    }

    /// <summary>The data section of an Elman experiment: rows whose x is a sequence of vectors, and whose y is one
    /// vector per step or one vector, as data.sequence.targets says (default: from the first row that has y).</summary>
    private DataPlan? SequenceData(DataDto dto, bool trains, LossKind? loss)
    {
        var features = NameList("data.features", dto.Features, "feature");
        if (dto.Features is not null && inputs is { } n && dto.Features.Count != n)
            Error(ErrorCatalog.InputsVsFeatures(at.At("network.inputs"), n, dto.Features.Count));
        var targets = dto.Targets is { Count: > 0 } ? NameList("data.targets", dto.Targets, "target") : null;
        if (targets is not null && outputs is { } m && dto.Targets!.Count != m)
            Error(ErrorCatalog.TargetsVsOutputs(at.At("data.targets"), dto.Targets.Count, m));

        SequenceTargets? mode = dto.Sequence?.Targets switch
        {
            null => (dto.Train ?? []).Concat(dto.Test ?? []).FirstOrDefault(r => r.Y is not null)?.Y?.Steps is not null
                ? SequenceTargets.PerStep : SequenceTargets.Last,
            var name when Names.SequenceTargetModes.TryGetValue(name, out var known) => known,
            var name => RejectMode(ErrorCatalog.UnknownSequenceTargets(at.At("data.sequence.targets"), name)),
        };
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var train = SequenceRows(dto.Train, "data.train", "train", ids, trains, trains ? loss : null, mode);
        var test = SequenceRows(dto.Test, "data.test", "test", ids, false, trains ? loss : null, mode);
        if (trains && dto.Train is not { Count: > 0 }) Error(ErrorCatalog.EmptyTrainingSet(at.At("data.train")));
        var transforms = Transforms(dto.Transform);
        if (!trains && transforms.Length > 0 && dto.Train is not { Count: > 0 }) Error(ErrorCatalog.NothingToFit(at.At("data.transform")));

        if (inputs is null || outputs is null || mode is null || train is not { } trainRows || test is not { } testRows) return null;
        var anyY = trainRows.Any(r => r.HasTarget) || testRows.Any(r => r.HasTarget);
        return new DataPlan(
            features ?? Enumerable.Range(1, inputs.Value).Select(k => $"x{k}").ToImmutableArray(),
            targets ?? (anyY ? Enumerable.Range(1, outputs.Value).Select(k => $"y{k}").ToImmutableArray() : ImmutableArray<string>.Empty),
            new DataRows.Sequences(mode.Value, new SequenceDataset(trainRows), new SequenceDataset(testRows)), transforms);
    }

    private SequenceTargets? RejectMode(ExperimentError error) { Error(error); return null; }

    private ImmutableArray<SequenceSample>? SequenceRows(List<RowDto>? rows, string section, string prefix, Dictionary<string, string> ids,
        bool needY, LossKind? loss, SequenceTargets? mode)
    {
        var samples = ImmutableArray.CreateBuilder<SequenceSample>();
        var complete = true;
        for (var i = 0; i < (rows?.Count ?? 0); i++)
        {
            var row = rows![i];
            var path = $"{section}[{i}]";
            var id = RowId(row, path, prefix, i, ids);

            var x = Steps(row.X, $"{path}.x");
            if (x is null) complete = false;
            var y = Targets(row.Y, $"{path}.y", needY, loss, mode, x?.Length);
            if (row.Y is not null && y is null) complete = false;
            if (x is { } xs) samples.Add(new SequenceSample(id, xs, y ?? ImmutableArray<ImmutableArray<double>>.Empty));
        }
        return complete ? samples.ToImmutable() : null;
    }

    /// <summary>A row's x: at least one step, each of network.inputs numbers.</summary>
    private ImmutableArray<ImmutableArray<double>>? Steps(ValuesDto? x, string path)
    {
        if (x is null) { Error(MissingError(path, "the row's input sequence, one vector per time step")); return null; }
        if (x.Steps is null)
        {
            Error(x.Count == 0 ? ErrorCatalog.EmptySequence(at.At(path)) : ErrorCatalog.NotASequence(at.At(path)));
            return null;
        }
        var ok = true;
        for (var t = 0; t < x.Steps.Count; t++)
            if (inputs is { } n && x.Steps[t].Count != n) { Error(ErrorCatalog.XLength(at.At($"{path}[{t}]"), x.Steps[t].Count, n)); ok = false; }
        return ok ? x.Steps.Select(s => s.ToImmutableArray()).ToImmutableArray() : null;
    }

    /// <summary>A row's y: one vector per step of x (perStep) or one vector (last), each of the output layer's width
    /// and acceptable to the loss. Null when absent or wrong.</summary>
    private ImmutableArray<ImmutableArray<double>>? Targets(ValuesDto? y, string path, bool needY, LossKind? loss, SequenceTargets? mode, int? xSteps)
    {
        if (y is null) { if (needY) Error(ErrorCatalog.MissingTarget(at.At(path))); return null; }
        if (mode is null) return null;
        List<(List<double> Values, string Path)> vectors;
        if (mode == SequenceTargets.PerStep)
        {
            if (y.Steps is null) { Error(ErrorCatalog.PerStepTargetsNeedSteps(at.At(path))); return null; }
            if (xSteps is { } T && y.Steps.Count != T) { Error(ErrorCatalog.StepsMismatch(at.At(path), y.Steps.Count, T)); return null; }
            vectors = y.Steps.Select((v, t) => (v, $"{path}[{t}]")).ToList();
        }
        else
        {
            if (y.Steps is not null) { Error(ErrorCatalog.LastTargetIsOneVector(at.At(path))); return null; }
            vectors = [(y, path)];
        }
        var ok = true;
        foreach (var (values, here) in vectors)
        {
            if (outputs is { } m && values.Count != m) { Error(ErrorCatalog.YLength(at.At(here), values.Count, m)); ok = false; }
            else if (loss is { } l) Targets(values, here, l);
        }
        return ok ? vectors.Select(v => v.Values.ToImmutableArray()).ToImmutableArray() : null;
    }

    private ImmutableArray<TransformKind> Transforms(List<TransformDto>? list)
    {
        var transforms = ImmutableArray.CreateBuilder<TransformKind>();
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var kind = list![i].Kind;
            var path = $"data.transform[{i}].kind";
            if (kind is null) Error(MissingError(path, "center, standardize or minmax"));
            else if (Names.Transforms.TryGetValue(kind, out var t)) transforms.Add(t);
            else Error(ErrorCatalog.UnknownTransform(at.At(path), kind));
        }
        return transforms.ToImmutable();
    }
}
