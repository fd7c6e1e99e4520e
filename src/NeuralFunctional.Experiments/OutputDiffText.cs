using System.Globalization;
using System.Text;
using static NeuralFunctional.Experiments.OutputDiffReport;

namespace NeuralFunctional.Experiments;

/// <summary>The plain-text report of a comparison, in the order a reader asks: what was changed (configuration), what
/// came of it (metrics), where the runs part (trace, side by side), and which predictions moved.</summary>
public static class OutputDiffText
{
    public static string Render(OutputComparison c, string labelA, string labelB)
    {
        var sb = new StringBuilder();
        sb.Append($"A: {labelA}\nB: {labelB}\n");
        if (c.Tolerance > 0) sb.Append($"tolerance: {Number(c.Tolerance)} (|a − b| ≤ T·max(1, |a|, |b|) counts as equal)\n");

        sb.Append('\n').Append(c.ConfigChanges.IsEmpty ? "Configuration: identical\n" : $"Configuration: {Count(c.ConfigChanges.Length, "change")}\n");
        sb.Append(TextTable.Render(c.ConfigChanges.Select(Row).ToList()));
        if (c.Data is { } data)
        {
            sb.Append('\n').Append(data.Changes.IsEmpty ? $"Data: identical ({Count(data.FilesA, "file")})\n" : $"Data: {Count(data.Changes.Length, "change")}\n");
            sb.Append(TextTable.Render(data.Changes.Select(Row).ToList()));
        }

        if (!c.Metrics.IsEmpty)
        {
            sb.Append("\nMetrics (final)\n");
            var rows = new List<IReadOnlyList<string>> { new[] { "", "A", "B", "B − A" } };
            rows.AddRange(c.Metrics.Select(m => new[] { m.Name, Optional(m.A), Optional(m.B), Change(m.A, m.B) }));
            sb.Append(TextTable.Render(rows));
        }

        if (!c.Trace.Points.IsEmpty) sb.Append('\n').Append(Trace(c.Trace));

        var p = c.Predictions;
        if (p.Compared > 0) sb.Append('\n').Append(p.Changed.IsEmpty ? $"Predictions: identical ({Count(p.Compared, "row")})\n"
            : $"Predictions: {p.Changed.Length} of {Count(p.Compared, "row")} changed\n");
        if (!p.Changed.IsEmpty)
        {
            var rows = new List<IReadOnlyList<string>> { new[] { "set", "id", "A", "B", "B − A", "" } };
            rows.AddRange(p.Changed.Select(x => new[] { x.Set, x.Id, Vector(x.A), Vector(x.B), Delta(x), Note(x) }));
            sb.Append(TextTable.Render(rows));
        }

        if (!c.Sections.IsEmpty) sb.Append('\n').Append("Other values: ").Append(string.Join("; ", c.Sections.Select(Section))).Append('\n');
        foreach (var o in c.OutcomeChanges) sb.Append($"{o.Path}: {Json(o.A, 80)} → {Json(o.B, 80)}\n");

        sb.Append('\n').Append(Verdict(c)).Append('\n');
        return sb.ToString();
    }

    private static string Trace(TraceComparison t)
    {
        var sb = new StringBuilder();
        if (t.Identical)
            return $"Trace: identical ({Count(t.CommonEpochs, "recorded epoch")})\n";
        sb.Append(t.FirstDivergentEpoch is { } e
            ? $"Trace: first divergent epoch {e} ({t.Field} {Optional(t.AAtDivergence)} → {Optional(t.BAtDivergence)}{Ulps(t)})\n"
            : "Trace: the values agree on every common epoch, but the traces record different epochs\n");
        sb.Append($"  {Count(t.CommonEpochs, "common epoch")}; max |B − A| {Short(t.MaxAbsDiff)}{At(t.MaxAbsDiffEpoch)}; " +
                  $"max relative {Short(t.MaxRelDiff)}{At(t.MaxRelDiffEpoch)}\n");
        if (!t.OnlyInA.IsEmpty) sb.Append($"  only A records {Epochs(t.OnlyInA)}\n");
        if (!t.OnlyInB.IsEmpty) sb.Append($"  only B records {Epochs(t.OnlyInB)}\n");
        var rows = new List<IReadOnlyList<string>> { new[] { "epoch", "A loss", "B loss", "B − A", "ulps" } };
        var shown = TraceRows(t.Points, t.FirstDivergentEpoch);
        for (var i = 0; i < shown.Length; i++)
        {
            if (i > 0 && shown[i] != shown[i - 1] + 1) rows.Add(new[] { "…" });
            var point = t.Points[shown[i]];
            var ulps = point.A is { } a && point.B is { } b && Doubles.Ulps(a, b) is { } u and > 0 ? u.ToString(CultureInfo.InvariantCulture) : "";
            rows.Add(new[] { point.Epoch.ToString(CultureInfo.InvariantCulture), Optional(point.A), Optional(point.B), Change(point.A, point.B), ulps });
        }
        sb.Append(TextTable.Render(rows));
        return sb.ToString();
    }

    private static IReadOnlyList<string> Row(JsonChange change) => change.Kind switch
    {
        "added" => new[] { change.Path, $"added: {Json(change.B, 40)}" },
        "removed" => new[] { change.Path, $"removed: {Json(change.A, 40)}" },
        _ => new[] { change.Path, $"{Json(change.A, 40)} → {Json(change.B, 40)}" },
    };

    private static string Section(SectionComparison s) =>
        s.ShapeDiffers ? $"{s.Name} differ in shape"
        : s.Changed == 0 ? $"{s.Name} identical"
        : $"{s.Name} {s.Changed} of {s.Values} values differ (max |B − A| {Short(s.MaxAbsDiff)})";

    private static string Delta(PredictionChange p) => p.A is { Length: 1 } a && p.B is { Length: 1 } b
        ? Change(a[0], b[0]) : p.MaxAbsDiff is { } m ? $"max |Δ| {Short(m)}" : "";

    private static string At(int? epoch) => epoch is { } e ? $" at epoch {e}" : "";

    private static string Epochs(System.Collections.Immutable.ImmutableArray<int> epochs) =>
        (epochs.Length == 1 ? "epoch " : "epochs ") + string.Join(", ", epochs.Take(6)) + (epochs.Length > 6 ? $", … ({epochs.Length} in all)" : "");
}
