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
        ["run"] = ["experiment", "loss", "metrics", "confusion", "predictions", "network", "boundary", "hidden", "returns", "reconstructions", "codes"],
        ["comparison"] = ["changes", "loss", "divergence", "metrics", "predictions"],
        ["sweep"] = ["variants", "metric", "spread"],
    };

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
            Assert.True(SectionsOf[kind].Contains(name), $"section {name} is not one of a {kind} report's: {string.Join(", ", SectionsOf[kind])}");
        }
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

    public sealed record Series(string Chart, int Index, string Label, int Points, int Total, int Circles, int Polylines, string[] Tips);

    /// <summary>Every chart: inside the section it is named after, drawn (non-zero box), each series with one
    /// polyline and <c>data-points</c> hover circles, no more than <c>data-total</c>, each circle with a tip.
    /// Returns the series, chart by chart.</summary>
    public static async Task<Series[]> AssertCharts(ReportPage report)
    {
        var charts = await Js(report.Page, """
            () => JSON.stringify([...document.querySelectorAll('svg.chart')].map(svg => {
              const r = svg.getBoundingClientRect();
              const section = svg.closest('section');
              return {
                name: svg.getAttribute('data-chart'),
                section: section ? section.getAttribute('data-section') : null,
                width: r.width, height: r.height,
                series: [...svg.querySelectorAll('g.series')].map(g => ({
                  label: g.getAttribute('data-label'),
                  points: g.getAttribute('data-points'),
                  total: g.getAttribute('data-total'),
                  circles: g.querySelectorAll('circle.pt').length,
                  polylines: g.querySelectorAll('polyline').length,
                  tips: [...g.querySelectorAll('circle.pt')].map(c => c.getAttribute('data-tip')),
                })),
              };
            }))
            """);
        var all = new List<Series>();
        foreach (var chart in charts)
        {
            var name = (string?)chart["name"];
            Assert.True(name is not null, "an svg.chart without data-chart");
            Assert.True(name == (string?)chart["section"], $"svg.chart[data-chart={name}] is in section {chart["section"]}, not {name}");
            Assert.True((double)chart["width"]! > 0 && (double)chart["height"]! > 0, $"chart {name} is not drawn: {chart["width"]}x{chart["height"]}");
            var index = 0;
            foreach (var g in chart["series"]!)
            {
                var label = (string?)g["label"];
                var where = $"chart {name}, series {index} ({label})";
                Assert.True(label is not null, where + ": no data-label");
                Assert.True(int.TryParse((string?)g["points"], out var points), where + $": data-points is {g["points"]}");
                Assert.True(int.TryParse((string?)g["total"], out var total), where + $": data-total is {g["total"]}");
                var circles = (int)g["circles"]!;
                Assert.True(circles == points, where + $": {circles} circle.pt, data-points {points}");
                Assert.True(points <= total, where + $": data-points {points} > data-total {total}");
                Assert.True(points > 0, where + ": no point drawn");
                Assert.True((int)g["polylines"]! == 1, where + $": {g["polylines"]} polylines, not one");
                var tips = g["tips"]!.Select(t => (string?)t).ToArray();
                Assert.True(tips.All(t => !string.IsNullOrEmpty(t)), where + ": a circle.pt without data-tip");
                all.Add(new Series(name!, index, label!, points, total, circles, (int)g["polylines"]!, tips!));
                index++;
            }
        }
        return [.. all];
    }

    /// <summary>Hovers <paramref name="target"/> (an element with data-tip): <c>#tip</c> shows exactly its data-tip,
    /// then hides when the mouse leaves. Returns the tip's text.</summary>
    public static async Task<string> AssertHoverTip(ReportPage report, ILocator target)
    {
        var page = report.Page;
        var expected = await target.GetAttributeAsync("data-tip");
        Assert.True(expected is not null, "hover target has no data-tip");
        var tip = page.Locator("#tip");
        Assert.Equal(1, await tip.CountAsync());
        Assert.Equal("tooltip", await tip.GetAttributeAsync("role"));
        await target.HoverAsync(new LocatorHoverOptions { Timeout = 5_000 });
        Assert.True(await tip.GetAttributeAsync("hidden") is null, $"#tip still hidden after hovering the element with data-tip \"{expected}\"");
        Assert.True(await tip.IsVisibleAsync(), $"#tip not visible after hovering \"{expected}\"");
        var text = await tip.TextContentAsync();
        Assert.Equal(expected, text);
        await page.Mouse.MoveAsync(1, 1);
        Assert.True(await tip.GetAttributeAsync("hidden") is not null, $"#tip not hidden again after the mouse left \"{expected}\"");
        return text!;
    }

    /// <summary>Each chart's series: hover its first, middle and last point.</summary>
    public static async Task<List<(Series Series, string Tip)>> AssertHoverEverySeries(ReportPage report, Series[] series)
    {
        var tips = new List<(Series, string)>();
        foreach (var s in series)
        {
            var points = report.Page.Locator($"svg.chart[data-chart=\"{s.Chart}\"] g.series").Nth(s.Index).Locator("circle.pt");
            foreach (var i in new[] { 0, s.Points / 2, s.Points - 1 }.Distinct())
                tips.Add((s, await AssertHoverTip(report, points.Nth(i))));
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
        Assert.Equal("ascending", await th.GetAttributeAsync("aria-sort"));
        var ascending = await Rows(table, column);
        AssertSameRows(before, ascending, where);
        AssertOrdered(ascending, +1, where + " after one click");

        await th.ClickAsync();
        Assert.Equal("descending", await th.GetAttributeAsync("aria-sort"));
        var descending = await Rows(table, column);
        AssertSameRows(before, descending, where);
        AssertOrdered(descending, -1, where + " after a second click");
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
        var after = await Rows(table, 0);
        bool Matches(JToken r, string key) => ((string)r[key]!).ToLowerInvariant().Contains(query.ToLowerInvariant());
        var byText = after.All(r => (bool)r["hidden"]! == !Matches(r, "text"));
        var byInner = after.All(r => (bool)r["hidden"]! == !Matches(r, "inner"));
        Assert.True(byText || byInner,
            what + $": after typing \"{typed}\", hidden rows are not exactly those without it: "
            + string.Join("; ", after.Take(12).Select(r => $"{((string)r["inner"]!).Replace('\t', ' ').Trim()} hidden={r["hidden"]}")));
        Assert.Contains(after, r => (bool)r["hidden"]!);

        await input.FillAsync("");
        var cleared = await Rows(table, 0);
        Assert.True(cleared.All(r => !(bool)r["hidden"]!), what + ": rows still hidden after the filter box was emptied");
    }

    /// <summary>Every chart has a box, and a full-page screenshot has more than one colour.</summary>
    public static async Task AssertNotBlank(ReportPage report)
    {
        var boxes = JToken.Parse(await report.Page.EvaluateAsync<string>(
            "() => JSON.stringify([...document.querySelectorAll('svg')].filter(s => s.closest('svg') === s).map(s => { const r = s.getBoundingClientRect(); return { chart: s.getAttribute('data-chart'), w: r.width, h: r.height }; }))"));
        foreach (var b in boxes.Where(b => b["chart"]!.Type != JTokenType.Null))
            Assert.True((double)b["w"]! > 0 && (double)b["h"]! > 0, $"svg.chart[data-chart={b["chart"]}] has an empty box: {b["w"]}x{b["h"]}");
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
