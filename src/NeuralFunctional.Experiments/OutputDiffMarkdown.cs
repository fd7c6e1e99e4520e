using System.Globalization;
using System.Text;
using static NeuralFunctional.Experiments.OutputDiffReport;

namespace NeuralFunctional.Experiments;

/// <summary>The Markdown report of a comparison, to paste into a report or a pull request: a verdict line, then one
/// table per part (configuration, metrics, trace side by side, predictions, parameters).</summary>
public static class OutputDiffMarkdown
{
    public static string Render(OutputComparison c, string labelA, string labelB)
    {
        var sb = new StringBuilder();
        sb.Append($"## nf diff: A = `{labelA}`, B = `{labelB}`\n\n");
        sb.Append($"**{Cell(Verdict(c))}**");
        if (c.Tolerance > 0) sb.Append($" (tolerance {Number(c.Tolerance)}: |a − b| ≤ T·max(1, |a|, |b|) counts as equal)");
        sb.Append("\n\n### Configuration\n\n");
        if (c.ConfigChanges.IsEmpty) sb.Append("Identical.\n");
        else Table(sb, ["path", "A", "B"], c.ConfigChanges.Select(x => new[] { $"`{x.Path}`", x.A is null ? "(absent)" : $"`{Json(x.A)}`", x.B is null ? "(absent)" : $"`{Json(x.B)}`" }));
        if (c.Data is { } data)
        {
            sb.Append("\n### Data\n\n");
            if (data.Changes.IsEmpty) sb.Append($"Identical ({Count(data.FilesA, "file")}).\n");
            else Table(sb, ["path", "A", "B"], data.Changes.Select(x => new[] { $"`{x.Path}`", x.A is null ? "(absent)" : $"`{Json(x.A)}`", x.B is null ? "(absent)" : $"`{Json(x.B)}`" }));
        }

        if (!c.Metrics.IsEmpty)
        {
            sb.Append("\n### Metrics (final)\n\n");
            Table(sb, ["metric", "A", "B", "B − A"], c.Metrics.Select(m => new[] { m.Name, Optional(m.A), Optional(m.B), Change(m.A, m.B) }));
        }

        if (!c.Trace.Points.IsEmpty) Trace(sb, c.Trace);
        if (c.Predictions.Compared > 0) Predictions(sb, c.Predictions);

        if (!c.Sections.IsEmpty)
        {
            sb.Append("\n### Other values\n\n");
            Table(sb, ["section", "values", "changed", "max \\|B − A\\|"], c.Sections.Select(s => new[]
            {
                s.Name, s.Values.ToString(CultureInfo.InvariantCulture),
                s.ShapeDiffers ? "shape differs" : s.Changed.ToString(CultureInfo.InvariantCulture), Short(s.MaxAbsDiff),
            }));
        }
        if (!c.OutcomeChanges.IsEmpty)
        {
            sb.Append("\n### Outcome\n\n");
            Table(sb, ["field", "A", "B"], c.OutcomeChanges.Select(o => new[] { $"`{o.Path}`", $"`{Json(o.A, 80)}`", $"`{Json(o.B, 80)}`" }));
        }
        return sb.ToString();
    }

    private static void Trace(StringBuilder sb, TraceComparison t)
    {
        sb.Append("\n### Trace\n\n");
        if (t.Identical) sb.Append($"Identical ({Count(t.CommonEpochs, "recorded epoch")}).\n");
        else
        {
            sb.Append(t.FirstDivergentEpoch is { } e
                ? $"First divergent epoch: **{e}** ({t.Field} {Optional(t.AAtDivergence)} → {Optional(t.BAtDivergence)}{Ulps(t)}). "
                : "The values agree on every common epoch, but the traces record different epochs. ");
            sb.Append($"Over {Count(t.CommonEpochs, "common epoch")}: max \\|B − A\\| {Short(t.MaxAbsDiff)}, max relative {Short(t.MaxRelDiff)}.\n\n");
            var shown = TraceRows(t.Points, t.FirstDivergentEpoch);
            var rows = new List<string[]>();
            for (var i = 0; i < shown.Length; i++)
            {
                if (i > 0 && shown[i] != shown[i - 1] + 1) rows.Add(["…", "", "", ""]);
                var p = t.Points[shown[i]];
                rows.Add([p.Epoch.ToString(CultureInfo.InvariantCulture), Optional(p.A), Optional(p.B), Change(p.A, p.B)]);
            }
            Table(sb, ["epoch", "A loss", "B loss", "B − A"], rows);
        }
    }

    private static void Predictions(StringBuilder sb, PredictionComparison pr)
    {
        sb.Append("\n### Predictions\n\n");
        if (pr.Changed.IsEmpty) sb.Append($"Identical ({Count(pr.Compared, "row")}).\n");
        else
        {
            sb.Append($"{pr.Changed.Length} of {Count(pr.Compared, "row")} changed.\n\n");
            Table(sb, ["set", "id", "A", "B", "B − A", "note"], pr.Changed.Select(p => new[]
            {
                p.Set, p.Id, Vector(p.A), Vector(p.B), p.A is { Length: 1 } a && p.B is { Length: 1 } b ? Change(a[0], b[0]) : "", Note(p),
            }));
        }
    }

    private static void Table(StringBuilder sb, string[] header, IEnumerable<string[]> rows)
    {
        sb.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
        sb.Append('|').Append(string.Concat(header.Select(_ => " --- |"))).Append('\n');
        foreach (var row in rows) sb.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
    }

    /// <summary>A table cell: pipes escaped so they do not split the cell.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
