using System.Text;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments.Reports;

/// <summary>One number each variant of a sweep has (its final training loss, a test row's output, the last window's
/// mean return …): its name and how it is read from a summary row.</summary>
public sealed record SweepMeasure(string Name, Func<JObject, double?> Of);

/// <summary>The report of a sweep folder (<c>nf report DIR</c>), read from its summary alone: the variants as a sortable,
/// filterable table; a chosen measure against each grid parameter (one point per variant, coloured by the other
/// parameters); and for seed sweeps the spread over the seeds (min, median, max) of each grid point, from the
/// summary's <c>variation</c>.</summary>
public static class SweepReport
{
    public static Report Of(string file, JObject summary)
    {
        var rows = (summary["rows"] as JArray ?? []).OfType<JObject>().ToList();
        var grid = (summary["sweep"]?["grid"] as JObject)?.Properties().Select(p => (Path: p.Name, Values: (p.Value as JArray ?? []).ToList())).ToList() ?? [];
        var seeded = summary["sweep"]?["seeds"] is JObject;
        var measures = Measures(rows);
        var sections = new List<ReportSection>
        {
            new("variants", "Variants", Variants(rows, grid, seeded, measures)),
            new("metric", "A measure against each parameter", MeasureCharts(rows, grid, seeded, measures)),
        };
        if (summary["variation"] is JArray variation && variation.Count > 0)
            sections.Add(new ReportSection("spread", "Spread over the seeds", Spread(variation, grid)));
        var variants = (int?)summary["variants"] ?? rows.Count;
        var points = grid.Aggregate(1, (n, g) => n * Math.Max(1, g.Values.Count));
        var lead = $"{variants} variants" + (seeded ? $" ({Html.Int(points)} grid point{(points == 1 ? "" : "s")} × {(int?)summary["sweep"]?["seeds"]?["count"]} seeds)"
                : grid.Count > 0 ? $" (a grid of {string.Join(" × ", grid.Select(g => g.Values.Count))})" : "")
            + (summary["partial"] is JObject ? $"; a partial summary: {rows.Count} of them are here" : "") + ".";
        var facts = new List<(string, string)> { ("summary", Path.GetFileName(file)), ("format", (string?)summary["format"] ?? "?") };
        if ((string?)summary["experimentHash"] is { } hash) facts.Add(("experimentHash", Html.Hash(hash)));
        facts.AddRange(grid.Select(g => (g.Path, string.Join(", ", g.Values.Select(Value)))));
        if (summary["sweep"]?["seeds"] is JObject seeds) facts.Add(("seeds", $"{(int?)seeds["from"]} … {(int?)seeds["from"] + (int?)seeds["count"] - 1}"));
        var page = new ReportPage("sweep", "Sweep: " + ((string?)summary["experiment"] ?? "?"), lead, [.. facts], [.. sections]);
        return new Report(page.Render(), []);
    }

    /// <summary>The measures shown first when a summary has them: what a reinforcement-learning sweep is about.</summary>
    private static readonly string[] FirstShown = ["lastMeanReturn", "bestArmProbability", "goalReachedAt"];

    /// <summary>The numbers that vary across the rows (the measures named in <see cref="FirstShown"/> first, the rest in order): each numeric field of a row (not its index), then each test row's
    /// outputs (<c>Mina</c>, or <c>Mina[1]</c> for a row of several outputs), in order of first appearance.</summary>
    public static ImmutableArray<SweepMeasure> Measures(IReadOnlyList<JObject> rows)
    {
        var names = new List<SweepMeasure>();
        foreach (var field in rows.SelectMany(r => r.Properties()).Select(p => p.Name).Distinct().Where(n => n != "index"))
            if (rows.Any(r => r[field] is JValue v && Doubles.Of(v) is not null))
                names.Add(new SweepMeasure(field, r => Doubles.Of(r[field])));
        names.AddRange(TestOutputs(rows).Select(o => new SweepMeasure(o.Name, r => Doubles.Of(o.Of(r)))));
        return names.Where(m => rows.Select(m.Of).Where(v => v is not null).Distinct().Count() > 1)
            .OrderBy(m => Array.IndexOf(FirstShown, m.Name) is var i and >= 0 ? i : FirstShown.Length).ToImmutableArray();
    }

    /// <summary>Each test row's outputs in <c>test</c> arrays (<c>Mina</c>, or <c>Mina[1]</c> for a row of several
    /// outputs), in order of first appearance, with how to find the value (a number in a row, min/median/max in a
    /// variation entry) in a holder.</summary>
    private static IEnumerable<(string Name, Func<JObject, JToken?> Of)> TestOutputs(IEnumerable<JObject> holders)
    {
        var outputs = holders.SelectMany(h => (h["test"] as JArray ?? []).OfType<JObject>())
            .Select(t => (Id: (string?)t["id"] ?? "", Count: (t["output"] as JArray)?.Count ?? 0)).Distinct().ToList();
        foreach (var (id, count) in outputs)
            for (var k = 0; k < count; k++)
            {
                var index = k;
                yield return (count == 1 ? id : $"{id}[{k}]", h => (h["test"] as JArray ?? []).OfType<JObject>()
                    .FirstOrDefault(t => (string?)t["id"] == id)?["output"] is JArray o && o.Count > index ? o[index] : null);
            }
    }

    private static string Value(JToken? token) => token switch
    {
        null => "",
        JValue { Type: JTokenType.String } s => (string)s!,
        JValue v when Doubles.Of(v) is { } d => Html.Number(d),
        _ => token.ToString(Newtonsoft.Json.Formatting.None),
    };

    private static string Variants(IReadOnlyList<JObject> rows, IReadOnlyList<(string Path, List<JToken> Values)> grid, bool seeded, ImmutableArray<SweepMeasure> measures)
    {
        var columns = new List<ReportColumn> { new("variant", true) };
        columns.AddRange(grid.Select(g => new ReportColumn(g.Path, g.Values.All(v => Doubles.Of(v) is not null))));
        if (seeded) columns.Add(new ReportColumn("seed", true));
        columns.Add(new ReportColumn("status"));
        columns.AddRange(measures.Select(m => new ReportColumn(m.Name, true)));
        columns.Add(new ReportColumn("output"));
        var table = rows.Select(r =>
        {
            var cells = new List<ReportCell> { ReportCell.Of(Doubles.Of(r["index"])) };
            cells.AddRange(grid.Select(g => r["overrides"]?[g.Path] is { } v && Doubles.Of(v) is { } d ? ReportCell.Exact(d) : new ReportCell(Value(r["overrides"]?[g.Path]))));
            if (seeded) cells.Add(ReportCell.Of(Doubles.Of(r["overrides"]?["seed"])));
            cells.Add((string?)r["status"] ?? "");
            cells.AddRange(measures.Select(m => ReportCell.Of(m.Of(r))));
            cells.Add((string?)r["output"] ?? "");
            return new ReportRow([.. cells], (string?)r["status"] is "completed" or null ? null : "flipped");
        }).ToImmutableArray();
        return new ReportTable("variants", [.. columns], table) { Filter = true }.Render()
            + ReportPage.Note("Each variant's output document is in the sweep folder under the name in the last column. Variants that did not complete are highlighted.");
    }

    private static string MeasureCharts(IReadOnlyList<JObject> rows, IReadOnlyList<(string Path, List<JToken> Values)> grid, bool seeded, ImmutableArray<SweepMeasure> measures)
    {
        if (measures.IsEmpty) return ReportPage.Note("No measure varies across the variants.");
        var parameters = grid.Select(g => (g.Path, Categories: g.Values.Select(Value).ToList())).ToList();
        if (parameters.Count == 0 && seeded)
            parameters.Add(("seed", rows.Select(r => Value(r["overrides"]?["seed"])).Distinct().ToList()));
        var b = new StringBuilder("<div class=\"tools\"><label>measure <select data-choose=\"metric\">");
        foreach (var m in measures) b.Append($"<option value=\"{Html.Escape(m.Name)}\">{Html.Escape(m.Name)}</option>");
        b.Append("</select></label></div>\n");
        for (var i = 0; i < measures.Length; i++)
        {
            var m = measures[i];
            b.Append($"<div data-choice-of=\"metric\" data-choice=\"{Html.Escape(m.Name)}\"{(i == 0 ? "" : " hidden")}>\n");
            foreach (var (path, categories) in parameters)
                b.Append(Chart(rows, grid, path, categories, m)).Append('\n');
            b.Append("</div>\n");
        }
        return b.Append(ReportPage.Note("One point per variant, at its value of the parameter; the colours group the variants by the other parameters.")).ToString();
    }

    private static string Chart(IReadOnlyList<JObject> rows, IReadOnlyList<(string Path, List<JToken> Values)> grid, string path, List<string> categories, SweepMeasure measure)
    {
        var others = grid.Where(g => g.Path != path).Select(g => g.Path).ToList();
        string Group(JObject r) => string.Join(", ", others.Select(o => $"{Plots.LossCurves.ShortName(o)}={Value(r["overrides"]?[o])}"));
        var groups = rows.GroupBy(Group).ToList();
        var series = groups.Select((g, gi) =>
        {
            var members = g.Where(r => measure.Of(r) is not null).ToList();
            var offset = groups.Count == 1 ? 0 : (gi - (groups.Count - 1) / 2.0) * Math.Min(0.5 / groups.Count, 0.12);
            var xs = members.Select(r => categories.IndexOf(Value(r["overrides"]?[path])) + offset).ToImmutableArray();
            var ys = members.Select(r => measure.Of(r)!.Value).ToImmutableArray();
            return new ChartSeries(g.Key.Length == 0 ? "variants" : g.Key, xs, ys,
                k => $"variant {(int?)members[k]["index"]} · {Describe(members[k])} · {measure.Name} {Html.Number(ys[k])}") { PointsOnly = true, Colour = gi };
        }).ToImmutableArray();
        return new LineChart("metric", $"{measure.Name} against {path}", path, measure.Name, series) { XCategories = [.. categories], Height = 300 }.Render();
    }

    private static string Describe(JObject row) =>
        string.Join(", ", (row["overrides"] as JObject ?? []).Properties().Select(p => $"{Plots.LossCurves.ShortName(p.Name)}={Value(p.Value)}"));

    private static string Spread(JArray variation, IReadOnlyList<(string Path, List<JToken> Values)> grid)
    {
        var points = variation.OfType<JObject>().ToList();
        var measures = new List<(string Name, Func<JObject, JObject?> Of)>();
        foreach (var name in points.SelectMany(p => p.Properties()).Where(p => p.Value is JObject o && o["median"] is not null).Select(p => p.Name).Distinct())
            measures.Add((name, p => p[name] as JObject));
        measures.AddRange(TestOutputs(points).Select(o => (o.Name, new Func<JObject, JObject?>(p => o.Of(p) as JObject))));
        var labels = points.Select(p => grid.Count == 0 ? "all seeds" : string.Join(", ", grid.Select(g => $"{Plots.LossCurves.ShortName(g.Path)}={Value(p["overrides"]?[g.Path])}"))).ToList();
        var b = new StringBuilder();
        foreach (var (name, of) in measures)
        {
            var found = points.Select((p, i) => (Label: labels[i], Stats: of(p), Seeds: (int?)p["seeds"])).Where(x => x.Stats is not null).ToList();
            var xs = found.Select((_, i) => (double)i).ToImmutableArray();
            ChartSeries Stat(string stat, int colour) =>
                new(stat, xs, found.Select(f => Doubles.Of(f.Stats![stat]) ?? double.NaN).ToImmutableArray(),
                    k => $"{found[k].Label} · {name} · {stat} over {found[k].Seeds} seeds {Html.Number(Doubles.Of(found[k].Stats![stat]) ?? double.NaN)}") { PointsOnly = true, Colour = colour };
            b.Append(new LineChart("spread", $"{name}: min, median and max over the seeds", "grid point", name, [Stat("min", 0), Stat("median", 2), Stat("max", 1)])
            {
                XCategories = [.. found.Select(f => f.Label)],
                Height = 280,
                Ranges = [.. found.Select((f, i) => ((double)i, Doubles.Of(f.Stats!["min"]) ?? double.NaN, Doubles.Of(f.Stats!["max"]) ?? double.NaN))],
            }.Render()).Append('\n');
        }
        var table = points.SelectMany((p, i) => measures.Where(m => m.Of(p) is not null).Select(m => new ReportRow([labels[i], ReportCell.Of(Doubles.Of(p["seeds"])), m.Name,
            ReportCell.Of(Doubles.Of(m.Of(p)!["min"])), ReportCell.Of(Doubles.Of(m.Of(p)!["median"])), ReportCell.Of(Doubles.Of(m.Of(p)!["max"])), ReportCell.Of(Doubles.Of(m.Of(p)!["spread"]))]))).ToImmutableArray();
        return b.Append(new ReportTable("spread", [new("grid point"), new("seeds", true), new("measure"), new("min", true), new("median", true), new("max", true), new("spread", true)], table).Render()).ToString();
    }
}
