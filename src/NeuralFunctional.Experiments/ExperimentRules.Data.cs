using System.Globalization;
using LanguageExt;

namespace NeuralFunctional.Experiments;

// The data section, checked against the network (its inputs and output units) and the training
// section (its loss and objective).
internal static partial class ExperimentRules
{
    /// <summary>Tolerance for "a ce target sums to 1": rounding in decimal fractions such as 0.1 + 0.2 + 0.7.</summary>
    private const double DistributionTolerance = 1e-9;

    /// <summary>What the data section is checked against: what the network establishes, whether the experiment trains,
    /// the loss the training section names (null when it names an unknown one, or does not train) and whether the
    /// objective is reconstruct (the rows' y are then labels, never trained on).</summary>
    private sealed record DataContext(NetworkFacts Network, bool Trains, LossKind? Loss, bool Reconstructs);

    /// <summary>The data section: sequence rows for an Elman network, rows from a CSV file, or rows given inline, each
    /// checked against the network and the loss; default feature and target names filled in.</summary>
    private static Validation<ExperimentError, DataPlan> Data(DataDto dto, DataContext context, Locator at)
    {
        if (ReadsSequences(dto, context.Network)) return SequenceData(dto, context, at);
        var sequence = FailWhen(dto.Sequence is not null, () => ErrorCatalog.SequenceNotForDense(at.At("data.sequence")));
        if (dto.Csv is not null) return (sequence, CsvData(dto, dto.Csv, context, at)).Apply((_, plan) => plan);
        var (network, trains, reconstructs) = (context.Network, context.Trains, context.Reconstructs);
        var names = All(sequence, DataNames(dto, network, targetsAreOutputs: !reconstructs, at));

        var ids = FirstIds(dto);
        var needY = trains && !reconstructs;
        var loss = trains && !reconstructs ? context.Loss : null;
        var labels = reconstructs ? LabelLength(dto) : null;
        var rows = (Rows(dto.Train, "data.train", "train", ids, needY, loss, labels, network, at),
                    Rows(dto.Test, "data.test", "test", ids, false, loss, labels, network, at),
                    FailWhen(trains && dto.Train is not { Count: > 0 }, () => ErrorCatalog.EmptyTrainingSet(at.At("data.train"))))
            .Apply((train, test, _) => (Train: train, Test: test));
        var transforms = (Transforms(dto.Transform, at), SomethingToFit(dto, trains, at)).Apply((kinds, _) => kinds);

        return (names, rows, transforms, NetworkWidths(network))
            .Apply((_, samples, kinds, widths) =>
            {
                var anyY = samples.Train.Any(r => r.HasTarget) || samples.Test.Any(r => r.HasTarget);
                return new DataPlan(
                    dto.Features?.ToImmutableArray() ?? Enumerable.Range(1, widths.Inputs).Select(k => $"x{k}").ToImmutableArray(),
                    Named(dto.Targets)
                    ?? (anyY ? Enumerable.Range(1, reconstructs ? LabelLength(dto) ?? 0 : widths.Outputs).Select(k => $"y{k}").ToImmutableArray()
                        : ImmutableArray<string>.Empty),
                    new DataRows.Features(new Dataset(samples.Train), new Dataset(samples.Test)), kinds);
            });
    }

    /// <summary>data.features and data.targets: each name given once, as many as the network's inputs and (when
    /// <paramref name="targetsAreOutputs"/>; under the reconstruct objective they name labels) its output units.</summary>
    private static Validation<ExperimentError, Unit> DataNames(DataDto dto, NetworkFacts network, bool targetsAreOutputs, Locator at)
    {
        var targets = Named(dto.Targets);
        return All(
            Unique("data.features", dto.Features, "feature", at),
            FailWhen(dto.Features is not null && network.Inputs is { } n && dto.Features.Count != n,
                () => ErrorCatalog.InputsVsFeatures(at.At("network.inputs"), network.Inputs!.Value, dto.Features!.Count)),
            Unique("data.targets", dto.Targets is { Count: > 0 } ? dto.Targets : null, "target", at),
            FailWhen(targets is not null && network.Outputs is { } m && targets.Value.Length != m && targetsAreOutputs,
                () => ErrorCatalog.TargetsVsOutputs(at.At("data.targets"), targets!.Value.Length, network.Outputs!.Value)));
    }

    /// <summary>The target names data.targets gives. An empty list means "none named", as when it is absent (what ToJson
    /// writes when no row has y).</summary>
    private static ImmutableArray<string>? Named(List<string>? targets) => targets is { Count: > 0 } ? targets.ToImmutableArray() : null;

    /// <summary>The network's inputs and output units, which the rows' default names count. When either is unknown the
    /// network section has said why, so this fails with no problem of its own.</summary>
    private static Validation<ExperimentError, (int Inputs, int Outputs)> NetworkWidths(NetworkFacts network) =>
        network is { Inputs: { } inputs, Outputs: { } outputs } ? Valid((inputs, outputs)) : Unavailable<(int, int)>();

    /// <summary>How many training rows the data section holds when its rows stand (every row has an x, the network's
    /// inputs and outputs are known and, for sequences, every x and y has the right shape), else null: what the
    /// early-stopping check counts. A CSV section holds no rows until its file is read.</summary>
    private static int? TrainRows(DataDto dto, DataContext context, Locator at)
    {
        if (context.Network is not { Inputs: not null, Outputs: not null }) return null;
        if (ReadsSequences(dto, context.Network)) return SequenceRowsStand(dto, context.Network, at) ? dto.Train?.Count ?? 0 : null;
        if (dto.Csv is not null) return 0;
        return AllRows(dto).All(r => r.Row.X is not null) ? dto.Train?.Count ?? 0 : null;
    }

    /// <summary>The train rows, then the test rows, each with its path and default id (<c>train-1</c>, …, 1-based).</summary>
    private static IEnumerable<(RowDto Row, string Path, string Id)> AllRows(DataDto dto) =>
        (dto.Train ?? []).Select((row, i) => (row, $"data.train[{i}]", row.Id ?? $"train-{i + 1}"))
        .Concat((dto.Test ?? []).Select((row, i) => (row, $"data.test[{i}]", row.Id ?? $"test-{i + 1}")));

    /// <summary>Where each row id is first given (train rows, then test rows): a later row with the same id repeats it.</summary>
    private static ImmutableDictionary<string, string> FirstIds(DataDto dto) =>
        AllRows(dto).Where(r => r.Id.Length > 0).GroupBy(r => r.Id, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.First().Path, StringComparer.Ordinal);

    /// <summary>Feature or target names: each given once.</summary>
    private static Validation<ExperimentError, Unit> Unique(string path, List<string>? names, string what, Locator at)
    {
        if (names is null) return Ok;
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++) first.TryAdd(names[i], $"{path}[{i}]");
        return All(names.Select((name, i) => FailWhen(first[name] != $"{path}[{i}]",
            () => ErrorCatalog.DuplicateName(at.At($"{path}[{i}]"), $"{what} name", name, first[name]))));
    }

    /// <summary>A row's id (default <c>prefix-n</c>, 1-based), checked non-empty and unique across train and test.</summary>
    private static Validation<ExperimentError, string> RowId(RowDto row, string path, string prefix, int index, ImmutableDictionary<string, string> ids, Locator at)
    {
        var id = row.Id ?? $"{prefix}-{index + 1}";
        if (id.Length == 0) return Invalid<string>(ErrorCatalog.EmptyId(at.At($"{path}.id")));
        if (ids[id] != path) return Invalid<string>(ErrorCatalog.DuplicateName(at.At($"{path}.id"), "row id", id, ids[id]));
        return Valid(id);
    }

    /// <summary>Rows of one vector each for x and y. <paramref name="labels"/>: under the reconstruct objective, the
    /// length every label (y) must have.</summary>
    private static Validation<ExperimentError, ImmutableArray<Sample>> Rows(List<RowDto>? rows, string section, string prefix,
        ImmutableDictionary<string, string> ids, bool needY, LossKind? loss, int? labels, NetworkFacts network, Locator at) =>
        Each((rows ?? []).Select((row, i) =>
        {
            var path = $"{section}[{i}]";
            return (RowId(row, path, prefix, i, ids, at), RowX(row.X, $"{path}.x", network, at), RowY(row.Y, $"{path}.y", needY, loss, labels, network, at))
                .Apply((id, x, y) => new Sample(id, x, y));
        }));

    /// <summary>A row's x: given, one vector of network.inputs numbers.</summary>
    private static Validation<ExperimentError, ImmutableArray<double>> RowX(ValuesDto? x, string path, NetworkFacts network, Locator at) =>
        x is null ? Invalid<ImmutableArray<double>>(MissingError(path, "the row's input values", at))
        : All(x.Steps is not null ? Invalid<Unit>(ErrorCatalog.SequenceNeedsElman(at.At(path), "x"))
              : FailWhen(network.Inputs is { } n && x.Count != n, () => ErrorCatalog.XLength(at.At(path), x.Count, network.Inputs!.Value)))
            .Map(_ => x.ToImmutableArray());

    /// <summary>A row's y (none when absent): one vector, a label under the reconstruct objective, else of the output
    /// layer's width and acceptable to the loss.</summary>
    private static Validation<ExperimentError, ImmutableArray<double>> RowY(ValuesDto? y, string path, bool needY, LossKind? loss, int? labels,
        NetworkFacts network, Locator at)
    {
        if (y is null) return needY ? Invalid<ImmutableArray<double>>(ErrorCatalog.MissingTarget(at.At(path))) : Valid(ImmutableArray<double>.Empty);
        var check = y.Steps is not null ? Invalid<Unit>(ErrorCatalog.SequenceNeedsElman(at.At(path), "y"))
            : labels is { } length ? Label(y, path, length, at)
            : network.Outputs is { } m && y.Count != m ? Invalid<Unit>(ErrorCatalog.YLength(at.At(path), y.Count, m))
            : loss is { } l ? LossTargets(y, path, l, at)
            : Ok;
        return check.Map(_ => y.ToImmutableArray());
    }

    /// <summary>What the loss accepts: bce, each target in [0, 1]; ce, each ≥ 0 and the row sums to 1.</summary>
    private static Validation<ExperimentError, Unit> LossTargets(List<double> y, string path, LossKind loss, Locator at)
    {
        if (loss == LossKind.Bce)
            return All(y.Select((v, j) => FailWhen(v is < 0 or > 1, () => ErrorCatalog.TargetOutOfRange(at.At($"{path}[{j}]"), v, "bce"))));
        if (loss != LossKind.Ce) return Ok;
        var negative = y.Any(v => v < 0);
        var sum = y.Aggregate(0.0, (total, v) => total + v);
        return All(
            All(y.Select((v, j) => FailWhen(v < 0, () => ErrorCatalog.TargetNotDistribution(at.At($"{path}[{j}]"), $"y[{j}] is {Num(v)}, below 0")))),
            FailWhen(!negative && Math.Abs(sum - 1) > DistributionTolerance,
                () => ErrorCatalog.TargetNotDistribution(at.At(path), $"its values sum to {sum.ToString("R", CultureInfo.InvariantCulture)}, not 1")));
    }

    /// <summary>The input transforms, in order.</summary>
    private static Validation<ExperimentError, ImmutableArray<TransformKind>> Transforms(List<TransformDto>? list, Locator at) =>
        Each(TransformEach(list, at));

    /// <summary>Each transform's kind: given, and one nf knows.</summary>
    private static IEnumerable<Validation<ExperimentError, TransformKind>> TransformEach(List<TransformDto>? list, Locator at) =>
        (list ?? []).Select((transform, i) =>
        {
            var path = $"data.transform[{i}].kind";
            return transform.Kind is null ? Invalid<TransformKind>(MissingError(path, "center, standardize or minmax", at))
                : Names.Transforms.TryGetValue(transform.Kind, out var kind) ? Valid(kind)
                : Invalid<TransformKind>(ErrorCatalog.UnknownTransform(at.At(path), transform.Kind));
        });

    /// <summary>Transforms are fitted on the training rows: an experiment that does not train needs some to fit them on.</summary>
    private static Validation<ExperimentError, Unit> SomethingToFit(DataDto dto, bool trains, Locator at) =>
        FailWhen(!trains && TransformEach(dto.Transform, at).Any(t => t.IsSuccess) && dto.Train is not { Count: > 0 },
            () => ErrorCatalog.NothingToFit(at.At("data.transform")));
}
