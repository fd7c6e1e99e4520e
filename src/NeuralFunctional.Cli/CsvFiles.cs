using LanguageExt;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary>Reads the CSV file an experiment names (relative to the experiment file) and puts its rows in place with
/// <see cref="CsvData.Fill"/>. The one place the host touches CSV files; every command gets there through
/// <see cref="ExperimentFiles.Load(string)"/>.</summary>
public static class CsvFiles
{
    /// <summary>The experiment with its rows read, or the experiment unchanged when its data is inline.</summary>
    public static Validation<ExperimentError, Experiment> Attach(string experimentPath, Experiment e)
    {
        if (e.Data.Csv is not { } csv || !e.Data.AwaitsCsv) return Validation<ExperimentError, Experiment>.Success(e);
        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(experimentPath))!, csv.Path));
        var shown = Shown(full);
        var at = new Site(experimentPath, "data.csv.path", null, null);
        if (!File.Exists(full)) return Fail(ErrorCatalog.CsvNotFound(at, shown));
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(ErrorCatalog.CsvUnreadable(at with { File = shown }, ex.Message));
        }
        return CsvData.Fill(e, shown, text);
    }

    /// <summary>The path as messages show it: relative to the working folder when it is below it, else full.</summary>
    private static string Shown(string full)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
    }

    private static Validation<ExperimentError, Experiment> Fail(ExperimentError error) =>
        Validation<ExperimentError, Experiment>.Fail(Seq.create(error));
}
