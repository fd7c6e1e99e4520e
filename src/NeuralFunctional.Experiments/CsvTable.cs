using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace NeuralFunctional.Experiments;

/// <summary>One data row of a CSV file: its 1-based data row number (the header is row 0), the line it starts on,
/// its raw text (to locate fields) and its fields. Lives only while it is looked at: rows are streamed.</summary>
internal sealed record CsvRecord(int Number, int Line, string Raw, string[] Fields);

/// <summary>A CSV file's header, and its rows of text fields streamed one at a time with positions for messages
/// (<see cref="Records"/>: no row is kept, so a file of millions of rows costs only what the caller keeps of it).
/// Read with CsvHelper's parser (RFC 4180: comma-separated, double-quoted fields may hold commas, quotes and line
/// breaks); blank lines are skipped. Fields stay text here; <see cref="CsvData"/> decides what each column means.</summary>
internal sealed record CsvTable(string File, IReadOnlyList<string> Header, string Text)
{
    private static CsvConfiguration Config(Action<BadDataFoundArgs> bad) => new(CultureInfo.InvariantCulture)
    {
        BadDataFound = args => bad(args),
        IgnoreBlankLines = true,
        DetectDelimiter = false,
        Delimiter = ",",
    };

    /// <summary>The file's header (the first record), or why there is none.</summary>
    public static (CsvTable? Table, List<ExperimentError> Errors) Read(string file, string text)
    {
        var errors = new List<ExperimentError>();
        using var parser = new CsvParser(new StringReader(text), Config(_ => { }));
        if (!parser.Read()) { errors.Add(ErrorCatalog.CsvEmpty(new Site(file, "", 1, 1))); return (null, errors); }
        var header = (parser.Record ?? []).Select(f => f.Trim()).ToArray();
        return (new CsvTable(file, header, text), errors);
    }

    /// <summary>The data rows in file order, parsed as they are asked for; a row with a stray quote or another number
    /// of fields than the header is reported in <paramref name="errors"/> and not given; no row at all is an error too.</summary>
    public IEnumerable<CsvRecord> Records(List<ExperimentError> errors)
    {
        var bad = new List<(int Line, string Field)>();
        using var parser = new CsvParser(new StringReader(Text), Config(args => bad.Add((args.Context.Parser?.RawRow ?? 0, args.Field))));
        var number = -1;
        while (parser.Read())
        {
            var fields = parser.Record ?? [];
            var raw = parser.RawRecord;
            var line = parser.RawRow - Newlines(raw.TrimEnd('\r', '\n'));
            if (++number == 0) continue; // the header
            var row = new CsvRecord(number, line, raw, fields);
            if (fields.Length != Header.Count) errors.Add(ErrorCatalog.CsvRaggedRow(RowSite(row), fields.Length, Header.Count));
            else yield return row;
        }
        foreach (var (line, field) in bad)
            errors.Add(ErrorCatalog.CsvBadField(new Site(File, "", line, null), $"a quote in the unquoted value `{field.Trim()}`"));
        if (number < 1) errors.Add(ErrorCatalog.CsvNoRows(new Site(File, "", 1, 1)));
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
