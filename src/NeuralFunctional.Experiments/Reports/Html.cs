using System.Globalization;
using System.Reflection;
using System.Text;

namespace NeuralFunctional.Experiments.Reports;

/// <summary>What every report page is written with: escaping, numbers in the forms the page shows, and the page's
/// inlined style and script (embedded resources, so the page needs no network and no other file).</summary>
public static class Html
{
    /// <summary>Text safe inside an element or a double-quoted attribute.</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var b = new StringBuilder(text.Length + 16);
        foreach (var c in text)
            b.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        return b.ToString();
    }

    /// <summary>A value as the page shows it and hover tips name it: its shortest round-trip form (<c>0.1</c>,
    /// <c>1E-05</c>, <c>NaN</c>), the same text the output document holds.</summary>
    public static string Number(double value) => Doubles.Text(value);

    /// <summary>A value in a table cell: four significant digits for reading, the exact value in the cell's
    /// <c>data-value</c> (what sorting uses) and in its tip.</summary>
    public static string Short(double value) =>
        double.IsFinite(value) && value == Math.Floor(value) && Math.Abs(value) < 1e15 ? value.ToString("0", CultureInfo.InvariantCulture)
        : OutputDiffReport.Short(value);

    /// <summary>A hash as a page names it: its algorithm and first 12 hex digits (<c>sha256:9cc1c345c71b…</c>).</summary>
    public static string Hash(string hash) => hash.Length > 19 ? hash[..19] + "…" : hash;

    /// <summary>An integer in invariant form.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The page's style sheet.</summary>
    public static string Style => Resource("report.css");

    /// <summary>The page's script: hover tips, table sorting and filtering, choosing a sweep's metric.</summary>
    public static string Script => Resource("report.js");

    private static string Resource(string name)
    {
        using var stream = typeof(Html).Assembly.GetManifestResourceStream("reports/" + name)
            ?? throw new InvalidOperationException($"reports/{name} is not embedded in {typeof(Html).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }
}
