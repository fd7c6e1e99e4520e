using System.Text;
using NeuralFunctional.Experiments.Plots;
using Newtonsoft.Json.Linq;
using static NeuralFunctional.Experiments.OutputDiffReport;

namespace NeuralFunctional.Experiments.Reports;

/// <summary>The report of several output documents (<c>nf report A.json B.json …</c>): each of B, C … compared with A
/// by <see cref="OutputDiff.Compare"/>, so the page states the same facts as <c>nf diff</c>: configuration changes, the
/// curves overlaid with each first divergent epoch marked, where the traces part, metric deltas, and the predictions
/// that changed (a changed decision highlighted).</summary>
public static class ComparisonReport
{
    public static Report Of(IReadOnlyList<(string File, JObject Doc)> docs)
    {
        var a = docs[0];
        var pairs = docs.Skip(1).Select((d, i) => (Label: Letter(i + 1), d.File, Comparison: OutputDiff.Compare(a.Doc, d.Doc))).ToList();
        var labels = LossCurves.Labels(docs.Select(d => d.Doc).ToList());
        var names = docs.Select((d, i) => $"{Letter(i)}: {labels[i]}").ToList();
        var sections = new List<ReportSection>
        {
            new("changes", "What differs", Changes(docs, pairs)),
            Curves(docs, names, pairs),
        };
        if (pairs.Any(p => !p.Comparison.Trace.Identical))
            sections.Add(new ReportSection("divergence", "Where the traces part", Divergence(pairs)));
        if (pairs.Any(p => !p.Comparison.Metrics.IsEmpty))
            sections.Add(new ReportSection("metrics", "Metrics (final)", Metrics(pairs)));
        if (pairs.Any(p => p.Comparison.Predictions.Compared > 0))
            sections.Add(new ReportSection("predictions", "Predictions that changed", Predictions(pairs)));
        var verdicts = pairs.Select(p => $"{p.Label} against A: {Verdict(p.Comparison)}");
        var page = new ReportPage("comparison", "Comparison: " + string.Join(" · ", docs.Select(d => (string?)d.Doc["experiment"]?["name"] ?? Path.GetFileNameWithoutExtension(d.File)).Distinct()),
            string.Join(" ", verdicts), [.. docs.Select((d, i) => (Letter(i), Path.GetFileName(d.File)))], [.. sections]);
        return new Report(page.Render(), []);
    }

    /// <summary>A, B, … Z, then A27 …: how the page names the documents, in the order given.</summary>
    public static string Letter(int index) => index < 26 ? ((char)('A' + index)).ToString() : "A" + Html.Int(index + 1);

    private static string Changes(IReadOnlyList<(string File, JObject Doc)> docs, IReadOnlyList<(string Label, string File, OutputComparison Comparison)> pairs)
    {
        var rows = pairs.SelectMany(p => p.Comparison.ConfigChanges.Select(c => (p.Label, Section: "configuration", Change: c))
            .Concat((p.Comparison.Data?.Changes ?? []).Select(c => (p.Label, Section: "data", Change: c)))
            .Concat(p.Comparison.OutcomeChanges.Select(c => (p.Label, Section: "outcome", Change: c))))
            .Select(r => new ReportRow([r.Label, r.Section, r.Change.Path, r.Change.Kind, JsonCell(r.Change.A), JsonCell(r.Change.B)]))
            .ToImmutableArray();
        var b = new StringBuilder();
        b.Append(rows.IsEmpty ? ReportPage.Note("The configurations, data and outcomes are identical.")
            : new ReportTable("changes", [new("vs A"), new("what"), new("path"), new("change"), new("A"), new("B")], rows) { Filter = rows.Length > 12 }.Render());
        var others = pairs.SelectMany(p => p.Comparison.Sections.Select(s => new ReportRow([p.Label, s.Name, ReportCell.Of(s.Values), ReportCell.Of(s.Changed),
            s.Changed == 0 ? "" : Short(s.MaxAbsDiff), s.ShapeDiffers ? "yes" : "no"], s.Equal ? null : "changed"))).ToImmutableArray();
        if (!others.IsEmpty)
            b.Append("<h3>Other values</h3>\n").Append(new ReportTable("values", [new("vs A"), new("block"), new("values", true), new("differ", true), new("max |B − A|"), new("shape differs")], others).Render());
        return b.ToString();
    }

    /// <summary>A configuration value, cut for the table, whole in its tip.</summary>
    private static ReportCell JsonCell(JToken? token) => new(Json(token, 60), null, Json(token, int.MaxValue));

    private static ReportSection Curves(IReadOnlyList<(string File, JObject Doc)> docs, IReadOnlyList<string> names,
        IReadOnlyList<(string Label, string File, OutputComparison Comparison)> pairs)
    {
        var markers = pairs.Where(p => p.Comparison.Trace.FirstDivergentEpoch is not null)
            .Select(p => new ChartMarker(p.Comparison.Trace.FirstDivergentEpoch!.Value,
                $"{p.Label} parts from A at {(docs[0].Doc["returns"] is JArray ? "episode" : "epoch")} {p.Comparison.Trace.FirstDivergentEpoch}", "epoch"))
            .GroupBy(m => m.X).Select(g => g.First()).ToImmutableArray();
        if (docs.All(d => ReturnCurves.IsReinforcement(d.Doc)))
        {
            var curves = ReturnCurves.Of(docs).IfFail([]);
            var series = curves.Select((s, i) => new ChartSeries(names[i], s.Episodes, s.MeanReturns,
                k => $"{Letter(i)} · episode {Html.Number(s.Episodes[k])} · mean return of the last {s.Window} {Html.Number(s.MeanReturns[k])}")).ToImmutableArray();
            return new ReportSection("returns", "Mean returns overlaid",
                new LineChart("returns", "Mean return of the last window, per episode", "episode", "mean return", series) { Markers = markers }.Render());
        }
        var lossCurves = LossCurves.Of(docs.Select(d => d.Doc).ToList());
        var losses = lossCurves.Select((s, i) =>
            new ChartSeries(names[i], s.Epochs, s.Losses, k => $"{Letter(i)} · epoch {Html.Number(s.Epochs[k])} · loss {Html.Number(s.Losses[k])}") { Dashed = i > 0 && i % 2 == 0 })
            .ToImmutableArray();
        var log = LossCurves.WantsLogScale(lossCurves);
        return new ReportSection("loss", "Loss curves overlaid",
            new LineChart("loss", "Training loss per recorded epoch", "epoch", "loss", losses) { LogY = log, Markers = markers }.Render()
            + (markers.IsEmpty ? ReportPage.Note("The traces agree on every common epoch.") : ReportPage.Note("The dashed red line marks the first epoch where a trace parts from A's.")));
    }

    private static string Divergence(IReadOnlyList<(string Label, string File, OutputComparison Comparison)> pairs)
    {
        var b = new StringBuilder();
        foreach (var (label, _, c) in pairs.Where(p => !p.Comparison.Trace.Identical))
        {
            var t = c.Trace;
            b.Append($"<h3>{label} against A</h3>\n");
            var figures = new List<(string, string, string?)>();
            if (t.FirstDivergentEpoch is { } e)
            {
                figures.Add(("first divergent epoch", Html.Int(e), null));
                figures.Add(($"A's {t.Field} there", Optional(t.AAtDivergence), null));
                figures.Add(($"B's {t.Field} there", Optional(t.BAtDivergence), null));
                if (t.UlpAtFirstDivergence is { } u) figures.Add(("doubles apart", u.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
            }
            figures.Add(("common epochs", Html.Int(t.CommonEpochs), null));
            figures.Add(("max |B − A|", Short(t.MaxAbsDiff) + (t.MaxAbsDiffEpoch is { } m ? $" at epoch {m}" : ""), Number(t.MaxAbsDiff)));
            b.Append(ReportPage.Kpis(figures));
            var shown = TraceRows(t.Points, t.FirstDivergentEpoch);
            b.Append(new ReportTable($"trace-{label}", [new("epoch", true), new("A loss", true), new("B loss", true), new("B − A", true), new("ulps", true)],
                shown.Select(i => t.Points[i]).Select(p => new ReportRow([ReportCell.Of(p.Epoch), ReportCell.Exact(p.A ?? double.NaN) with { Text = Optional(p.A) },
                    ReportCell.Exact(p.B ?? double.NaN) with { Text = Optional(p.B) },
                    p.A is { } x && p.B is { } y ? ReportCell.Exact(y - x) : "", p.A is { } ua && p.B is { } ub && Doubles.Ulps(ua, ub) is { } ulps ? ReportCell.Of((double)ulps) : ""],
                    p.Epoch == t.FirstDivergentEpoch ? "flipped" : null)).ToImmutableArray()).Render());
            if (!t.OnlyInA.IsEmpty || !t.OnlyInB.IsEmpty)
                b.Append(ReportPage.Note($"Epochs recorded by one side only: A {t.OnlyInA.Length}, B {t.OnlyInB.Length}."));
        }
        return b.ToString();
    }

    private static string Metrics(IReadOnlyList<(string Label, string File, OutputComparison Comparison)> pairs) =>
        new ReportTable("metrics", [new("vs A"), new("metric"), new("A", true), new("B", true), new("B − A", true), new("equal")],
            pairs.SelectMany(p => p.Comparison.Metrics.Select(m => new ReportRow([p.Label, m.Name, ReportCell.Of(m.A), ReportCell.Of(m.B),
                m.Change is { } d ? ReportCell.Of(d) : "", m.Equal ? "yes" : "no"], m.Equal ? null : "changed"))).ToImmutableArray()).Render()
        + ReportPage.Note("Values to four significant digits; hover a cell for the exact one.");

    private static string Predictions(IReadOnlyList<(string Label, string File, OutputComparison Comparison)> pairs)
    {
        var rows = pairs.SelectMany(p => p.Comparison.Predictions.Changed.Select(x => new ReportRow([p.Label, x.Set, x.Id,
            new ReportCell(Vector(x.A)), new ReportCell(Vector(x.B)), ReportCell.Of(x.MaxAbsDiff), Note(x)],
            x.CrossedHalf == true || x.ClassChanged == true ? "flipped" : "changed"))).ToImmutableArray();
        var compared = string.Join(", ", pairs.Select(p => $"{p.Label}: {p.Comparison.Predictions.Changed.Length} of {Count(p.Comparison.Predictions.Compared, "row")}"));
        return ReportPage.Note($"Changed predictions ({compared}). Rows whose decision changed are highlighted red.")
            + (rows.IsEmpty ? "" : new ReportTable("predictions", [new("vs A"), new("set"), new("id"), new("A"), new("B"), new("max |B − A|", true), new("decision")], rows) { Filter = true }.Render());
    }
}
