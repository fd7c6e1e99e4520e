using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>How a comparison is written: a plain-text table for terminals and logs, JSON for tools, Markdown for reports.</summary>
public enum ReportFormat { Text, Json, Markdown }

/// <summary>Writes an <see cref="OutputComparison"/> in a <see cref="ReportFormat"/>, and holds the formatting rules the
/// three share: how values print, which trace rows a side-by-side shows, the one-line verdict.</summary>
public static partial class OutputDiffReport
{
    /// <summary>The most trace rows a side-by-side shows: the first two, six around the first divergence, the last two.</summary>
    public const int MaxTraceRows = 12;

    public static string Render(ReportFormat format, OutputComparison c, string labelA, string labelB) => format switch
    {
        ReportFormat.Text => OutputDiffText.Render(c, labelA, labelB),
        ReportFormat.Markdown => OutputDiffMarkdown.Render(c, labelA, labelB),
        ReportFormat.Json => CanonicalJson.Write(OutputDiffJson.Build(c, labelA, labelB)),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>One line: <c>identical</c>, or what differs (configuration, trace, predictions, parameters, outcome).</summary>
    public static string Verdict(OutputComparison c)
    {
        if (c.Identical)
            return c.Tolerance == 0 ? "identical: every compared value is bit-equal"
                : $"identical within tolerance {Number(c.Tolerance)}";
        var parts = new List<string>();
        if (c.Data is { Changes.IsEmpty: false } data) parts.Add("the data differs (" + string.Join(", ", data.Changes.Select(x => x.Path)) + ")");
        if (!c.ConfigChanges.IsEmpty) parts.Add(Count(c.ConfigChanges.Length, "configuration change"));
        if (c.Trace.FirstDivergentEpoch is { } epoch) parts.Add($"first divergent epoch {epoch} ({c.Trace.Field} {Optional(c.Trace.AAtDivergence)} → {Optional(c.Trace.BAtDivergence)}{Ulps(c.Trace)})");
        else if (!c.Trace.Identical) parts.Add("the traces record different epochs");
        if (c.Metrics.Any(m => !m.Equal)) parts.Add(Count(c.Metrics.Count(m => !m.Equal), "metric") + " changed");
        if (!c.Predictions.Changed.IsEmpty) parts.Add(Count(c.Predictions.Changed.Length, "prediction") + " changed");
        var crossed = c.Predictions.Changed.Count(p => p.CrossedHalf == true || p.ClassChanged == true);
        if (crossed > 0) parts.Add($"{crossed} crossed 0.5");
        foreach (var section in c.Sections.Where(p => !p.Equal))
            parts.Add(section.ShapeDiffers ? $"{section.Name} differ in shape" : $"{section.Name}: {section.Changed} of {section.Values} values differ");
        var outcome = c.OutcomeChanges.Select(o => o.Path).Distinct().ToList();
        if (outcome.Count > 0) parts.Add(string.Join(", ", outcome) + (outcome.Count == 1 ? " differs" : " differ"));
        return "differs: " + string.Join("; ", parts);
    }

    /// <summary>The indices of <paramref name="points"/> a side-by-side shows (all of them when there are at most
    /// <see cref="MaxTraceRows"/>): the first two, from two before to three after the first divergence, the last two.</summary>
    public static ImmutableArray<int> TraceRows(ImmutableArray<TracePair> points, int? divergentEpoch)
    {
        var n = points.Length;
        if (n <= MaxTraceRows) return [.. Enumerable.Range(0, n)];
        var d = divergentEpoch is { } e ? points.IndexOf(points.First(p => p.Epoch == e)) : n / 2;
        return [.. new[] { 0, 1, n - 2, n - 1 }.Concat(Enumerable.Range(d - 2, 6)).Where(i => i >= 0 && i < n).Distinct().Order()];
    }

    /// <summary>A double in shortest round-trip form (every digit that matters for reproducibility).</summary>
    public static string Number(double value) => Doubles.Text(value);

    /// <summary>A difference, to four significant digits (<c>=</c> when bit-equal).</summary>
    public static string Change(double? a, double? b) =>
        a is { } x && b is { } y
            ? BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) ? "=" : Short(y - x)
            : "";

    public static string Short(double value) =>
        double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : Doubles.Text(value);

    public static string Optional(double? value) => value is { } v ? Number(v) : "—";

    public static string Vector(ImmutableArray<double>? values) =>
        values is not { } v ? "—" : v.Length == 1 ? Number(v[0]) : "[" + string.Join(", ", v.Select(Number)) + "]";

    /// <summary>A JSON value on one line, shortened to <paramref name="max"/> characters with an ellipsis.</summary>
    public static string Json(JToken? token, int max = 48)
    {
        if (token is null) return "(absent)";
        var text = WhiteSpace().Replace(CanonicalJson.Write(token).TrimEnd('\n'), " ");
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }

    /// <summary>The ulps at the first divergence, when known: <c>, 3 ulps apart</c>.</summary>
    public static string Ulps(TraceComparison t) =>
        t.UlpAtFirstDivergence is { } u ? $", {u.ToString(CultureInfo.InvariantCulture)} {(u == 1 ? "ulp" : "ulps")} apart" : "";

    public static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>The note on a changed prediction: whether the decision flipped.</summary>
    public static string Note(PredictionChange p) =>
        p.A is null ? "only in B" : p.B is null ? "only in A"
        : p.CrossedHalf == true ? "crossed 0.5" : p.ClassChanged == true ? "class changed" : "";

    [GeneratedRegex(@"\n\s*")]
    private static partial Regex WhiteSpace();
}
