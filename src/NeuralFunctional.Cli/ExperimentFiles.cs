using LanguageExt;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary>Reads an experiment file from disk, parses it and reads the CSV file it names (if any, via
/// <see cref="CsvFiles.Attach"/>): the experiment comes back ready to run. A missing or unreadable file is an error
/// value too.</summary>
public static class ExperimentFiles
{
    /// <summary>Reads and parses the experiment at <paramref name="path"/> as written.</summary>
    public static Validation<ExperimentError, Experiment> Load(string path) => Load(path, []);

    /// <summary>Reads the experiment at <paramref name="path"/>, applies the <c>--set path=value</c>
    /// <paramref name="overrides"/> in order, and validates the result (problems an override causes name it).</summary>
    public static Validation<ExperimentError, Experiment> Load(string path, IReadOnlyList<string> overrides) =>
        ReadText(path).Bind(text => Overrides.Parse(path, text, overrides)).Bind(e => CsvFiles.Attach(path, e));

    /// <summary>Reads and parses either kind of experiment file: a network experiment, or a curves experiment
    /// (a root <c>curves</c> section).</summary>
    public static Validation<ExperimentError, Either<CurvesExperiment, Experiment>> LoadAny(string path) => LoadAny(path, []);

    /// <summary><see cref="LoadAny(string)"/> with <c>--set path=value</c> overrides, checked against the file's kind.</summary>
    public static Validation<ExperimentError, Either<CurvesExperiment, Experiment>> LoadAny(string path, IReadOnlyList<string> overrides) =>
        Parse(path).Bind(tree => LoadAny(path, tree, overrides));

    /// <summary>The file's JSON tree (with line information), or why it cannot be read or is not JSON: read and parsed
    /// once, then given to whichever kind of experiment it holds.</summary>
    public static Validation<ExperimentError, JToken> Parse(string path) =>
        ReadText(path).Bind(text => ExperimentParser.ParseTree(path, text));

    /// <summary><see cref="LoadAny(string, IReadOnlyList{string})"/> of a file already parsed (<see cref="Parse"/>).</summary>
    public static Validation<ExperimentError, Either<CurvesExperiment, Experiment>> LoadAny(string path, JToken tree, IReadOnlyList<string> overrides) =>
        CurvesExperiment.IsCurves(tree)
            ? Overrides.FromTree(tree, overrides, typeof(CurvesExperimentDto), changed => Curves.FromTree(path, changed)).Map(Either<CurvesExperiment, Experiment>.Left)
            : Overrides.FromTree(path, tree, overrides).Bind(e => CsvFiles.Attach(path, e)).Map(Either<CurvesExperiment, Experiment>.Right);

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
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Validation<ExperimentError, string>.Fail(LanguageExt.Seq.create(
                ErrorCatalog.Unreadable(path, ex.Message)));
        }
        return Validation<ExperimentError, string>.Success(text);
    }

    public static void Report(TextWriter stderr, IEnumerable<ExperimentError> errors)
    {
        var list = errors.ToList();
        foreach (var error in list) stderr.WriteLine(error.ToString());
        stderr.WriteLine(list.Count == 1 ? "1 problem; nothing was written." : $"{list.Count} problems; nothing was written.");
    }
}
