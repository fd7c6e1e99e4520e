using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

// The data.csv section: what can be checked without reading the file (columns named, one target form, a sensible
// split fraction, class names against the output layer). CsvData checks the rest once the host has read the file.
internal static partial class ExperimentRules
{
    /// <summary>A data section that reads its rows from a CSV file or a built-in dataset (<paramref name="dto"/>): no inline
    /// rows or names beside it, and target columns and classes that fit the output layer.</summary>
    private static Validation<ExperimentError, DataPlan> CsvData(DataDto data, CsvDto dto, DataContext context, Locator at)
    {
        var (network, reconstructs) = (context.Network, context.Reconstructs);
        var inline = All(new (string Key, bool Given)[]
                { ("features", data.Features is not null), ("targets", data.Targets is not null), ("train", data.Train is not null), ("test", data.Test is not null) }
            .Select(section => FailWhen(section.Given, () => ErrorCatalog.CsvWithInlineData(at.At($"data.{section.Key}"), section.Key))));
        var targets = CsvTargets(dto, at);
        var kind = CsvTargetKindOf(dto, network.Outputs, at);
        var (columns, known) = (Known(targets), Known(kind));
        var targetPath = dto.Target is not null ? "data.csv.target" : "data.csv.targets";
        var checks = All(
            dto.Features is not null && columns is { } t
                ? All(t.Intersect(dto.Features, StringComparer.Ordinal).Select(both => Invalid<Unit>(ErrorCatalog.CsvTargetIsFeature(at.At(targetPath), both))))
                : Ok,
            Unique("data.csv.classes", dto.Classes, "class", at),
            FailWhen(dto.Classes is not null && known == CsvTargetKind.Number,
                () => ErrorCatalog.ParameterNotForKind(at.At("data.csv.classes"), "classes", "number", [])),
            // Under the reconstruct objective the target column is an unused label: the output layer matches the inputs instead.
            known == CsvTargetKind.Class && network.Outputs is { } units && !reconstructs
                ? units < 2 ? Invalid<Unit>(ErrorCatalog.ClassTargetsNeedUnits(at.At($"network.layers[{network.LastLayer}].units"), units))
                : FailWhen(dto.Classes is { Count: > 0 } && dto.Classes.Count != units,
                    () => ErrorCatalog.ClassesVsOutputs(at.At("data.csv.classes"), dto.Classes!.Count, units, "data.csv.classes"))
                : Ok,
            FailWhen(dto.Classes is { Count: 0 }, () => ErrorCatalog.ClassTargetsNeedUnits(at.At("data.csv.classes"), 0)),
            FailWhen(known == CsvTargetKind.Number && columns is { } numeric && network.Outputs is { } m && numeric.Length != m && !reconstructs,
                () => ErrorCatalog.TargetsVsOutputs(at.At(targetPath), columns!.Value.Length, network.Outputs!.Value)));
        return (inline,
                CsvSourceOf(dto, at),
                CsvFeatures(dto, network, at),
                targets.Bind(columns => (dto.Target is null ? Unique("data.csv.targets", dto.Targets, "target column", at) : Ok).Map(_ => columns)),
                kind.Bind(k => FailWhen(k == CsvTargetKind.Class && columns is { Length: > 1 },
                    () => ErrorCatalog.ClassTargetNeedsOneColumn(at.At("data.csv.targets"), columns!.Value.Length)).Map(_ => k)),
                checks,
                (CsvSplit(dto.Split, at), Transforms(data.Transform, at)).Apply((test, transforms) => (Test: test, Transforms: transforms)))
            .Apply((_, source, features, columns, k, _, rest) =>
            {
                var classes = dto.Classes?.ToImmutableArray() ?? ImmutableArray<string>.Empty;
                var csv = new CsvSource(source.Path, features, columns, k, dto.Id, OrNullValue(rest.Test), classes, Dataset: source.Dataset);
                return new DataPlan(features, k == CsvTargetKind.Number ? columns : classes, new DataRows.Features(new Dataset([]), new Dataset([])), rest.Transforms, csv);
            });
    }

    /// <summary>Where the rows come from: a file (<c>path</c>, not blank) or a built-in <c>dataset</c>, exactly one of the two.</summary>
    private static Validation<ExperimentError, (string Path, string? Dataset)> CsvSourceOf(CsvDto dto, Locator at)
    {
        if (dto.Path is not null && dto.Dataset is not null) return Invalid<(string, string?)>(ErrorCatalog.CsvPathAndDataset(at.At("data.csv.dataset")));
        if (dto.Dataset is { } name)
            return BuiltInDatasets.Find(name) is null
                ? Invalid<(string, string?)>(ErrorCatalog.UnknownDataset(at.At("data.csv.dataset"), name, BuiltInDatasets.Names.ToList()))
                : Valid<(string, string?)>(("", name));
        if (dto.Path is null)
            return Invalid<(string, string?)>(MissingError("data.csv.path",
                "the CSV file, relative to the experiment file, e.g. \"../data/iris.csv\" (or a built-in dataset: \"dataset\": \"iris\")", at));
        if (dto.Path.Trim().Length == 0) return Invalid<(string, string?)>(ErrorCatalog.CsvEmptyPath(at.At("data.csv.path")));
        return Valid<(string, string?)>((dto.Path, null));
    }

    /// <summary>The feature columns: at least one, each named once, one per network input.</summary>
    private static Validation<ExperimentError, ImmutableArray<string>> CsvFeatures(CsvDto dto, NetworkFacts network, Locator at)
    {
        if (dto.Features is null) return Invalid<ImmutableArray<string>>(MissingError("data.csv.features", "the feature columns, one per network input", at));
        if (dto.Features.Count == 0) return Invalid<ImmutableArray<string>>(ErrorCatalog.CsvNoFeatures(at.At("data.csv.features")));
        return All(
                Unique("data.csv.features", dto.Features, "feature column", at),
                FailWhen(network.Inputs is { } n && dto.Features.Count != n,
                    () => ErrorCatalog.InputsVsFeatures(at.At("network.inputs"), network.Inputs!.Value, dto.Features.Count, "data.csv.features")))
            .Map(_ => dto.Features.ToImmutableArray());
    }

    /// <summary>The target columns: <c>target</c> (one) or <c>targets</c> (several), exactly one of the two (whether
    /// <c>targets</c> names each column once is checked apart: the columns stand without it).</summary>
    private static Validation<ExperimentError, ImmutableArray<string>> CsvTargets(CsvDto dto, Locator at)
    {
        if (dto.Target is not null && dto.Targets is not null) return Invalid<ImmutableArray<string>>(ErrorCatalog.CsvTargetAndTargets(at.At("data.csv.targets")));
        if (dto.Target is not null) return Valid(ImmutableArray.Create(dto.Target));
        if (dto.Targets is null)
            return Invalid<ImmutableArray<string>>(MissingError("data.csv.target",
                "the target column (class names or numbers), or `targets` for several numeric columns", at));
        if (dto.Targets.Count == 0) return Invalid<ImmutableArray<string>>(ErrorCatalog.CsvNoTargets(at.At("data.csv.targets")));
        return Valid(dto.Targets.ToImmutableArray());
    }

    /// <summary>data.csv.targetKind, or (when absent) class for one target column and several output units or named
    /// classes, else number.</summary>
    private static Validation<ExperimentError, CsvTargetKind> CsvTargetKindOf(CsvDto dto, int? outputs, Locator at)
    {
        if (dto.TargetKind is null)
            return Valid(dto.Target is not null && (outputs is > 1 || dto.Classes is not null) ? CsvTargetKind.Class : CsvTargetKind.Number);
        return Names.CsvTargetKinds.TryGetValue(dto.TargetKind, out var kind)
            ? Valid(kind)
            : Invalid<CsvTargetKind>(ErrorCatalog.UnknownTargetKind(at.At("data.csv.targetKind"), dto.TargetKind));
    }

    /// <summary>A seeded, stratified train/test split (none when absent): the held-out fraction, strictly between 0 and 1.</summary>
    private static Validation<ExperimentError, Option<double>> CsvSplit(SplitDto? dto, Locator at) => dto switch
    {
        null => Valid(Option<double>.None),
        { Test: null } => Invalid<Option<double>>(MissingError("data.csv.split.test", "the fraction of each class's rows held out for testing, e.g. 0.2", at)),
        { Test: not (> 0 and < 1) } => Invalid<Option<double>>(ErrorCatalog.TestFractionOutOfRange(at.At("data.csv.split.test"), dto.Test.Value)),
        _ => Valid(Some(dto.Test.Value)),
    };
}
