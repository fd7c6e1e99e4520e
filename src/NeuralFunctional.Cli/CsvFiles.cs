using System.Collections.Immutable;
using LanguageExt;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary>Reads the CSV file an experiment names (relative to the experiment file) and puts its rows in place with
/// <see cref="CsvData.Fill"/>. The one place the host touches CSV files; every command gets there through
/// <see cref="ExperimentFiles.LoadKind(string, IReadOnlyList{string})"/>.</summary>
public static class CsvFiles
{
    /// <summary>The experiment with its rows read, or the experiment unchanged when its data is inline.</summary>
    public static Validation<ExperimentError, Experiment> Attach(string experimentPath, Experiment e)
    {
        if (e.Data.Csv is not { } csv || !e.Data.AwaitsCsv) return Validation<ExperimentError, Experiment>.Success(e);
        return Read(experimentPath, csv).Bind(file => CsvData.Fill(e, file.Shown, file.Text));
    }

    /// <summary>Reads the CSV rows of an experiment recorded in the output document at <paramref name="outputPath"/>.
    /// The CSV path is relative to the experiment file, which a document does not name: by default a document lies in
    /// <c>out/</c> beside its experiment, so the folder above the document is tried first, then the document's own.</summary>
    public static Validation<ExperimentError, Experiment> AttachForOutput(string outputPath, Experiment e)
    {
        if (e.Data.Csv is not { } csv) return Validation<ExperimentError, Experiment>.Success(e);
        var folder = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        var above = Path.GetDirectoryName(folder) ?? folder;
        var from = File.Exists(Path.Combine(above, csv.Path)) ? above : folder;
        return Attach(Path.Combine(from, Path.GetFileName(outputPath)), e);
    }

    /// <summary>Every sweep variant of a CSV experiment with its rows read afresh, so that each variant's split is
    /// drawn from its own seed, exactly as <c>nf run --set seed=N</c> would draw it. Inline variants are unchanged.</summary>
    public static Validation<ExperimentError, ImmutableArray<Variant>> AttachVariants(string experimentPath, ImmutableArray<Variant> variants)
    {
        if (variants.IsEmpty || variants[0].Experiment.Data.Csv is not { } csv)
            return Validation<ExperimentError, ImmutableArray<Variant>>.Success(variants);
        return Read(experimentPath, csv).Bind(file =>
        {
            var attached = ImmutableArray.CreateBuilder<Variant>(variants.Length);
            foreach (var v in variants)
            {
                var unread = v.Experiment with { Data = v.Experiment.Data with { Train = new Dataset([]), Test = new Dataset([]) } };
                var filled = CsvData.Fill(unread, file.Shown, file.Text);
                if (filled.IsFail) return Validation<ExperimentError, ImmutableArray<Variant>>.Fail(filled.FailToSeq());
                attached.Add(v with { Experiment = filled.SuccessToSeq().Head() });
            }
            return Validation<ExperimentError, ImmutableArray<Variant>>.Success(attached.MoveToImmutable());
        });
    }

    /// <summary>The CSV file's text and the name messages show for it.</summary>
    private static Validation<ExperimentError, (string Shown, string Text)> Read(string experimentPath, CsvSource csv)
    {
        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(experimentPath))!, csv.Path));
        var shown = Shown(full);
        var at = new Site(experimentPath, "data.csv.path", null, null);
        if (!File.Exists(full)) return Fail<(string, string)>(ErrorCatalog.CsvNotFound(at, shown));
        try
        {
            return Validation<ExperimentError, (string, string)>.Success((shown, File.ReadAllText(full)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail<(string, string)>(ErrorCatalog.CsvUnreadable(at with { File = shown }, ex.Message));
        }
    }

    /// <summary>The path as messages show it: relative to the working folder when it is below it, else full.</summary>
    private static string Shown(string full)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
    }

    private static Validation<ExperimentError, T> Fail<T>(ExperimentError error) =>
        Validation<ExperimentError, T>.Fail(Seq.create(error));
}
