using LanguageExt;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary>Reads an experiment file from disk, parses it and reads the CSV file it names (if any): the experiment
/// comes back ready to run. A missing or unreadable file is an error value too.</summary>
public static class ExperimentFiles
{
    public static Validation<ExperimentError, Experiment> Load(string path) =>
        ReadText(path).Bind(text => ExperimentParser.Parse(path, text)).Bind(e => CsvFiles.Attach(path, e));

    /// <summary>Reads and parses either kind of experiment file: a network experiment, or a curves experiment
    /// (a root <c>curves</c> section).</summary>
    public static Validation<ExperimentError, Either<CurvesExperiment, Experiment>> LoadAny(string path) =>
        ReadText(path).Bind(text => ExperimentParser.ParseTree(path, text)).Bind(tree =>
            CurvesExperiment.IsCurves(tree)
                ? Curves.FromTree(path, tree).Map(Either<CurvesExperiment, Experiment>.Left)
                : ExperimentParser.FromTree(path, tree).Bind(e => CsvFiles.Attach(path, e)).Map(Either<CurvesExperiment, Experiment>.Right));

    private static Validation<ExperimentError, string> ReadText(string path)
    {
        if (Directory.Exists(path))
            return Validation<ExperimentError, string>.Fail(LanguageExt.Seq.create(
                new ExperimentError("NF0002", path, "", null, null, "is a directory, not an experiment file.", "Give the path of a .json experiment file.")));
        if (!File.Exists(path))
            return Validation<ExperimentError, string>.Fail(LanguageExt.Seq.create(
                new ExperimentError("NF0001", path, "", null, null, "no such file.", "Check the path; shipped experiments are in experiments/.")));
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Validation<ExperimentError, string>.Fail(LanguageExt.Seq.create(
                new ExperimentError("NF0003", path, "", null, null, $"cannot be read: {ex.Message}", null)));
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
