using System.Collections.Immutable;
using NeuralFunctional.Core;

namespace NeuralFunctional.Experiments;

// The data.csv section: what can be checked without reading the file (columns named, one target form, a sensible
// split fraction, class names against the output layer). CsvData checks the rest once the host has read the file.
internal sealed partial class ExperimentRules
{
    private DataPlan? CsvData(DataDto data, CsvDto dto)
    {
        foreach (var (key, given) in new (string, bool)[]
                 { ("features", data.Features is not null), ("targets", data.Targets is not null), ("train", data.Train is not null), ("test", data.Test is not null) })
            if (given) Error(ErrorCatalog.CsvWithInlineData(at.At($"data.{key}"), key));

        if (dto.Path is not null && dto.Dataset is not null) Error(ErrorCatalog.CsvPathAndDataset(at.At("data.csv.dataset")));
        else if (dto.Dataset is { } name)
        {
            if (BuiltInDatasets.Find(name) is null) Error(ErrorCatalog.UnknownDataset(at.At("data.csv.dataset"), name, BuiltInDatasets.Names.ToList()));
        }
        else if (dto.Path is null) Error(MissingError("data.csv.path", "the CSV file, relative to the experiment file, e.g. \"../data/iris.csv\" (or a built-in dataset: \"dataset\": \"iris\")"));
        else if (dto.Path.Trim().Length == 0) Error(ErrorCatalog.CsvEmptyPath(at.At("data.csv.path")));

        if (dto.Features is null) Error(MissingError("data.csv.features", "the feature columns, one per network input"));
        else if (dto.Features.Count == 0) Error(ErrorCatalog.CsvNoFeatures(at.At("data.csv.features")));
        var features = NameList("data.csv.features", dto.Features, "feature column");
        if (dto.Features is { Count: > 0 } && inputs is { } n && dto.Features.Count != n)
            Error(ErrorCatalog.InputsVsFeatures(at.At("network.inputs"), n, dto.Features.Count, "data.csv.features"));

        var targets = CsvTargets(dto);
        var kind = CsvTargetKindOf(dto, targets);
        if (features is { } f && targets is { } t)
            foreach (var both in t.Intersect(f, StringComparer.Ordinal))
                Error(ErrorCatalog.CsvTargetIsFeature(at.At(dto.Target is not null ? "data.csv.target" : "data.csv.targets"), both));

        var classes = dto.Classes is null ? ImmutableArray<string>.Empty : NameList("data.csv.classes", dto.Classes, "class") ?? [];
        if (dto.Classes is not null && kind == CsvTargetKind.Number)
            Error(ErrorCatalog.ParameterNotForKind(at.At("data.csv.classes"), "classes", "number", []));
        // Under the reconstruct objective the target column is an unused label: the output layer matches the inputs instead.
        if (kind == CsvTargetKind.Class && outputs is { } units && !reconstructs)
        {
            if (units < 2) Error(ErrorCatalog.ClassTargetsNeedUnits(at.At($"network.layers[{lastLayer}].units"), units));
            else if (dto.Classes is { Count: > 0 } && dto.Classes.Count != units)
                Error(ErrorCatalog.ClassesVsOutputs(at.At("data.csv.classes"), dto.Classes.Count, units, "data.csv.classes"));
        }
        if (dto.Classes is { Count: 0 }) Error(ErrorCatalog.ClassTargetsNeedUnits(at.At("data.csv.classes"), 0));
        if (kind == CsvTargetKind.Number && targets is { } numeric && outputs is { } m && numeric.Length != m && !reconstructs)
            Error(ErrorCatalog.TargetsVsOutputs(at.At(dto.Target is not null ? "data.csv.target" : "data.csv.targets"), numeric.Length, m));

        double? test = null;
        if (dto.Split is not null)
        {
            if (dto.Split.Test is null) Error(MissingError("data.csv.split.test", "the fraction of each class's rows held out for testing, e.g. 0.2"));
            else if (dto.Split.Test is not (> 0 and < 1)) Error(ErrorCatalog.TestFractionOutOfRange(at.At("data.csv.split.test"), dto.Split.Test.Value));
            else test = dto.Split.Test;
        }
        var transforms = Transforms(data.Transform);

        if ((dto.Path is null) == (dto.Dataset is null) || features is null || targets is null || kind is null) return null;
        var source = new CsvSource(dto.Path ?? "", features.Value, targets.Value, kind.Value, dto.Id, test, classes, Dataset: dto.Dataset);
        var targetNames = kind == CsvTargetKind.Number ? targets.Value : classes;
        return new DataPlan(features.Value, targetNames, new DataRows.Features(new Dataset([]), new Dataset([])), transforms, source);
    }

    /// <summary>The target columns: <c>target</c> (one) or <c>targets</c> (several), exactly one of the two.</summary>
    private ImmutableArray<string>? CsvTargets(CsvDto dto)
    {
        if (dto.Target is not null && dto.Targets is not null)
        {
            Error(ErrorCatalog.CsvTargetAndTargets(at.At("data.csv.targets")));
            return null;
        }
        if (dto.Target is not null) return [dto.Target];
        if (dto.Targets is null)
        {
            Error(MissingError("data.csv.target", "the target column (class names or numbers), or `targets` for several numeric columns"));
            return null;
        }
        if (dto.Targets.Count == 0) { Error(ErrorCatalog.CsvNoTargets(at.At("data.csv.targets"))); return null; }
        return NameList("data.csv.targets", dto.Targets, "target column");
    }

    private CsvTargetKind? CsvTargetKindOf(CsvDto dto, ImmutableArray<string>? targets)
    {
        if (dto.TargetKind is null)
            return dto.Target is not null && (outputs is > 1 || dto.Classes is not null) ? CsvTargetKind.Class : CsvTargetKind.Number;
        if (!Names.CsvTargetKinds.TryGetValue(dto.TargetKind, out var kind))
        {
            Error(ErrorCatalog.UnknownTargetKind(at.At("data.csv.targetKind"), dto.TargetKind));
            return null;
        }
        if (kind == CsvTargetKind.Class && targets is { Length: > 1 })
            Error(ErrorCatalog.ClassTargetNeedsOneColumn(at.At("data.csv.targets"), targets.Value.Length));
        return kind;
    }
}
