using System.Globalization;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using SkiaSharp;

namespace NeuralFunctional.Browser.Tests;

/// <summary>The DOM contract of report pages, checked in the browser.</summary>
public static class PageChecks
{
    public static readonly IReadOnlyDictionary<string, string[]> SectionsOf = new Dictionary<string, string[]>
    {
        ["run"] = ["experiment", "loss", "metrics", "confusion", "predictions", "network", "boundary", "hidden", "returns", "arms", "trace", "reconstructions", "codes", "activations"],
        ["comparison"] = ["changes", "loss", "divergence", "metrics", "predictions"],
        ["sweep"] = ["variants", "metric", "spread"],
    };

    /// <summary>Retries <paramref name="assertion"/> for up to two seconds: what a page does on an event (show a tip,
    /// sort, filter) it may do a frame later.</summary>
    public static async Task Eventually(Func<Task> assertion)
    {
        var start = Environment.TickCount64;
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Xunit.Sdk.XunitException) when (Environment.TickCount64 - start < 2_000)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>The shortest round-trip form of a double, as the pages write numbers.</summary>
    public static string R(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static async Task<JToken> Js(IPage page, string function, object? arg = null) =>
        JToken.Parse(await page.EvaluateAsync<string>(function, arg));

    /// <summary>The page's skeleton: <c>body[data-report]</c>, nothing loaded from elsewhere, one inline style and one
    /// inline script (the body's last element), and sections named by the contract. Returns the section names.</summary>
    public static async Task<string[]> AssertStructure(ReportPage report, string kind)
    {
        var s = await Js(report.Page, """
            () => JSON.stringify({
              report: document.body.getAttribute('data-report'),
              links: document.querySelectorAll('link').length,
              embeds: [...document.querySelectorAll('iframe, object, embed, frame, base')].map(e => e.outerHTML.slice(0, 120)),
              srcs: [...document.querySelectorAll('[src], [srcset], [poster]')].map(e => e.outerHTML.slice(0, 120)),
              hrefs: [...document.querySelectorAll('*')].flatMap(e => ['href', 'xlink:href', 'action', 'formaction']
                       .map(a => e.getAttribute(a)).filter(v => v !== null && !v.startsWith('#'))),
              styles: document.querySelectorAll('style').length,
              scripts: [...document.querySelectorAll('script')].map(e => ({ src: e.hasAttribute('src'), last: e === document.body.lastElementChild })),
              sections: [...document.querySelectorAll('section')].map(e => ({ id: e.id, name: e.getAttribute('data-section') })),
            })
            """);
        Assert.Equal(kind, (string?)s["report"]);
        Assert.True((int)s["links"]! == 0, "the page has <link> elements");
        Assert.True(!s["embeds"]!.Any(), "the page embeds other documents: " + s["embeds"]);
        Assert.True(!s["srcs"]!.Any(), "elements load a src: " + s["srcs"]);
        Assert.True(!s["hrefs"]!.Any(), "href/action values that are not #anchors: " + s["hrefs"]);
        Assert.True((int)s["styles"]! == 1, $"{s["styles"]} <style> elements, not one");
        var scripts = s["scripts"]!.ToArray();
        Assert.True(scripts.Length == 1, $"{scripts.Length} <script> elements, not one");
        Assert.False((bool)scripts[0]["src"]!, "the script has a src");
        Assert.True((bool)scripts[0]["last"]!, "the script is not the last element of the body");
        var sections = s["sections"]!.Select(e => ((string?)e["id"], (string?)e["name"])).ToArray();
        foreach (var (id, name) in sections)
        {
            Assert.True(name is not null, $"<section id=\"{id}\"> has no data-section");
            Assert.True(id == name, $"<section id=\"{id}\" data-section=\"{name}\">: id and data-section differ");
        }
        var unknown = sections.Select(e => e.Item2!).Where(n => !SectionsOf[kind].Contains(n)).ToArray();
        Assert.True(unknown.Length == 0, $"sections not among a {kind} report's ({string.Join(", ", SectionsOf[kind])}): {string.Join(", ", unknown)}");
        var names = sections.Select(e => e.Item2!).ToArray();
        Assert.True(names.Distinct().Count() == names.Length, "sections repeat: " + string.Join(", ", names));
        return names;
    }

    public static void AssertSections(string[] present, string[] required, string[]? absent = null)
    {
        var missing = required.Except(present).ToArray();
        Assert.True(missing.Length == 0, $"sections missing: {string.Join(", ", missing)} (present: {string.Join(", ", present)})");
        var extra = (absent ?? []).Intersect(present).ToArray();
        Assert.True(extra.Length == 0, $"sections that should not be there: {string.Join(", ", extra)}");
    }

    /// <summary>One drawn series: its chart's name, its place among all <c>svg.chart g.series</c> of the page
    /// (<see cref="Global"/>), whether its chart is displayed (a chart may sit in a part of its section that the page
    /// shows only on request), and what it holds.</summary>
    public sealed record Series(string Chart, int Global, bool Displayed, string Label, int Points, int Total, string[] Tips);

    /// <summary>The series of every chart as the page draws them, unchecked.</summary>
    public static async Task<Series[]> ReadCharts(ReportPage report) => (await Charts(report)).Series;

    /// <summary>Every chart: inside the section it is named after, each series with one polyline and
    /// <c>data-points</c> hover circles, no more than <c>data-total</c>, each circle with a tip; every section with
    /// charts shows at least one of them, with a non-zero box. Fails with every fault found; returns the series.</summary>
    public static async Task<Series[]> AssertCharts(ReportPage report)
    {
        var (series, faults) = await Charts(report);
        Assert.True(faults.Count == 0, $"{faults.Count} fault(s) in the charts:\n  " + string.Join("\n  ", faults.Take(12))
                                       + (faults.Count > 12 ? $"\n  … and {faults.Count - 12} more" : ""));
        return series;
    }

    private static async Task<(Series[] Series, List<string> Faults)> Charts(ReportPage report)
    {
        var charts = await Js(report.Page, """
            () => { let global = 0; return JSON.stringify([...document.querySelectorAll('svg.chart')].map(svg => {
              const r = svg.getBoundingClientRect();
              const section = svg.closest('section');
              return {
                name: svg.getAttribute('data-chart'),
                section: section ? section.getAttribute('data-section') : null,
                displayed: svg.checkVisibility(),
                width: r.width, height: r.height,
                series: [...svg.querySelectorAll('g.series')].map(g => ({
                  global: global++,
                  label: g.getAttribute('data-label'),
                  points: g.getAttribute('data-points'),
                  total: g.getAttribute('data-total'),
                  circles: g.querySelectorAll('circle.pt').length,
                  polylines: g.querySelectorAll('polyline').length,
                  tips: [...g.querySelectorAll('circle.pt')].map(c => c.getAttribute('data-tip')),
                })),
              };
            })); }
            """);
        var all = new List<Series>();
        var faults = new List<string>();
        void Expect(bool ok, string fault) { if (!ok) faults.Add(fault); }
        foreach (var chart in charts)
        {
            var name = (string?)chart["name"] ?? "(no data-chart)";
            // A chart sits in the section it is named after (the derivatives beside the activation curves they belong to).
            Expect(name == (string?)chart["section"] || (name, (string?)chart["section"]) == ("derivatives", "activations"),
                $"svg.chart[data-chart={name}] is in section {chart["section"] ?? "(none)"}, not {name}");
            var displayed = (bool)chart["displayed"]!;
            if (displayed)
                Expect((double)chart["width"]! > 0 && (double)chart["height"]! > 0, $"chart {name} is displayed with an empty box: {chart["width"]}x{chart["height"]}");
            foreach (var g in chart["series"]!)
            {
                var label = (string?)g["label"];
                var where = $"chart {name}, series {label ?? "(no label)"}";
                Expect(label is not null, where + ": no data-label");
                Expect(int.TryParse((string?)g["points"], out var points), where + $": data-points is {g["points"] ?? "missing"}");
                Expect(int.TryParse((string?)g["total"], out var total), where + $": data-total is {g["total"] ?? "missing"}");
                var circles = (int)g["circles"]!;
                Expect(circles == points, where + $": {circles} circle.pt, data-points {points}");
                Expect(points <= total, where + $": data-points {points} > data-total {total}");
                Expect(circles > 0, where + ": no point drawn");
                // A curve is one polyline; a scatter of variants, codes or seed statistics is points only.
                Expect((int)g["polylines"]! == (name is "metric" or "spread" or "codes" ? 0 : 1),
                    where + $": {g["polylines"]} polylines, not {(name is "metric" or "spread" or "codes" ? "none (points only)" : "one")}");
                var tips = g["tips"]!.Select(t => (string?)t ?? "").ToArray();
                Expect(tips.All(t => t.Length > 0), where + ": a circle.pt without data-tip");
                all.Add(new Series(name, (int)g["global"]!, displayed, label ?? "", circles, total, tips));
            }
        }
        foreach (var section in charts.GroupBy(c => (string?)c["section"]))
            Expect(section.Any(c => (bool)c["displayed"]!), $"section {section.Key}: none of its {section.Count()} charts is displayed");
        return ([.. all], faults);
    }

    /// <summary>Hovers <paramref name="target"/> (an element with data-tip): <c>#tip</c> shows exactly its data-tip,
    /// then hides when the mouse leaves. Returns the tip's text.</summary>
    public static async Task<string> AssertHoverTip(ReportPage report, ILocator target)
    {
        var page = report.Page;
        var expected = await target.GetAttributeAsync("data-tip");
        Assert.True(expected is not null, "hover target has no data-tip");
        var tip = page.Locator("#tip");
        Assert.True(await tip.CountAsync() == 1, $"{await tip.CountAsync()} elements #tip, not one");
        Assert.Equal("tooltip", await tip.GetAttributeAsync("role"));
        await target.HoverAsync(new LocatorHoverOptions { Timeout = 5_000 });
        string? text = null;
        await Eventually(async () =>
        {
            Assert.True(await tip.GetAttributeAsync("hidden") is null, $"#tip still hidden after hovering the element with data-tip \"{expected}\"");
            Assert.True(await tip.IsVisibleAsync(), $"#tip not visible after hovering \"{expected}\"");
            text = await tip.TextContentAsync();
            Assert.True(expected == text, $"hovering the element with data-tip \"{expected}\" shows \"{text}\"");
        });
        await page.Mouse.MoveAsync(1, 1);
        await Eventually(async () =>
            Assert.True(await tip.GetAttributeAsync("hidden") is not null, $"#tip not hidden again after the mouse left \"{expected}\""));
        return text!;
    }

    /// <summary>Each displayed series: hover its first, middle and last point, or, where another series' point lies
    /// on top of one (the same value drawn twice), the nearest point a mouse can reach.</summary>
    public static async Task<List<(Series Series, string Tip)>> AssertHoverEverySeries(ReportPage report, Series[] series)
    {
        var tips = new List<(Series, string)>();
        foreach (var s in series.Where(s => s.Displayed))
        {
            var points = report.Page.Locator("svg.chart g.series").Nth(s.Global).Locator("circle.pt");
            // Which points are the topmost element at their centre (what a mouse there would hover).
            var reachable = JToken.Parse(await report.Page.Locator("svg.chart g.series").Nth(s.Global).EvaluateAsync<string>("""
                g => JSON.stringify([...g.querySelectorAll('circle.pt')].map(c => {
                  c.scrollIntoView({ block: 'center', inline: 'center' });
                  const r = c.getBoundingClientRect();
                  return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === c;
                }))
                """)).Select(t => (bool)t!).ToArray();
            Assert.True(reachable.Any(r => r), $"chart {s.Chart}, series {s.Label}: no point can be hovered, each lies under another element");
            foreach (var wanted in new[] { 0, s.Points / 2, s.Points - 1 }.Distinct())
            {
                var i = Enumerable.Range(0, reachable.Length).Where(k => reachable[k]).MinBy(k => Math.Abs(k - wanted));
                tips.Add((s, await AssertHoverTip(report, points.Nth(i))));
            }
        }
        return tips;
    }

    private const string ReadTable = """
        ([table, col]) => JSON.stringify([...table.tBodies].flatMap(b => [...b.rows]).map(r => ({
          text: r.textContent,
          inner: r.innerText,
          hidden: r.hidden,
          value: col < 0 || !r.cells[col] ? null : r.cells[col].getAttribute('data-value'),
          cell: col < 0 || !r.cells[col] ? null : r.cells[col].textContent.trim(),
        })))
        """;

    /// <summary>The table's header cells: text, data-type, and whether their column has numeric data-values with
    /// at least two distinct values.</summary>
    private static async Task<JToken> Headers(ILocator table) => JToken.Parse(await table.EvaluateAsync<string>("""
        table => {
          const head = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1] : null;
          const ths = head ? [...head.cells] : [];
          const rows = [...table.tBodies].flatMap(b => [...b.rows]);
          return JSON.stringify(ths.map((th, col) => {
            const values = rows.map(r => r.cells[col] ? r.cells[col].getAttribute('data-value') : null);
            return { text: th.textContent.trim(), tag: th.tagName, type: th.getAttribute('data-type'),
                     distinct: new Set(values.filter(v => v !== null)).size,
                     sorted: values.every((v, i) => i === 0 || v === null || values[i - 1] === null || Number(values[i - 1]) <= Number(v)) };
          }));
        }
        """));

    /// <summary>Every header is a th with data-type number or text; numeric cells carry data-value in shortest
    /// round-trip form. Clicking a numeric column (one with two distinct values, unsorted if there is one) sorts the
    /// rows ascending by data-value (aria-sort="ascending"), clicking again descending; no row is lost.</summary>
    public static async Task AssertSortable(ReportPage report, ILocator table, string what)
    {
        var headers = await AssertHeaders(table, what);
        var numeric = headers.Select((h, i) => (h, i)).Where(x => (string?)x.h["type"] == "number").ToArray();
        foreach (var (h, col) in numeric) await AssertNumericCells(table, col, what + $", column \"{h["text"]}\"");
        var candidates = numeric.Where(x => (int)x.h["distinct"]! >= 2).ToArray();
        Assert.True(candidates.Length > 0, what + ": no numeric column with two distinct values to sort by");
        var (header, column) = candidates.FirstOrDefault(x => !(bool)x.h["sorted"]!, candidates[0]);
        var where = what + $", column \"{header["text"]}\"";
        var th = table.Locator("thead tr").Last.Locator("th").Nth(column);
        var before = await Rows(table, column);

        await th.ClickAsync();
        await Eventually(async () =>
        {
            Assert.True(await th.GetAttributeAsync("aria-sort") == "ascending", where + $": after one click aria-sort is {await th.GetAttributeAsync("aria-sort") ?? "(none)"}, not ascending");
            var ascending = await Rows(table, column);
            AssertSameRows(before, ascending, where);
            AssertOrdered(ascending, +1, where + " after one click");
        });

        await th.ClickAsync();
        await Eventually(async () =>
        {
            Assert.True(await th.GetAttributeAsync("aria-sort") == "descending", where + $": after a second click aria-sort is {await th.GetAttributeAsync("aria-sort") ?? "(none)"}, not descending");
            var descending = await Rows(table, column);
            AssertSameRows(before, descending, where);
            AssertOrdered(descending, -1, where + " after a second click");
        });
    }

    /// <summary>Every header cell is a th with data-type number or text, and numeric cells carry a data-value.</summary>
    public static async Task<JToken> AssertHeaders(ILocator table, string what)
    {
        var headers = await Headers(table);
        Assert.True(headers.Any(), what + ": no <thead> header cells");
        foreach (var h in headers)
        {
            Assert.True((string?)h["tag"] == "TH", what + $": header cell \"{h["text"]}\" is a {h["tag"]}");
            Assert.True((string?)h["type"] is "number" or "text", what + $": th \"{h["text"]}\" has data-type {h["type"] ?? "(none)"}");
        }
        return headers;
    }

    private static async Task<JToken> Rows(ILocator table, int column) =>
        JToken.Parse(await table.EvaluateAsync<string>($"t => ({ReadTable})([t, {column}])"));

    private static async Task AssertNumericCells(ILocator table, int column, string where)
    {
        foreach (var row in await Rows(table, column))
        {
            var value = (string?)row["value"];
            var cell = (string?)row["cell"];
            if (value is null)
            {
                Assert.True(string.IsNullOrEmpty(cell) || cell is "—" or "-" or "–",
                    where + $": the numeric cell \"{cell}\" has no data-value");
                continue;
            }
            Assert.True(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d),
                where + $": data-value \"{value}\" is not a number");
            // Shortest round-trip: .NET's form or JavaScript's (which writes exponents as 1e-7, not 1E-07).
            Assert.True(R(d) == value || JsNumber(d) == value, where + $": data-value \"{value}\" is not the shortest round-trip form of {R(d)}");
        }
    }

    /// <summary>JavaScript's Number.prototype.toString of a double (the same digits as "R").</summary>
    public static string JsNumber(double d)
    {
        var r = R(d);
        var e = r.IndexOf('E');
        if (e < 0) return r;
        var exponent = int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var digits = r[..e];
        if (exponent >= -6 && exponent < 21)
            return decimal.Parse(r, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        return digits + "e" + (exponent > 0 ? "+" : "-") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }

    private static void AssertSameRows(JToken before, JToken after, string where) =>
        Assert.True(before.Select(r => (string?)r["text"]).Order(StringComparer.Ordinal)
                .SequenceEqual(after.Select(r => (string?)r["text"]).Order(StringComparer.Ordinal)),
            where + ": sorting changed the set of rows");

    private static void AssertOrdered(JToken rows, int direction, string where)
    {
        var values = rows.Select(r => (string?)r["value"]).Where(v => v is not null)
            .Select(v => double.Parse(v!, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        for (var i = 1; i < values.Length; i++)
            Assert.True(direction * values[i - 1].CompareTo(values[i]) <= 0,
                where + $": not {(direction > 0 ? "ascending" : "descending")}: row {i - 1} {R(values[i - 1])}, row {i} {R(values[i])}; column: "
                + string.Join(", ", values.Take(20).Select(R)));
    }

    /// <summary>Typing (in another case) the text of one cell into the filter above its table hides exactly the rows
    /// whose text does not contain it (case-insensitive); emptying the box shows every row again.</summary>
    public static async Task AssertFilter(ReportPage report, ILocator input, string what)
    {
        var name = await input.GetAttributeAsync("data-filter");
        Assert.Equal("search", await input.GetAttributeAsync("type"));
        // The table it filters: the first table.data of that name after the box.
        var tableIndex = await input.EvaluateAsync<int>("""
            input => [...document.querySelectorAll('table.data')].findIndex(t =>
              t.getAttribute('data-table') === input.getAttribute('data-filter')
              && (input.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING))
            """);
        Assert.True(tableIndex >= 0, what + $": no table.data[data-table={name}] after the filter box");
        var table = report.Page.Locator("table.data").Nth(tableIndex);
        var rows = await Rows(table, 0);
        Assert.True(rows.Count() >= 2, what + $": table {name} has {rows.Count()} rows, too few to filter");
        Assert.True(rows.All(r => !(bool)r["hidden"]!), what + ": rows hidden before anything was typed");

        // A cell text that some rows contain and some do not.
        var texts = rows.Select(r => ((string)r["text"]!).ToLowerInvariant()).ToArray();
        var cells = JToken.Parse(await table.EvaluateAsync<string>(
            "t => JSON.stringify([...t.tBodies].flatMap(b => [...b.rows]).flatMap(r => [...r.cells].map(c => c.textContent.trim())))"));
        var query = cells.Select(c => (string)c!).Where(c => c.Length > 0)
            .FirstOrDefault(c => texts.Any(t => t.Contains(c.ToLowerInvariant())) && !texts.All(t => t.Contains(c.ToLowerInvariant())));
        Assert.True(query is not null, what + ": every cell's text is in every row: nothing to filter by");
        var typed = query.ToUpperInvariant() == query ? query.ToLowerInvariant() : query.ToUpperInvariant();

        await input.ClickAsync();
        await input.PressSequentiallyAsync(typed);
        bool Matches(JToken r, string key) => ((string)r[key]!).ToLowerInvariant().Contains(query.ToLowerInvariant());
        await Eventually(async () =>
        {
            var after = await Rows(table, 0);
            var byText = after.All(r => (bool)r["hidden"]! == !Matches(r, "text"));
            var byInner = after.All(r => (bool)r["hidden"]! == !Matches(r, "inner"));
            Assert.True(byText || byInner,
                what + $": after typing \"{typed}\", hidden rows are not exactly those without it: "
                + string.Join("; ", after.Take(12).Select(r => $"{((string)r["inner"]!).Replace('\t', ' ').Trim()} hidden={r["hidden"]}")));
        });

        await input.FillAsync("");
        await Eventually(async () =>
        {
            var cleared = await Rows(table, 0);
            Assert.True(cleared.All(r => !(bool)r["hidden"]!), what + ": rows still hidden after the filter box was emptied");
        });
    }

    /// <summary>Every displayed svg has a box, and a full-page screenshot has more than one colour.</summary>
    public static async Task AssertNotBlank(ReportPage report)
    {
        var boxes = JToken.Parse(await report.Page.EvaluateAsync<string>(
            "() => JSON.stringify([...document.querySelectorAll('svg')].filter(s => s.checkVisibility()).map(s => { const r = s.getBoundingClientRect(); return { svg: s.outerHTML.slice(0, s.outerHTML.indexOf('>') + 1), w: r.width, h: r.height }; }))"));
        foreach (var b in boxes)
            Assert.True((double)b["w"]! > 0 && (double)b["h"]! > 0, $"{b["svg"]} is displayed with an empty box: {b["w"]}x{b["h"]}");
        var png = await report.Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        var colours = new HashSet<uint>();
        foreach (var pixel in bitmap.Pixels)
        {
            colours.Add((uint)pixel);
            if (colours.Count > 16) break;
        }
        Assert.True(colours.Count > 1, $"the screenshot ({bitmap.Width}x{bitmap.Height}) is one colour");
    }

    /// <summary>
    /// The whole contract on one open page, each part a soft check: structure and sections (<paramref name="required"/>
    /// there, <paramref name="absent"/> not), charts, hover tips (the first three series of each chart), a screenshot,
    /// sortable tables (at least one when <paramref name="sortableTable"/>), filter boxes. Nothing loaded and no error
    /// logged is checked by the caller once its own checks are done too (<see cref="ReportPage.AssertSelfContained"/>).
    /// </summary>
    public static async Task AssertContract(Soft soft, ReportPage report, string kind, string[] required, string[] absent,
                                            bool sortableTable = true)
    {
        await soft.Check("structure", async () => AssertSections(await AssertStructure(report, kind), required, absent));
        var series = Array.Empty<Series>();
        await soft.Check("charts", async () => series = await AssertCharts(report));
        await soft.Check("hover", () => AssertHoverEverySeries(report, [.. series.Where(s => s.Displayed).GroupBy(s => s.Chart).SelectMany(g => g.Take(3))]));
        await soft.Check("screenshot", () => AssertNotBlank(report));
        await soft.Check("sorting", async () =>
        {
            var sorted = await AssertEveryTableSorts(report);
            if (sortableTable) Assert.True(sorted > 0, "no table.data with a numeric column of two distinct values to sort by");
        });
        await soft.Check("filters", () => AssertEveryFilter(report));
    }

    /// <summary>Each filter box of the page, with the generic checks.</summary>
    public static async Task AssertEveryFilter(ReportPage report)
    {
        var inputs = report.Page.Locator("input.filter");
        for (var i = 0; i < await inputs.CountAsync(); i++)
            await AssertFilter(report, inputs.Nth(i), $"filter {i} ({await inputs.Nth(i).GetAttributeAsync("data-filter")})");
    }

    /// <summary>Each table.data of the page that has a numeric column with two distinct values is sortable by it.</summary>
    public static async Task<int> AssertEveryTableSorts(ReportPage report)
    {
        var tables = report.Page.Locator("table.data");
        var sorted = 0;
        for (var i = 0; i < await tables.CountAsync(); i++)
        {
            var table = tables.Nth(i);
            var name = await table.GetAttributeAsync("data-table");
            Assert.True(!string.IsNullOrEmpty(name), $"table.data {i} has no data-table");
            var headers = await AssertHeaders(table, $"table {i} ({name})");
            if (!headers.Any(h => (string?)h["type"] == "number" && (int)h["distinct"]! >= 2)) continue;
            await AssertSortable(report, table, $"table {i} ({name})");
            sorted++;
        }
        return sorted;
    }
}
