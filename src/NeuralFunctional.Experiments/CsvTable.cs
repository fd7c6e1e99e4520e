using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace NeuralFunctional.Experiments;

/// <summary>One data row of a CSV file: its 1-based data row number (the header is row 0), the line it starts on,
/// its raw text (to locate fields) and its fields.</summary>
internal sealed record CsvRecord(int Number, int Line, string Raw, string[] Fields);

/// <summary>A CSV file read into a header and rows of text fields, with positions for messages. Read with CsvHelper's
/// parser (RFC 4180: comma-separated, double-quoted fields may hold commas, quotes and line breaks); blank lines are
/// skipped. Fields stay text here; <see cref="CsvData"/> decides what each column means.</summary>
internal sealed record CsvTable(string File, IReadOnlyList<string> Header, IReadOnlyList<CsvRecord> Rows)
{
    public static (CsvTable? Table, List<ExperimentError> Errors) Read(string file, string text)
    {
        var errors = new List<ExperimentError>();
        var bad = new List<(int Line, string Field)>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = args => bad.Add((args.Context.Parser?.RawRow ?? 0, args.Field)),
            IgnoreBlankLines = true,
            DetectDelimiter = false,
            Delimiter = ",",
        };
        using var parser = new CsvParser(new StringReader(text), config);
        string[]? header = null;
        var rows = new List<CsvRecord>();
        while (parser.Read())
        {
            var fields = parser.Record ?? [];
            var raw = parser.RawRecord;
            var line = parser.RawRow - Newlines(raw.TrimEnd('\r', '\n'));
            if (header is null) { header = fields.Select(f => f.Trim()).ToArray(); continue; }
            rows.Add(new CsvRecord(rows.Count + 1, line, raw, fields));
        }
        foreach (var (line, field) in bad)
            errors.Add(ErrorCatalog.CsvBadField(new Site(file, "", line, null), $"a quote in the unquoted value `{field.Trim()}`"));
        if (header is null) { errors.Add(ErrorCatalog.CsvEmpty(new Site(file, "", 1, 1))); return (null, errors); }
        if (rows.Count == 0) { errors.Add(ErrorCatalog.CsvNoRows(new Site(file, "", 1, 1))); return (null, errors); }
        var table = new CsvTable(file, header, rows);
        foreach (var row in rows)
            if (row.Fields.Length != header.Length)
                errors.Add(ErrorCatalog.CsvRaggedRow(table.RowSite(row), row.Fields.Length, header.Length));
        return (table, errors);
    }

    /// <summary>Index of each header name, or an error at the header for a name that is missing or given twice.</summary>
    public int? Column(string name, string experimentPath, List<ExperimentError> errors)
    {
        var first = -1;
        var count = 0;
        for (var i = 0; i < Header.Count; i++)
            if (Header[i] == name) { if (count++ == 0) first = i; }
        if (count == 1) return first;
        var at = new Site(File, experimentPath, 1, count == 0 ? 1 : FieldColumn(HeaderRaw(), first));
        errors.Add(count == 0 ? ErrorCatalog.CsvMissingColumn(at, name, Header) : ErrorCatalog.CsvDuplicateColumn(at, name));
        return null;
    }

    /// <summary>The site of a whole row: <c>row N</c>, its line.</summary>
    public Site RowSite(CsvRecord row) => new(File, $"row {row.Number}", row.Line, 1);

    /// <summary>The site of one field: <c>row N, column `name`</c>, its line and character column.</summary>
    public Site FieldSite(CsvRecord row, int field)
    {
        var offset = FieldOffset(row.Raw, field);
        var before = row.Raw[..offset];
        var lineStart = before.LastIndexOf('\n') + 1;
        return new Site(File, $"row {row.Number}, column `{Header[field]}`", row.Line + Newlines(before), offset - lineStart + 1);
    }

    private string HeaderRaw() => string.Join(",", Header);

    private static int FieldColumn(string raw, int field) => FieldOffset(raw, field) + 1;

    /// <summary>Where field <paramref name="field"/> starts in the raw record: after that many commas outside quotes.</summary>
    private static int FieldOffset(string raw, int field)
    {
        var quoted = false;
        var seen = 0;
        for (var i = 0; i < raw.Length && seen < field; i++)
        {
            if (raw[i] == '"') quoted = !quoted;
            else if (raw[i] == ',' && !quoted && ++seen == field) return i + 1;
        }
        return field == 0 ? 0 : raw.Length;
    }

    private static int Newlines(string s) => s.Count(c => c == '\n');
}
