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
        return Read(experimentPath, csv).Bind(file => Fill(e, file));
    }

    /// <summary><see cref="CsvData.Fill"/>, and the file as read recorded on the experiment (<see cref="DataFile"/>).</summary>
    private static Validation<ExperimentError, Experiment> Fill(Experiment e, CsvRead file) =>
        CsvData.Fill(e, file.Shown, file.Text).Map(filled => filled with
        {
            Data = filled.Data with
            {
                Csv = filled.Data.Csv! with
                {
                    File = new DataFile(filled.Data.Csv.Path, file.Bytes, file.Sha256, filled.Data.Rows is DataRows.Features f ? f.Train.Count + f.Test.Count : 0)
                    {
                        Dataset = filled.Data.Csv.Dataset,
                    },
                },
            },
        });

    /// <summary>Reads the CSV rows of an experiment recorded in the output document at <paramref name="outputPath"/>.
    /// The CSV path is relative to the experiment file, which a document does not name (its bytes do not depend on where
    /// files lie), so it is looked for: with <paramref name="dataDir"/> (<c>--data DIR</c>) as DIR/PATH, then the file's
    /// name in DIR; otherwise PATH from the document's folder and from each folder above it (a document written to
    /// <c>out/</c> or <c>expected/</c> beside its experiment finds it one level up). When the document records the file
    /// (<paramref name="recorded"/>, its <c>dataFiles</c>), the first candidate with the recorded SHA-256 is read, and
    /// a candidate with other bytes is reported as changed (NF2009) before anything runs; no candidate at all is NF2010.</summary>
    public static Validation<ExperimentError, Experiment> AttachForOutput(string outputPath, Experiment e, IReadOnlyList<DataFile> recorded, string? dataDir)
    {
        if (e.Data.Csv is not { } csv || !e.Data.AwaitsCsv) return Validation<ExperimentError, Experiment>.Success(e);
        if (csv.Dataset is { } name)
        {
            // Inside nf: nothing to look for. A recorded hash that differs means the output came from another build's copy.
            var builtIn = BuiltIn(name);
            var recordedBuiltIn = recorded.FirstOrDefault(r => r.Dataset == name);
            return recordedBuiltIn is null || recordedBuiltIn.Sha256 == builtIn.Sha256
                ? Fill(e, builtIn)
                : Fail<Experiment>(ErrorCatalog.DataChanged(new Site(builtIn.Shown, "data.csv.dataset", null, null), outputPath,
                    recordedBuiltIn.Sha256, recordedBuiltIn.Bytes, builtIn.Sha256, builtIn.Bytes));
        }
        var at = new Site(outputPath, "data.csv.path", null, null); // under `experiment` (the callers prefix it)
        var record = recorded.FirstOrDefault(r => r.Dataset is null && r.Path == csv.Path);
        var candidates = Candidates(outputPath, csv.Path, dataDir).Distinct().Where(File.Exists).ToList();
        if (candidates.Count == 0)
            return Fail<Experiment>(ErrorCatalog.OutputDataNotFound(at, csv.Path,
                dataDir is null ? $"from {Shown(Path.GetDirectoryName(Path.GetFullPath(outputPath))!)} and every folder above it" : $"in {Shown(Path.GetFullPath(dataDir))}",
                dataDir is not null));
        // The first candidate whose bytes are the recorded ones (any, without a record), read in order until found;
        // else the data changed (shown against the first one read).
        Validation<ExperimentError, Experiment> From(int i, CsvRead? other) =>
            i == candidates.Count
                ? Fail<Experiment>(ErrorCatalog.DataChanged(at with { File = other!.Shown }, outputPath, record!.Sha256, record.Bytes, other.Sha256, other.Bytes))
                : ReadFile(candidates[i], at).Bind(file => record is null || file.Sha256 == record.Sha256 ? Fill(e, file) : From(i + 1, other ?? file));
        return From(0, null);
    }

    /// <summary>Where <see cref="AttachForOutput"/> looks, in order (full paths).</summary>
    private static IEnumerable<string> Candidates(string outputPath, string csvPath, string? dataDir)
    {
        if (dataDir is not null)
        {
            yield return Path.GetFullPath(Path.Combine(dataDir, csvPath));
            yield return Path.GetFullPath(Path.Combine(dataDir, Path.GetFileName(csvPath)));
            yield break;
        }
        for (var folder = Path.GetDirectoryName(Path.GetFullPath(outputPath)); folder is not null; folder = Path.GetDirectoryName(folder))
            yield return Path.GetFullPath(Path.Combine(folder, csvPath));
    }

    /// <summary>Every sweep variant of a CSV experiment with its rows read afresh, so that each variant's split is
    /// drawn from its own seed, exactly as <c>nf run --set seed=N</c> would draw it. Inline variants are unchanged.</summary>
    public static Validation<ExperimentError, ImmutableArray<Variant>> AttachVariants(string experimentPath, ImmutableArray<Variant> variants)
    {
        if (variants.IsEmpty || variants[0].Experiment.Data.Csv is not { } csv)
            return Validation<ExperimentError, ImmutableArray<Variant>>.Success(variants);
        // Variant by variant, stopping at the first that does not fit its rows (the others would say the same).
        return Read(experimentPath, csv).Bind(file => variants.Aggregate(
            Validation<ExperimentError, ImmutableArray<Variant>>.Success([]),
            (attached, v) => attached.Bind(done =>
                Fill(v.Experiment with { Data = v.Experiment.Data with { Rows = new DataRows.Features(new Dataset([]), new Dataset([])) } }, file)
                    .Map(filled => done.Add(v with { Experiment = filled })))));
    }

    /// <summary>A CSV file as read: the name messages show for it, its text, its size and its SHA-256.</summary>
    private sealed record CsvRead(string Shown, string Text, long Bytes, string Sha256);

    /// <summary>The CSV file <paramref name="csv"/> names, relative to the experiment file's folder, or the built-in
    /// dataset it names.</summary>
    private static Validation<ExperimentError, CsvRead> Read(string experimentPath, CsvSource csv)
    {
        if (csv.Dataset is { } name) return Validation<ExperimentError, CsvRead>.Success(BuiltIn(name));
        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(experimentPath))!, csv.Path));
        var at = new Site(experimentPath, "data.csv.path", null, null);
        return File.Exists(full) ? ReadFile(full, at)
            : Directory.Exists(full) ? Fail<CsvRead>(ErrorCatalog.CsvIsFolder(at, Shown(full)))
            : Fail<CsvRead>(ErrorCatalog.CsvNotFound(at, Shown(full)));
    }

    /// <summary>A built-in dataset's bytes (the experiment's rules made sure the name is one), as a file is read.</summary>
    private static CsvRead BuiltIn(string name)
    {
        var bytes = BuiltInDatasets.Find(name)!.Bytes();
        return new CsvRead($"dataset:{name}", System.Text.Encoding.UTF8.GetString(bytes), bytes.LongLength, DataFiles.Sha256(bytes));
    }

    /// <summary>The file at <paramref name="full"/> (which exists): its bytes hashed, then decoded as UTF-8 (a byte order
    /// mark skipped).</summary>
    private static Validation<ExperimentError, CsvRead> ReadFile(string full, Site at)
    {
        var shown = Shown(full);
        try
        {
            var bytes = File.ReadAllBytes(full);
            using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Validation<ExperimentError, CsvRead>.Success(new CsvRead(shown, reader.ReadToEnd(), bytes.LongLength, DataFiles.Sha256(bytes)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail<CsvRead>(ErrorCatalog.CsvUnreadable(at with { File = shown }, ex.Message));
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
