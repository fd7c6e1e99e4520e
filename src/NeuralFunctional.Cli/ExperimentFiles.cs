using LanguageExt;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary>Reads an experiment file from disk once, parses it into the kind it holds (<see cref="ExperimentKind"/>) and
/// reads the CSV file it names (if any, via <see cref="CsvFiles.Attach"/>): the experiment comes back ready to run. A
/// missing or unreadable file is an error value too.</summary>
public static class ExperimentFiles
{
    /// <summary>Reads the file once, parses it, applies the <c>--set path=value</c> <paramref name="overrides"/> and
    /// validates it as the kind it holds (<see cref="ExperimentKind"/>); a supervised experiment comes back with the CSV
    /// file it names read (<see cref="CsvFiles.Attach"/>).</summary>
    public static Validation<ExperimentError, ExperimentKind> LoadKind(string path, IReadOnlyList<string> overrides) =>
        Parse(path).Bind(tree => LoadKind(path, tree, overrides));

    /// <summary>The file's JSON tree (with line information), or why it cannot be read or is not JSON: read and parsed
    /// once, then given to whichever kind of experiment it holds.</summary>
    public static Validation<ExperimentError, JToken> Parse(string path) =>
        ReadText(path).Bind(text => ExperimentParser.ParseTree(path, text));

    /// <summary><see cref="LoadKind(string, IReadOnlyList{string})"/> of a file already parsed (<see cref="Parse"/>): the
    /// one place that decides an experiment file's kind.</summary>
    public static Validation<ExperimentError, ExperimentKind> LoadKind(string path, JToken tree, IReadOnlyList<string> overrides) =>
        ReinforcementExperiment.IsReinforcement(tree)
            ? Overrides.FromTree(tree, overrides, typeof(ReinforcementExperimentDto), changed => ReinforcementJson.FromTree(path, changed))
                .Map(e => (ExperimentKind)new ExperimentKind.Reinforcement(e))
        : CurvesExperiment.IsCurves(tree)
            ? Overrides.FromTree(tree, overrides, typeof(CurvesExperimentDto), changed => Curves.FromTree(path, changed))
                .Map(e => (ExperimentKind)new ExperimentKind.Curves(e))
        : Overrides.FromTree(path, tree, overrides).Bind(e => CsvFiles.Attach(path, e)).Map(e => (ExperimentKind)new ExperimentKind.Supervised(e));

    /// <summary>A supervised experiment file (the benchmarks' and tools' that train a network on data), or an error
    /// naming <paramref name="command"/> when the file holds another kind.</summary>
    public static Validation<ExperimentError, Experiment> LoadSupervised(string path, IReadOnlyList<string> overrides, string command) =>
        LoadKind(path, overrides).Bind(kind => kind is ExperimentKind.Supervised s
            ? Validation<ExperimentError, Experiment>.Success(s.Experiment)
            : Validation<ExperimentError, Experiment>.Fail(LanguageExt.Seq.create(
                ErrorCatalog.WrongExperimentKind(path, command, kind, "an experiment that trains a network on data"))));

    /// <summary>A file's text; a missing file, a folder or an unreadable file is an error value (NF0001–NF0003).</summary>
    public static Validation<ExperimentError, string> ReadText(string path)
    {
        if (Directory.Exists(path))
            return Validation<ExperimentError, string>.Fail(LanguageExt.Seq.create(
                ErrorCatalog.IsDirectory(path, "Give the path of a .json experiment file.")));
        if (!File.Exists(path))
            return Validation<ExperimentError, string>.Fail(LanguageExt.Seq.create(
                ErrorCatalog.NoSuchFile(path, "Check the path; shipped experiments are in experiments/.")));
        string text;
        try
        {
            ReadLog.Note(path);
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Validation<ExperimentError, string>.Fail(LanguageExt.Seq.create(
                ErrorCatalog.Unreadable(path, ex.Message)));
        }
        return Validation<ExperimentError, string>.Success(text);
    }

    /// <summary>The boundary of every command: <paramref name="then"/> of the value, or, when there are problems, all of
    /// them reported to <paramref name="stderr"/> and the exit code they call for (<see cref="ExitCode.For"/>).</summary>
    public static int Then<T>(this Validation<ExperimentError, T> value, TextWriter stderr, Func<T, int> then) =>
        value.Match(Succ: then, Fail: errors =>
        {
            Report(stderr, errors);
            return ExitCode.For(errors);
        });

    public static void Report(TextWriter stderr, IEnumerable<ExperimentError> errors)
    {
        var list = errors.ToList();
        foreach (var error in list) stderr.WriteLine(error.ToString());
        stderr.WriteLine(list.Count == 1 ? "1 problem; nothing was written." : $"{list.Count} problems; nothing was written.");
    }
}

/// <summary>The files <see cref="ExperimentFiles.ReadText"/> reads (experiments and output documents) while a caller
/// watches, in this flow of execution only (parallel callers each see their own): how the tests check that every
/// command reads its files once.</summary>
internal static class ReadLog
{
    private static readonly AsyncLocal<List<string>?> Current = new();

    /// <summary>Runs <paramref name="action"/> and returns its result with the full paths read during it, in order.</summary>
    public static (T Result, IReadOnlyList<string> Reads) Watch<T>(Func<T> action)
    {
        var previous = Current.Value;
        var log = new List<string>();
        Current.Value = log;
        try { return (action(), log); }
        finally { Current.Value = previous; }
    }

    /// <summary>Notes a read of <paramref name="path"/> when someone watches.</summary>
    public static void Note(string path)
    {
        if (Current.Value is not { } log) return;
        lock (log) log.Add(Path.GetFullPath(path));
    }
}
