using System.Collections.Immutable;
using System.Globalization;
using NeuralFunctional.Core;

namespace NeuralFunctional.Experiments;

// The training and data sections, checked against the network (its inputs, output units and output activation).
internal sealed partial class ExperimentRules
{
    /// <summary>Tolerance for "a ce target sums to 1": rounding in decimal fractions such as 0.1 + 0.2 + 0.7.</summary>
    private const double DistributionTolerance = 1e-9;

    private TrainingPlan? Training(TrainingDto dto)
    {
        LossKind? loss = dto.Loss is null ? LossKind.Mse
            : Names.Losses.TryGetValue(dto.Loss, out var known) ? known
            : RejectLoss(ErrorCatalog.UnknownLoss(at.At("training.loss"), dto.Loss));
        if (loss is { } l && Loss.RequiredOutput(l) is { } required && outputActivation is { } output && output.Kind != required)
            Error(ErrorCatalog.LossNeedsOutput(at.At($"network.layers[{lastLayer}].activation"), Names.Of(l),
                Names.Of(required), Names.Of(output.Kind), lastLayer));
        var optimizer = Optimizer(dto.Optimizer);
        var epochs = dto.Epochs ?? 1000;
        if (epochs < 1) Error(ErrorCatalog.EpochsNotPositive(at.At("training.epochs"), epochs));
        var batchSize = dto.BatchSize ?? 1;
        if (batchSize < 1) Error(ErrorCatalog.BatchSizeNotPositive(at.At("training.batchSize"), batchSize));
        var every = dto.Record?.Every ?? 1;
        if (every < 1) Error(ErrorCatalog.RecordEveryNotPositive(at.At("training.record.every"), every));
        var (weightDecay, schedule, earlyStopping, controlsOk) = Controls(dto);
        var objective = Objective(dto.Objective, loss);
        if (loss is null || optimizer is null || !controlsOk || objective is null) return null;
        return new TrainingPlan(loss.Value, optimizer, epochs, batchSize, dto.Shuffle ?? false, every, weightDecay, schedule, earlyStopping,
            objective.Value);
    }

    private LossKind? RejectLoss(ExperimentError error) { Error(error); return null; }

    private DataPlan? Data(DataDto dto, bool trains, LossKind? loss)
    {
        if (ReadsSequences(dto)) return SequenceData(dto, trains, loss);
        if (dto.Sequence is not null) Error(ErrorCatalog.SequenceNotForDense(at.At("data.sequence")));
        if (dto.Csv is not null) return CsvData(dto, dto.Csv);
        var features = NameList("data.features", dto.Features, "feature");
        if (dto.Features is not null && inputs is { } n && dto.Features.Count != n)
            Error(ErrorCatalog.InputsVsFeatures(at.At("network.inputs"), n, dto.Features.Count));
        // An empty targets list means "none named", as when it is absent (what ToJson writes when no row has y).
        var targets = dto.Targets is { Count: > 0 } ? NameList("data.targets", dto.Targets, "target") : null;
        if (targets is not null && outputs is { } m && dto.Targets!.Count != m && !reconstructs)
            Error(ErrorCatalog.TargetsVsOutputs(at.At("data.targets"), dto.Targets.Count, m));

        if (reconstructs) labelLength = targets?.Length;
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var train = Rows(dto.Train, "data.train", "train", ids, trains && !reconstructs, trains && !reconstructs ? loss : null);
        var test = Rows(dto.Test, "data.test", "test", ids, false, trains && !reconstructs ? loss : null);
        if (trains && dto.Train is not { Count: > 0 }) Error(ErrorCatalog.EmptyTrainingSet(at.At("data.train")));

        var transforms = Transforms(dto.Transform);
        if (!trains && transforms.Length > 0 && dto.Train is not { Count: > 0 }) Error(ErrorCatalog.NothingToFit(at.At("data.transform")));

        if (inputs is null || outputs is null || train is not { } trainRows || test is not { } testRows) return null;
        var anyY = trainRows.Any(r => r.HasTarget) || testRows.Any(r => r.HasTarget);
        return new DataPlan(
            features ?? Enumerable.Range(1, inputs.Value).Select(k => $"x{k}").ToImmutableArray(),
            targets ?? (anyY ? Enumerable.Range(1, reconstructs ? LabelLength(dto) ?? 0 : outputs.Value).Select(k => $"y{k}").ToImmutableArray() : ImmutableArray<string>.Empty),
            new DataRows.Features(new Dataset(trainRows), new Dataset(testRows)), transforms);
    }

    /// <summary>Feature or target names: checked to be non-empty and unique.</summary>
    private ImmutableArray<string>? NameList(string path, List<string>? names, string what)
    {
        if (names is null) return null;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var here = $"{path}[{i}]";
            if (seen.TryGetValue(names[i], out var first)) Error(ErrorCatalog.DuplicateName(at.At(here), $"{what} name", names[i], first));
            else seen[names[i]] = here;
        }
        return names.ToImmutableArray();
    }

    /// <summary>A row's id (default <c>prefix-n</c>, 1-based), checked non-empty and unique across train and test.</summary>
    private string RowId(RowDto row, string path, string prefix, int index, Dictionary<string, string> ids)
    {
        var id = row.Id ?? $"{prefix}-{index + 1}";
        if (id.Length == 0) Error(ErrorCatalog.EmptyId(at.At($"{path}.id")));
        else if (ids.TryGetValue(id, out var first)) Error(ErrorCatalog.DuplicateName(at.At($"{path}.id"), "row id", id, first));
        else ids[id] = path;
        return id;
    }

    private ImmutableArray<Sample>? Rows(List<RowDto>? rows, string section, string prefix, Dictionary<string, string> ids, bool needY, LossKind? loss)
    {
        var samples = ImmutableArray.CreateBuilder<Sample>();
        var complete = true;
        for (var i = 0; i < (rows?.Count ?? 0); i++)
        {
            var row = rows![i];
            var path = $"{section}[{i}]";
            var id = RowId(row, path, prefix, i, ids);

            if (row.X is null) { Error(MissingError($"{path}.x", "the row's input values")); complete = false; }
            else if (row.X.Steps is not null) Error(ErrorCatalog.SequenceNeedsElman(at.At($"{path}.x"), "x"));
            else if (inputs is { } n && row.X.Count != n) Error(ErrorCatalog.XLength(at.At($"{path}.x"), row.X.Count, n));

            if (row.Y is null) { if (needY) Error(ErrorCatalog.MissingTarget(at.At($"{path}.y"))); }
            else if (row.Y.Steps is not null) Error(ErrorCatalog.SequenceNeedsElman(at.At($"{path}.y"), "y"));
            else if (reconstructs) Label(row.Y, $"{path}.y");
            else if (outputs is { } m && row.Y.Count != m) Error(ErrorCatalog.YLength(at.At($"{path}.y"), row.Y.Count, m));
            else if (loss is { } l) Targets(row.Y, $"{path}.y", l);

            if (row.X is not null)
                samples.Add(new Sample(id, row.X.ToImmutableArray(), row.Y?.ToImmutableArray() ?? ImmutableArray<double>.Empty));
        }
        return complete ? samples.ToImmutable() : null;
    }

    /// <summary>What the loss accepts: bce, each target in [0, 1]; ce, each ≥ 0 and the row sums to 1.</summary>
    private void Targets(List<double> y, string path, LossKind loss)
    {
        if (loss == LossKind.Bce)
        {
            for (var j = 0; j < y.Count; j++)
                if (y[j] is < 0 or > 1) Error(ErrorCatalog.TargetOutOfRange(at.At($"{path}[{j}]"), y[j], "bce"));
        }
        else if (loss == LossKind.Ce)
        {
            var negative = false;
            for (var j = 0; j < y.Count; j++)
            {
                if (y[j] >= 0) continue;
                negative = true;
                Error(ErrorCatalog.TargetNotDistribution(at.At($"{path}[{j}]"), $"y[{j}] is {Num(y[j])}, below 0"));
            }
            var sum = 0.0;
            foreach (var v in y) sum += v;
            if (!negative && Math.Abs(sum - 1) > DistributionTolerance)
                Error(ErrorCatalog.TargetNotDistribution(at.At(path), $"its values sum to {sum.ToString("R", CultureInfo.InvariantCulture)}, not 1"));
        }
    }
}
