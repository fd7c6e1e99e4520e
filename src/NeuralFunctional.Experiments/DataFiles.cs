using System.Security.Cryptography;
using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>The <c>dataFiles</c> section of an output document: each data file the run read (<see cref="DataFile"/>),
/// written after <c>experiment</c> and only when the run read one (an experiment with inline rows has none, and its
/// document is as before). No folder is recorded: the same experiment gives the same bytes wherever it lies.</summary>
public static class DataFiles
{
    /// <summary>The key of the section.</summary>
    public const string Key = "dataFiles";

    /// <summary><c>sha256:</c> and the lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The data files <paramref name="e"/> read (none for inline rows).</summary>
    public static ImmutableArray<DataFile> Of(Experiment e) => e.Data.Csv?.File is { } f ? [f] : [];

    /// <summary>Writes the section when there is anything to record.</summary>
    internal static void To(IJsonSink sink, Experiment e)
    {
        var files = Of(e);
        if (files.IsEmpty) return;
        sink.Property(Key);
        sink.Token(Json(files));
    }

    /// <summary>The section's value: one object per file (path, bytes, sha256, rows).</summary>
    public static JArray Json(IEnumerable<DataFile> files) =>
        new(files.Select(f => new JObject
        {
            [f.Dataset is null ? "path" : "dataset"] = f.Dataset ?? f.Path, ["bytes"] = f.Bytes, ["sha256"] = f.Sha256, ["rows"] = f.Rows,
        }));

    /// <summary>The section of a document as records (empty when the document has none: written before outputs recorded
    /// their data, or with inline rows); a malformed section is an error naming its path.</summary>
    public static Validation<ExperimentError, ImmutableArray<DataFile>> Read(string file, JObject doc)
    {
        if (doc[Key] is not { } token) return Success<ExperimentError, ImmutableArray<DataFile>>([]);
        if (token is not JArray array)
            return Fail<ExperimentError, ImmutableArray<DataFile>>(Shape(file, token, Key, "the data files read (an array)"));
        var files = ImmutableArray.CreateBuilder<DataFile>();
        var errors = new List<ExperimentError>();
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{Key}[{i}]";
            if (array[i] is JObject o && (o["path"] ?? o["dataset"]) is JValue { Type: JTokenType.String } where && o["bytes"] is JValue { Type: JTokenType.Integer } bytes
                && o["sha256"] is JValue { Type: JTokenType.String } sha && ((string)sha!).StartsWith("sha256:", StringComparison.Ordinal)
                && o["rows"] is JValue { Type: JTokenType.Integer } rows)
                files.Add(o["path"] is not null
                    ? new DataFile((string)where!, (long)bytes, (string)sha!, (int)rows)
                    : new DataFile("", (long)bytes, (string)sha!, (int)rows) { Dataset = (string)where! });
            else
                errors.Add(Shape(file, array[i], at, "a data file: `path` or `dataset` (a string), `bytes` and `rows` (integers), `sha256` (sha256: and hex)"));
        }
        return errors.Count == 0 ? Success<ExperimentError, ImmutableArray<DataFile>>(files.ToImmutable()) : Fail<ExperimentError, ImmutableArray<DataFile>>(toSeq(errors));
    }

    private static ExperimentError Shape(string file, JToken token, string path, string expected)
    {
        var (line, column) = SourcePositions.Of(token);
        return ErrorCatalog.OutputShape(new Site(file, path, line, column), expected, token.Type.ToString().ToLowerInvariant());
    }
}
