using System.Diagnostics.Contracts;
using System.Globalization;
using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>The rows a CSV file gives: training and test rows in CSV order, and the class names in output-unit order
/// (empty for numeric targets).</summary>
public sealed record CsvRows(Dataset Train, Dataset Test, ImmutableArray<string> Classes);

/// <summary>CSV text → rows, purely (the host reads the file). Features are numbers; targets are numbers or class
/// names turned into one-hot vectors (class order: <see cref="CsvSource.Classes"/> when given, else the names found,
/// sorted ordinally). Rows are named <c>row-N</c> by 1-based data row number, or by the id column. The split is
/// stratified and seeded: for each class in class order, that class's rows (in CSV order) are permuted with
/// <see cref="Rng.Permutation"/> drawn from the <c>split</c> stream, and the first round(test × count) (halves round
/// up) go to the test set; numeric targets form one group. Train and test keep CSV order.</summary>
public static class CsvData
{
    /// <summary>The named random stream the split draws from.</summary>
    public const string SplitStream = "split";

    /// <summary>At most this many problems are listed; the rest are counted.</summary>
    public const int MaxErrors = 20;

    /// <summary>The rows of <paramref name="text"/> as <paramref name="source"/> describes them.
    /// <paramref name="file"/> only names the file in errors.</summary>
    [Pure]
    public static Validation<ExperimentError, CsvRows> Load(string file, string text, CsvSource source, ulong seed)
    {
        var (table, errors) = CsvTable.Read(file, text);
        if (table is null) return Fail(errors);
        var features = source.Features.Select((f, i) => table.Column(f, $"data.csv.features[{i}]", errors)).ToList();
        var targets = source.Targets.Select((t, i) => table.Column(t, source.Targets.Length == 1 ? "data.csv.target" : $"data.csv.targets[{i}]", errors)).ToList();
        var id = source.IdColumn is { } idName ? table.Column(idName, "data.csv.id", errors) : null;
        if (errors.Count > 0 || features.Any(f => f is null) || targets.Any(t => t is null)) return Fail(errors);

        // One streaming pass: each row's numbers go into flat arrays as it is read; nothing of its text is kept but
        // its id (when the file has an id column) and, for class targets, its class's index.
        var isClass = source.TargetKind == CsvTargetKind.Class;
        var given = isClass && !source.Classes.IsDefaultOrEmpty ? source.Classes : ImmutableArray<string>.Empty;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal); // class name → index (given order, or first seen)
        if (!given.IsEmpty) for (var k = 0; k < given.Length; k++) seen.TryAdd(given[k], k);
        var xs = new List<double>();
        var ys = new List<double>();
        var classOf = new List<int>();
        var numbers = new List<int>();
        var names = id is null ? null : new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var x = new double[features.Count];
        var y = new double[isClass ? 0 : targets.Count];
        foreach (var row in table.Records(errors))
        {
            var ok = Numbers(table, row, features, x, errors);
            var k = 0;
            if (isClass) ok &= ClassOf(table, row, targets[0]!.Value, seen, !given.IsEmpty, errors, out k);
            else ok &= Numbers(table, row, targets, y, errors);
            var name = id is { } c ? row.Fields[c].Trim() : null;
            if (id is { } col && name!.Length == 0) { errors.Add(ErrorCatalog.EmptyId(table.FieldSite(row, col))); ok = false; }
            else if (id is { } col2 && ids.TryGetValue(name!, out var first)) { errors.Add(ErrorCatalog.DuplicateName(table.FieldSite(row, col2), "row id", name!, $"row {first}")); ok = false; }
            else if (name is not null) ids[name] = row.Number;
            if (!ok || errors.Count > MaxErrors * 4) continue;
            xs.AddRange(x);
            ys.AddRange(y);
            classOf.Add(k);
            numbers.Add(row.Number);
            names?.Add(name!);
        }
        if (errors.Count > 0) return Fail(errors);

        // Classes in output order: as given, else the names found sorted ordinally.
        var classes = !isClass ? ImmutableArray<string>.Empty : !given.IsEmpty ? given : seen.Keys.Order(StringComparer.Ordinal).ToImmutableArray();
        var remap = isClass ? seen.ToDictionary(p => p.Value, p => classes.IndexOf(p.Key, StringComparer.Ordinal)) : [];
        var count = numbers.Count;
        var (nx, ny) = (features.Count, isClass ? classes.Length : targets.Count);
        var samples = new Sample[count];
        var group = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            var rowX = ImmutableArray.Create<double>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(xs).Slice(i * nx, nx));
            ImmutableArray<double> rowY;
            if (isClass)
            {
                var oneHot = new double[ny];
                var cls = remap[classOf[i]];
                oneHot[cls] = 1;
                rowY = ImmutableArray.Create(oneHot);
                group.Add(cls);
            }
            else { rowY = ImmutableArray.Create<double>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ys).Slice(i * ny, ny)); group.Add(0); }
            samples[i] = new Sample(names?[i] ?? $"row-{numbers[i]}", rowX, rowY);
        }

        var groups = isClass ? classes.Length : 1;
        var inTest = Split(file, group, groups, classes, source.TestFraction, seed, errors);
        if (errors.Count > 0) return Fail(errors);
        var train = samples.Where((_, i) => !inTest[i]).ToImmutableArray();
        var test = samples.Where((_, i) => inTest[i]).ToImmutableArray();
        return Success<ExperimentError, CsvRows>(new CsvRows(new Dataset(train), new Dataset(test), classes));
    }

    /// <summary>The experiment with its CSV rows in place: <see cref="Load"/>, then the rows checked against the network
    /// (one output unit per class) and the loss (bce targets in [0, 1], ce targets distributions). The class list
    /// becomes the target names and is recorded in the CSV source. An experiment without CSV comes back unchanged.</summary>
    [Pure]
    public static Validation<ExperimentError, Experiment> Fill(Experiment e, string file, string text)
    {
        if (e.Data.Csv is not { } source) return Success<ExperimentError, Experiment>(e);
        return Load(file, text, source, e.Seed).Bind(rows => Checked(e, source, file, rows));
    }

    /// <summary>The rows read from the CSV file, checked against the network and the loss, put in place.</summary>
    private static Validation<ExperimentError, Experiment> Checked(Experiment e, CsvSource source, string file, CsvRows rows)
    {
        var errors = new List<ExperimentError>();
        var outputs = e.Network.Layers[^1].Units;
        var at = new Site(file, source.Targets.Length == 1 ? "data.csv.target" : "data.csv.targets", 1, null);
        var labelsOnly = e.Training?.Objective == Objective.Reconstruct; // the target column is an unused label
        if (source.TargetKind == CsvTargetKind.Class && rows.Classes.Length != outputs && !labelsOnly)
            errors.Add(ErrorCatalog.ClassesVsOutputs(at, rows.Classes.Length, outputs,
                $"the column `{source.Targets[0]}` ({string.Join(", ", rows.Classes.Take(12))}{(rows.Classes.Length > 12 ? ", …" : "")})"));
        if (e.Training?.Loss is { } loss && source.TargetKind == CsvTargetKind.Number && !labelsOnly)
            foreach (var row in rows.Train.Rows.Concat(rows.Test.Rows))
                TargetRule(row, loss, file, errors);
        if (errors.Count > 0) return Fail<Experiment>(errors);
        var data = e.Data with
        {
            Rows = new DataRows.Features(rows.Train, rows.Test),
            Targets = source.TargetKind == CsvTargetKind.Class ? rows.Classes : e.Data.Targets,
            Csv = source with { Classes = rows.Classes },
        };
        return Success<ExperimentError, Experiment>(e with { Data = data });
    }

    /// <summary>The index of the row's class in <paramref name="seen"/> (a new name is added unless the classes were
    /// given, where it is an error), or false after reporting an empty or unknown name.</summary>
    private static bool ClassOf(CsvTable table, CsvRecord row, int column, Dictionary<string, int> seen, bool given, List<ExperimentError> errors, out int k)
    {
        var name = row.Fields[column].Trim();
        k = -1;
        if (name.Length == 0) { errors.Add(ErrorCatalog.CsvEmptyClass(table.FieldSite(row, column), table.Header[column])); return false; }
        if (seen.TryGetValue(name, out k)) return true;
        if (given) { errors.Add(ErrorCatalog.CsvUnknownClass(table.FieldSite(row, column), name, [.. seen.OrderBy(p => p.Value).Select(p => p.Key)])); return false; }
        k = seen.Count;
        seen[name] = k;
        return true;
    }

    /// <summary>The row's numbers in <paramref name="columns"/> into <paramref name="values"/>, or false after reporting
    /// each field that is not a finite number.</summary>
    private static bool Numbers(CsvTable table, CsvRecord row, List<int?> columns, double[] values, List<ExperimentError> errors)
    {
        var ok = true;
        for (var j = 0; j < columns.Count; j++)
        {
            var c = columns[j]!.Value;
            var text = row.Fields[c];
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) values[j] = v;
            else { errors.Add(ErrorCatalog.CsvNotANumber(table.FieldSite(row, c), text, table.Header[c])); ok = false; }
        }
        return ok;
    }

    /// <summary>Which samples go to the test set (see the class summary), or none without a test fraction.</summary>
    private static bool[] Split(string file, List<int> group, int groups, ImmutableArray<string> classes, double? fraction, ulong seed, List<ExperimentError> errors)
    {
        var inTest = new bool[group.Count];
        if (fraction is not { } test) return inTest;
        var rng = Rng.Stream(seed, SplitStream);
        var byGroup = Enumerable.Range(0, groups).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < group.Count; i++) byGroup[group[i]].Add(i);
        for (var g = 0; g < groups; g++)
        {
            var members = byGroup[g];
            var take = (int)Math.Round(test * members.Count, MidpointRounding.AwayFromZero);
            if (take == 0 || take == members.Count)
            {
                var what = classes.IsDefaultOrEmpty ? "the file" : $"the class `{classes[g]}`";
                errors.Add(ErrorCatalog.CsvTooFewToSplit(new Site(file, "data.csv.split.test", null, null), what, members.Count, test, take));
                continue;
            }
            var (order, next) = Rng.Permutation(rng, members.Count);
            rng = next;
            for (var j = 0; j < take; j++) inTest[members[order[j]]] = true;
        }
        return inTest;
    }

    private static void TargetRule(Sample row, LossKind loss, string file, List<ExperimentError> errors)
    {
        var at = new Site(file, $"row `{row.Id}`", null, null);
        if (loss == LossKind.Bce && row.Y.Any(v => v is < 0 or > 1))
            errors.Add(ErrorCatalog.TargetOutOfRange(at, row.Y.First(v => v is < 0 or > 1), "bce"));
        if (loss == LossKind.Ce && (row.Y.Any(v => v < 0) || Math.Abs(row.Y.Sum() - 1) > 1e-9))
            errors.Add(ErrorCatalog.TargetNotDistribution(at, $"the targets are [{string.Join(", ", row.Y.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]"));
    }

    private static Validation<ExperimentError, T> Fail<T>(List<ExperimentError> errors) =>
        Fail<ExperimentError, T>(toSeq(Capped(errors)));

    private static Validation<ExperimentError, CsvRows> Fail(List<ExperimentError> errors) => Fail<CsvRows>(errors);

    private static IEnumerable<ExperimentError> Capped(List<ExperimentError> errors)
    {
        if (errors.Count <= MaxErrors) return errors;
        var last = errors[MaxErrors - 1];
        return errors.Take(MaxErrors).Append(ErrorCatalog.CsvMoreProblems(new Site(last.File, "", null, null), errors.Count - MaxErrors));
    }
}
