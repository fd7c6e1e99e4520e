using System.Globalization;

namespace NeuralFunctional.Experiments;

/// <summary>Where a problem is: the file, the JSON path (<c>data.train[2].x</c>), and the line and column (1-based)
/// of the token in the file when known.</summary>
public readonly record struct Site(string File, string Path, int? Line, int? Column);

/// <summary>Every problem an experiment file (or what a command is given) can have, one method per kind, each with a
/// stable code. Codes never change meaning once published: NF00xx files the host reads (ErrorCatalog.Files.cs), NF10xx
/// the JSON itself, NF11xx names and keys, NF12xx the network, NF13xx training, NF14xx data, NF15xx overrides and
/// paths and NF16xx sweeps, shards and merging (ErrorCatalog.Sweeps.cs), NF17xx reinforcement learning
/// (ErrorCatalog.Reinforcement.cs), NF18xx curves, NF19xx checkpoints, NF20xx output documents: diff, verify and the data
/// an output was trained on (ErrorCatalog.Outputs.cs), NF205x plots and NF207x report pages (ErrorCatalog.Plots.cs), NF21xx CSV data, NF22xx
/// tools: new, explain, a command given a kind it does not take (ErrorCatalog.Tools.cs), NF24xx Elman networks and their
/// sequence data (ErrorCatalog.Elman.cs), NF25xx unsupervised learning (ErrorCatalog.Unsupervised.cs), NF260x plot kinds
/// of autoencoders, Elman and reinforcement runs (ErrorCatalog.PlotKinds.cs).</summary>
public static partial class ErrorCatalog
{
    // --- the JSON itself ---
    public static ExperimentError NotJson(Site at, string detail) =>
        Make("NF1001", at, $"the file is not valid JSON: {detail}", "check for a missing comma, quote or bracket just before this point");

    public static ExperimentError TrailingContent(Site at) =>
        Make("NF1002", at, "there is more text after the end of the experiment object", "an experiment file holds exactly one JSON object; remove what follows its closing }");

    public static ExperimentError DuplicateKey(Site at, string key) =>
        Make("NF1003", at, $"the key `{key}` appears twice in the same object", "keep one of them");

    public static ExperimentError UnknownKey(Site at, string key, IEnumerable<string> allowed)
    {
        var list = allowed.ToList();
        var suggestion = DidYouMean.Suggest(key, list);
        return Make("NF1004", at, $"unknown key `{key}`",
            suggestion is null ? $"allowed here: {Join(list)}" : $"did you mean `{suggestion}`? (allowed here: {Join(list)})");
    }

    public static ExperimentError WrongType(Site at, string expected, string actual) =>
        Make("NF1005", at, $"expected {expected}, got {actual}", $"write {expected} here (see schema/experiment.schema.json)");

    public static ExperimentError NotFinite(Site at, string token) =>
        Make("NF1006", at, $"`{token}` is not a finite number", "experiment files hold finite numbers only; NaN and Infinity are not allowed");

    public static ExperimentError NumberTooLarge(Site at, string token, string expected) =>
        Make("NF1007", at, $"`{token}` is too large for {expected}", expected == "a number" ? "the largest double is about 1.8e308" : null);

    public static ExperimentError Missing(Site at, string key, string what) =>
        Make("NF1008", at, $"`{key}` is required: {what}", $"add `{key}`; `nf new --list` shows complete starting files");

    public static ExperimentError Internal(Site at, string detail) =>
        Make("NF1099", at, $"internal error while reading the experiment: {detail}", "this is a bug in NeuralFunctional; please report it with the file");

    // --- names, kinds and their parameters ---
    public static ExperimentError UnsafeName(Site at, string name) =>
        Make("NF1101", at, $"the name `{name}` is not a safe file name",
            "use only letters, digits, `-`, `_` and `.` (and not only dots), e.g. \"hiring-2x2\"");

    public static ExperimentError UnknownActivation(Site at, string name) => UnknownKind("NF1102", at, "activation", name, Names.Activations.Keys);

    public static ExperimentError UnknownLoss(Site at, string name) => UnknownKind("NF1103", at, "loss", name, Names.Losses.Keys);

    public static ExperimentError UnknownInit(Site at, string name) => UnknownKind("NF1104", at, "initializer", name, Names.Inits);

    public static ExperimentError UnknownTransform(Site at, string name) => UnknownKind("NF1105", at, "transform", name, Names.Transforms.Keys);

    public static ExperimentError UnknownOptimizer(Site at, string name) => UnknownKind("NF1106", at, "optimizer", name, Names.Optimizers);

    public static ExperimentError UnknownSchedule(Site at, string name) => UnknownKind("NF1110", at, "schedule", name, Names.Schedules);

    public static ExperimentError ParameterNotForKind(Site at, string parameter, string kind, IEnumerable<string> takes)
    {
        var list = takes.ToList();
        return Make("NF1107", at, $"`{parameter}` does not apply to `{kind}`",
            list.Count == 0 ? $"`{kind}` takes no parameters; remove `{parameter}`" : $"`{kind}` takes {Join(list)}");
    }

    public static ExperimentError EmptyId(Site at) =>
        Make("NF1108", at, "a row id must not be empty", "give the row a name, or leave `id` out for the default");

    public static ExperimentError DuplicateName(Site at, string what, string name, string firstPath) =>
        Make("NF1109", at, $"the {what} `{name}` is already used at {firstPath}", $"every {what} must be unique");

    // --- the network ---
    public static ExperimentError NoLayers(Site at) =>
        Make("NF1201", at, "the network has no layers", "add at least the output layer, e.g. { \"units\": 1, \"activation\": \"sigmoid\" }");

    public static ExperimentError InputsNotPositive(Site at, long inputs) =>
        Make("NF1202", at, $"network.inputs must be at least 1, got {inputs}", "set it to the number of values in each row's x");

    public static ExperimentError UnitsNotPositive(Site at, long units) =>
        Make("NF1203", at, $"a layer needs at least 1 unit, got {units}", "remove the layer, or give it 1 or more units");

    public static ExperimentError WeightsShape(Site at, int rows, string cols, int units, int inputs) =>
        Make("NF1204", at, $"weights is {rows}×{cols}, expected {units}×{inputs} (units × inputs of this layer)",
            $"give {units} rows (one per unit) of {inputs} numbers (one per input: {(inputs == 1 ? "the" : "each")} value the layer receives)");

    public static ExperimentError BiasesLength(Site at, int length, int units) =>
        Make("NF1205", at, $"biases has {length} values, expected {units} (one per unit)", $"give {units} biases, or leave `biases` out to draw them from network.init");

    public static ExperimentError SoftmaxNotLast(Site at, int layer, int last) =>
        Make("NF1206", at, $"softmax is only allowed on the output layer (layer {last}), not on layer {layer}",
            "use another activation here, e.g. \"relu\" or \"sigmoid\"");

    public static ExperimentError LossNeedsOutput(Site at, string loss, string required, string actual, int layer) =>
        Make("NF1207", at, $"loss `{loss}` needs a `{required}` output layer, but layer {layer} is `{actual}`",
            $"set network.layers[{layer}].activation to \"{required}\", or use the loss \"mse\"");

    public static ExperimentError ParametersRequired(Site at, string key) =>
        Make("NF1208", at, $"`{key}` is required when the experiment has no `training` section and names no initializer",
            "an experiment without training evaluates the network as given: give every layer its weights and biases, " +
            "or name an initializer (network.init, e.g. { \"kind\": \"normal\", \"mean\": 0, \"std\": 1 }) to draw them from the seed, or add a training section");

    public static ExperimentError InputsVsFeatures(Site at, int inputs, int features, string where = "data.features") =>
        Make("NF1209", at, $"network.inputs is {inputs}, but {where} names {features}", "make them agree: one feature name per input");

    public static ExperimentError TargetsVsOutputs(Site at, int targets, int outputs) =>
        Make("NF1210", at, $"data.targets names {targets}, but the output layer has {outputs} units", "one target name per output unit");

    public static ExperimentError InitRange(Site at, string detail) =>
        Make("NF1211", at, detail, null);

    // --- training ---
    public static ExperimentError LearningRateNotPositive(Site at, double value) =>
        Make("NF1301", at, $"the learning rate must be greater than 0, got {Num(value)}", "typical values are 0.001 to 1, e.g. 0.1");

    public static ExperimentError EpochsNotPositive(Site at, long value) =>
        Make("NF1302", at, $"epochs must be at least 1, got {value}", "to only evaluate the network, remove the training section");

    public static ExperimentError BatchSizeNotPositive(Site at, long value) =>
        Make("NF1303", at, $"batchSize must be at least 1, got {value}", "1 updates after every row, as in the lecture");

    public static ExperimentError RecordEveryNotPositive(Site at, long value) =>
        Make("NF1304", at, $"record.every must be at least 1, got {value}", "1 records every epoch");

    public static ExperimentError SettingOutOfRange(Site at, string key, string range, double value, string? hint = null) =>
        Make("NF1305", at, $"`{key}` must be {range}, got {Num(value)}", hint);

    public static ExperimentError TooFewRowsToValidate(Site at, int rows) =>
        Make("NF1306", at, $"early stopping holds out validation rows, which needs at least 2 training rows, got {rows}",
            "add training rows, or remove training.earlyStopping");

    // --- data ---
    public static ExperimentError XLength(Site at, int length, int inputs) =>
        Make("NF1401", at, $"x has {length} values, expected {inputs} (network.inputs)", $"give every row {inputs} inputs, one per feature, or change network.inputs");

    public static ExperimentError YLength(Site at, int length, int outputs) =>
        Make("NF1402", at, $"y has {length} values, expected {outputs} (units of the output layer)", $"give every row {outputs} targets, or change the output layer's units");

    public static ExperimentError TargetOutOfRange(Site at, double value, string loss) =>
        Make("NF1403", at, $"loss `{loss}` needs targets in [0, 1], got {Num(value)}", "bce targets are probabilities, usually 0 or 1");

    public static ExperimentError TargetNotDistribution(Site at, string detail) =>
        Make("NF1404", at, $"loss `ce` needs each y to be a probability distribution: {detail}",
            "use one-hot targets, e.g. [0, 1, 0], or values ≥ 0 that sum to 1");

    public static ExperimentError EmptyTrainingSet(Site at) =>
        Make("NF1405", at, "the experiment trains but has no training rows", "add rows to data.train, or remove the training section to only evaluate");

    public static ExperimentError MissingTarget(Site at) =>
        Make("NF1406", at, "a training row needs `y`", "give the row its target values, e.g. \"y\": [1]");

    public static ExperimentError CurvesRange(Site at, double from, double to) =>
        Make("NF1801", at, $"curves need from < to, got from {from:R} and to {to:R}", "e.g. \"from\": -5, \"to\": 5");

    public static ExperimentError CurvesPoints(Site at, long points) =>
        Make("NF1802", at, $"a curve needs at least 2 points, got {points}", "41 points from -5 to 5 give steps of 0.25");

    public static ExperimentError NotACheckpoint(string file, string? format = null, string? detail = null, string expected = CheckpointKind.SupervisedFormat) =>
        new("NF1901", file, "", null, null,
            detail is null ? $"is not a checkpoint (format {(format is null ? "missing" : $"`{format}`")}, expected `{expected}`)"
                           : $"is not a readable checkpoint: {detail}",
            "a checkpoint is the file written by `nf run EXPERIMENT --checkpoint FILE`");

    /// <summary>The checkpoint's experiment differs from the one given (<paramref name="differences"/>) in more than
    /// <paramref name="growing"/>: <c>training.epochs</c> (supervised) or <c>training.episodes</c> (reinforcement).</summary>
    public static ExperimentError CheckpointFromOtherExperiment(string file, IReadOnlyList<string> differences, string growing = "training.epochs") =>
        new("NF1902", file, "", null, null,
            "comes from a different experiment: " + (differences.Count == 0 ? "the experiment has no training section" :
                string.Join("; ", differences.Take(5)) + (differences.Count > 5 ? $"; and {differences.Count - 5} more" : "")),
            $"resume a checkpoint with the experiment it came from; only {growing} may grow");

    /// <summary>The checkpoint is further on than the experiment trains; <paramref name="unit"/> is what training counts:
    /// <c>epoch</c> (supervised, <c>training.epochs</c>) or <c>episode</c> (reinforcement, <c>training.episodes</c>).</summary>
    public static ExperimentError CheckpointBeyondEpochs(string file, int epoch, int epochs, string unit = "epoch") =>
        new("NF1903", file, "", null, null, $"is at {unit} {epoch}, beyond training.{unit}s = {epochs}",
            $"resume with at least {epoch} {unit}s, e.g. --set training.{unit}s={Math.Max(epoch, epochs * 2)}");

    public static ExperimentError CheckpointValue(Site at, string expected, string got) =>
        Make("NF1904", at, $"the checkpoint's `{at.Path}` should be {expected}, got {got}",
            "a checkpoint is written by nf run --checkpoint and read back as written; run the experiment again to get a new one");

    public static ExperimentError CheckpointModified(Site at, string recorded, string actual) =>
        Make("NF1905", at, $"the checkpoint was modified after nf wrote it (its checkpointHash is {recorded[..Math.Min(recorded.Length, 19)]}…, its content hashes to {actual[..19]}…)",
            "an edited checkpoint would give an output that only looks genuine; resume from the file nf wrote, or run the experiment again");

    public static ExperimentError CheckpointUnsealed(Site at) =>
        Make("NF1906", at, "the checkpoint has no `checkpointHash`, so it cannot be told from an edited one",
            "resume from a checkpoint this nf wrote (nf run EXPERIMENT --checkpoint FILE), or run the experiment again");

    public static ExperimentError NothingToFit(Site at) =>
        Make("NF1407", at, "transforms are fitted on the training rows, but data.train is empty", "add training rows or remove data.transform");

    // --- data.csv (checked when parsing) ---
    public static ExperimentError CsvWithInlineData(Site at, string key) =>
        Make("NF2101", at, $"data.{key} cannot be used together with data.csv", key is "features" or "targets"
            ? $"name the columns in data.csv.{key} instead" : "the rows come from the CSV file; remove data.train and data.test, or remove data.csv");

    public static ExperimentError CsvEmptyPath(Site at) =>
        Make("NF2102", at, "data.csv.path is empty", "give the CSV file's path relative to the experiment file, e.g. \"../data/iris.csv\"");

    public static ExperimentError CsvNoFeatures(Site at) =>
        Make("NF2103", at, "data.csv.features names no column", "list the CSV columns to use as inputs, one per network input");

    public static ExperimentError CsvNoTargets(Site at) =>
        Make("NF2104", at, "data.csv.targets names no column", "list the numeric target columns, or use \"target\" for one column");

    public static ExperimentError CsvTargetAndTargets(Site at) =>
        Make("NF2105", at, "data.csv has both `target` and `targets`", "use `target` for one column (class names or a number), `targets` for several numeric columns");

    public static ExperimentError CsvTargetIsFeature(Site at, string column) =>
        Make("NF2106", at, $"the column `{column}` is both a feature and a target", "a network that sees its target as an input learns nothing useful; remove it from data.csv.features");

    public static ExperimentError UnknownTargetKind(Site at, string name) => UnknownKind("NF2107", at, "target kind", name, Names.CsvTargetKinds.Keys);

    public static ExperimentError ClassTargetNeedsOneColumn(Site at, int columns) =>
        Make("NF2108", at, $"targetKind `class` reads one column of class names, but data.csv.targets names {columns}",
            "give the class column as \"target\", or use targetKind \"number\" for several numeric columns");

    public static ExperimentError ClassTargetsNeedUnits(Site at, int units) =>
        Make("NF2109", at, $"class targets need one output unit per class (at least 2), but there are {units}",
            "give the output layer one unit per class with a softmax activation and loss \"ce\"; for one 0/1 column use targetKind \"number\"");

    public static ExperimentError ClassesVsOutputs(Site at, int classes, int outputs, string what) =>
        Make("NF2110", at, $"{what} has {classes} classes, but the output layer has {outputs} units",
            $"one output unit per class: set the last layer's units to {classes}");

    public static ExperimentError TestFractionOutOfRange(Site at, double value) =>
        Make("NF2111", at, $"the test fraction must be strictly between 0 and 1, got {Num(value)}",
            "e.g. 0.2 holds out a fifth of each class; leave out `split` to train on every row");

    // --- the CSV file (checked when the host has read it) ---
    public static ExperimentError CsvPathAndDataset(Site at) =>
        Make("NF2112", at, "data.csv gives both `path` and `dataset`", "the rows come from one place: a CSV file (path) or a built-in dataset (dataset); remove one");

    public static ExperimentError UnknownDataset(Site at, string name, IReadOnlyList<string> known)
    {
        var suggestion = DidYouMean.Suggest(name, known);
        return Make("NF2113", at, $"there is no built-in dataset `{name}`",
            (suggestion is null ? "" : $"did you mean `{suggestion}`? ") + $"built in: {Join(known)} (nf datasets lists them); for a file of your own, give data.csv.path");
    }

    public static ExperimentError CsvNotFound(Site at, string path) =>
        Make("NF2120", at, $"the CSV file `{path}` does not exist", "data.csv.path is relative to the experiment file's folder");

    public static ExperimentError CsvIsFolder(Site at, string path) =>
        Make("NF2132", at, $"`{path}` is a folder, not a CSV file", "data.csv.path names the file itself, relative to the experiment file's folder");

    public static ExperimentError CsvUnreadable(Site at, string detail) =>
        Make("NF2121", at, $"the CSV file cannot be read: {detail}", null);

    public static ExperimentError CsvEmpty(Site at) =>
        Make("NF2122", at, "the CSV file is empty", "the first line must be a header naming the columns, followed by one line per row");

    public static ExperimentError CsvNoRows(Site at) =>
        Make("NF2123", at, "the CSV file has a header but no data rows", "add rows below the header line");

    private static bool LooksLikeHeader(IReadOnlyList<string> header) =>
        header.Count >= 2 && header.All(h => h.Length <= 64 && h.All(c => !char.IsControl(c) && c is not (':' or '/' or '\\' or '"' or '<' or '>' or '=')));

    public static ExperimentError CsvMissingColumn(Site at, string column, IReadOnlyList<string> header)
    {
        // A first line that is not a row of column names (one field, or fields no CSV header has: long, or with
        // characters such as ':' or '/') is not echoed: the path may lead to a file that is not data at all.
        var isHeader = LooksLikeHeader(header);
        var suggestion = isHeader ? DidYouMean.Suggest(column, header) : null;
        var columns = header.Count <= 12 ? Join(header) : Join(header.Take(12)) + $", … ({header.Count} in all)";
        return Make("NF2124", at,
            isHeader ? $"the CSV header has no column `{column}`" : $"the file has no column `{column}`: its first line is not a row of comma-separated column names",
            !isHeader ? "is data.csv.path the right file? it should be a CSV file whose first line names the columns"
            : suggestion is null ? $"columns: {columns}" : $"did you mean `{suggestion}`? (columns: {columns})");
    }

    public static ExperimentError CsvDuplicateColumn(Site at, string column) =>
        Make("NF2125", at, $"the CSV header names the column `{column}` more than once", "rename one of them so the experiment can tell which is meant");

    public static ExperimentError CsvRaggedRow(Site at, int fields, int expected) =>
        Make("NF2126", at, $"this row has {fields} fields, but the header has {expected}",
            "every row needs one value per header column; look for a missing or extra comma, or an unquoted comma inside a value");

    public static ExperimentError CsvNotANumber(Site at, string value, string column) =>
        Make("NF2127", at, value.Trim().Length == 0 ? $"`{column}` is empty, expected a number" : $"`{Shorten(value)}` in column `{column}` is not a number",
            "write finite numbers with a decimal point, e.g. 5.1 or -0.25 (no thousands separators, no NaN)");

    public static ExperimentError CsvBadField(Site at, string detail) =>
        Make("NF2128", at, $"the CSV text is malformed here: {detail}", "a value containing a quote must be quoted, with the quote doubled: \"5\"\" screen\"");

    public static ExperimentError CsvTooFewToSplit(Site at, string group, int rows, double fraction, int test) =>
        Make("NF2129", at, $"{group} has {rows} row{(rows == 1 ? "" : "s")}: a test fraction of {Num(fraction)} puts {test} of them in the test set, leaving {rows - test} to train on",
            "a stratified split needs at least one training and one test row per class: add rows, change data.csv.split.test, or leave out `split`");

    public static ExperimentError CsvUnknownClass(Site at, string label, IReadOnlyList<string> classes) =>
        Make("NF2130", at, $"the class `{Shorten(label)}` is not in data.csv.classes",
            DidYouMean.Suggest(label, classes) is { } s ? $"did you mean `{s}`? (classes: {Join(classes)})" : $"classes: {Join(classes)}; add it to the list");

    public static ExperimentError CsvEmptyClass(Site at, string column) =>
        Make("NF2131", at, $"the class in column `{column}` is empty", "every row needs a class name");

    public static ExperimentError CsvMoreProblems(Site at, int more) =>
        Make("NF2199", at, $"… and {more} more problem{(more == 1 ? "" : "s")} in this file, not shown", "fix the ones above and run again");

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "…";

    private static ExperimentError UnknownKind(string code, Site at, string what, string name, IEnumerable<string> known)
    {
        var list = known.ToList();
        var suggestion = DidYouMean.Suggest(name, list);
        return Make(code, at, $"unknown {what} `{name}`",
            suggestion is null ? $"known: {Join(list)}" : $"did you mean `{suggestion}`? (known: {Join(list)})");
    }

    private static ExperimentError Make(string code, Site at, string message, string? hint) =>
        new(code, at.File, at.Path, at.Line, at.Column, message, hint);

    private static string Join(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"`{n}`"));

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>"Did you mean": the closest allowed name by edit distance (optimal string alignment, ignoring case),
/// if it is close enough to be a plausible misspelling.</summary>
public static class DidYouMean
{
    public static string? Suggest(string typed, IReadOnlyCollection<string> allowed)
    {
        if (typed.Length > 64) return null;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var d = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) { best = candidate; bestDistance = d; }
        }
        var limit = Math.Max(1, Math.Min(3, (typed.Length + 2) / 4));
        return best is not null && bestDistance <= limit ? best : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
