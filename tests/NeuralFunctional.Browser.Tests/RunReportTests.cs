using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using static NeuralFunctional.Browser.Tests.PageChecks;

namespace NeuralFunctional.Browser.Tests;

/// <summary>Run reports (<c>nf report NAME.out.json</c>): what each kind of experiment adds to the page, checked
/// against the output document it was made from.</summary>
[Collection(ChromiumCollection.Name)]
public sealed partial class RunReportTests(Chromium chromium)
{
    [GeneratedRegex(@"^epoch (\d+) · (loss|validation loss) (\S+)$")]
    private static partial Regex LossTip();

    [GeneratedRegex(@"^episode (\d+) · (return|mean return) (\S+)$")]
    private static partial Regex ReturnTip();

    /// <summary>A loss point's tip: <c>epoch E · loss V</c> (or <c>validation loss</c>), V exactly the trace's value at
    /// epoch E in shortest round-trip form.</summary>
    public static void AssertLossTip(string tip, JArray trace)
    {
        var m = LossTip().Match(tip);
        Assert.True(m.Success, $"loss tip \"{tip}\" does not read \"epoch E · loss V\"");
        var epoch = int.Parse(m.Groups[1].Value);
        var entry = trace.FirstOrDefault(e => (int?)e["epoch"] == epoch);
        Assert.True(entry is not null, $"tip \"{tip}\": no trace entry for epoch {epoch}");
        var field = m.Groups[2].Value == "loss" ? "loss" : "validationLoss";
        Assert.True(entry[field] is { Type: JTokenType.Float or JTokenType.Integer }, $"tip \"{tip}\": the trace has no {field} at epoch {epoch}");
        Assert.Equal($"epoch {epoch} · {m.Groups[2].Value} {R((double)entry[field]!)}", tip);
    }

    private async Task<(ReportPage Page, JObject Output, string[] Sections)> Open(string experiment)
    {
        var output = ReportFiles.Json(chromium.Reports.RunOutput(experiment));
        var page = await chromium.OpenReport(chromium.Reports.RunReport(experiment));
        return (page, output, await AssertStructure(page, "run"));
    }

    private static async Task<int> BodyRows(ReportPage page, string table) =>
        await page.Page.Locator($"table.data[data-table=\"{table}\"] tbody tr").CountAsync();

    [SkippableFact]
    public async Task Hiring_has_one_loss_curve_with_every_trace_entry_and_tips_with_the_exact_losses()
    {
        var (page, output, sections) = await Open("hiring");
        await using var _ = page;
        AssertSections(sections, ["experiment", "loss", "metrics", "predictions", "network"],
            ["returns", "hidden", "reconstructions", "codes", "boundary"]);
        var trace = (JArray)output["trace"]!;
        var loss = Assert.Single(await AssertCharts(page), s => s.Chart == "loss");
        Assert.Equal(trace.Count, loss.Total);
        if (trace.Count <= 500) Assert.Equal(trace.Count, loss.Points);
        // Every point's tip, as written in the page, and three of them as shown on hover.
        foreach (var tip in loss.Tips) AssertLossTip(tip, trace);
        foreach (var (_, tip) in await AssertHoverEverySeries(page, [loss])) AssertLossTip(tip, trace);
        var predictions = output["predictions"]!;
        Assert.Equal(((JArray)predictions["train"]!).Count + ((JArray?)predictions["test"])?.Count ?? 0, await BodyRows(page, "predictions"));
        await page.AssertSelfContained();
    }

    [SkippableFact]
    public async Task Iris_has_a_three_class_confusion_heat_map_and_a_filterable_predictions_table()
    {
        var (page, output, sections) = await Open("iris");
        await using var _ = page;
        AssertSections(sections, ["experiment", "loss", "metrics", "confusion", "predictions"]);
        var metrics = (JObject)output["metrics"]!;
        var matrices = metrics.Properties().Where(p => p.Value["confusion"] is JArray)
            .Select(p => (Split: p.Name, Classes: p.Value["classes"]!.Select(c => (string)c!).ToArray(),
                          Cells: p.Value["confusion"]!.SelectMany(row => row.Select(c => (int)c!)).ToArray()))
            .ToArray();
        var heats = page.Page.Locator("table.heat[data-table=\"confusion\"]");
        var count = await heats.CountAsync();
        Assert.True(count >= 1, "no table.heat[data-table=confusion]");
        for (var h = 0; h < count; h++)
        {
            var cells = heats.Nth(h).Locator("td[data-value]");
            var values = new List<int>();
            var tips = new List<string?>();
            for (var i = 0; i < await cells.CountAsync(); i++)
            {
                values.Add(int.Parse((await cells.Nth(i).GetAttributeAsync("data-value"))!));
                tips.Add(await cells.Nth(i).GetAttributeAsync("data-tip"));
            }
            Assert.True(values.Count == 9, $"heat map {h}: {values.Count} cells with data-value, not 3x3");
            var matrix = matrices.FirstOrDefault(m => m.Cells.SequenceEqual(values));
            Assert.True(matrix.Cells is not null, $"heat map {h}: counts {string.Join(",", values)} are none of the output's confusion matrices: "
                + string.Join("; ", matrices.Select(m => m.Split + " " + string.Join(",", m.Cells))));
            for (var i = 0; i < 9; i++)
                Assert.Equal($"true {matrix.Classes[i / 3]} · predicted {matrix.Classes[i % 3]}: {values[i]}", tips[i]);
            await AssertHoverTip(page, cells.Nth(values.Select((v, i) => (v, i)).First(x => x.v > 0 && x.i % 4 != 0 || x.i == 8).i));
        }
        var filter = page.Page.Locator("input.filter[data-filter=\"predictions\"]");
        Assert.True(await filter.CountAsync() >= 1, "no filter box for the predictions table");
        await AssertFilter(page, filter.First, "predictions filter");
        var predictions = output["predictions"]!;
        Assert.Equal(((JArray)predictions["train"]!).Count + ((JArray?)predictions["test"])?.Count ?? 0, await BodyRows(page, "predictions"));
        await page.AssertSelfContained();
    }

    [SkippableFact]
    public async Task Xor_with_two_inputs_draws_its_decision_boundary()
    {
        var (page, _, sections) = await Open("xor-2-2-1");
        await using var __ = page;
        AssertSections(sections, ["experiment", "loss", "boundary"]);
        var boundary = page.Page.Locator("section[data-section=\"boundary\"] svg.chart[data-chart=\"boundary\"]");
        Assert.Equal(1, await boundary.CountAsync());
        var box = await boundary.BoundingBoxAsync();
        Assert.True(box is { Width: > 0, Height: > 0 }, "the boundary chart has no box");
        var shapes = await boundary.Locator("rect, path, circle, polygon, polyline, image").CountAsync();
        Assert.True(shapes > 4, $"the boundary chart draws {shapes} shapes");
        await page.AssertSelfContained();
    }

    [SkippableFact]
    public async Task Sine_elman_shows_its_hidden_state()
    {
        var (page, _, sections) = await Open("sine-elman");
        await using var __ = page;
        AssertSections(sections, ["experiment", "loss", "hidden"]);
        var hidden = (await AssertCharts(page)).Where(s => s.Chart == "hidden").ToArray();
        Assert.True(hidden.Length > 0, "the hidden chart has no series");
        await AssertHoverEverySeries(page, hidden.Take(1).ToArray());
        await page.AssertSelfContained();
    }

    [SkippableFact]
    public async Task Bandit_shows_its_returns_with_tips_from_the_output()
    {
        var (page, output, sections) = await Open("bandit");
        await using var _ = page;
        AssertSections(sections, ["experiment", "returns"], ["loss", "predictions", "confusion", "boundary"]);
        var returns = ((JArray)output["returns"]!).Select(v => (double)v).ToArray();
        var trace = (JArray)output["trace"]!;
        var series = (await AssertCharts(page)).Where(s => s.Chart == "returns").ToArray();
        Assert.True(series.Length > 0, "the returns chart has no series");
        foreach (var s in series)
        {
            Assert.True(s.Total == returns.Length || s.Total == trace.Count,
                $"returns series {s.Label}: data-total {s.Total}, neither the {returns.Length} returns nor the {trace.Count} trace entries");
            foreach (var tip in s.Tips)
            {
                var m = ReturnTip().Match(tip);
                Assert.True(m.Success, $"returns tip \"{tip}\" does not read \"episode E · return V\"");
                var episode = int.Parse(m.Groups[1].Value);
                var entry = trace.FirstOrDefault(e => (int?)e["episode"] == episode);
                var candidates = new[]
                {
                    episode >= 1 && episode <= returns.Length ? returns[episode - 1] : (double?)null,
                    episode >= 0 && episode < returns.Length ? returns[episode] : null,
                    (double?)entry?["return"], (double?)entry?["meanReturn"],
                }.OfType<double>().Select(R).ToArray();
                Assert.True(candidates.Contains(m.Groups[3].Value),
                    $"returns tip \"{tip}\": {m.Groups[3].Value} is not the output's value for episode {episode} ({string.Join(" or ", candidates.Distinct())})");
            }
        }
        await AssertHoverEverySeries(page, series);
        await page.AssertSelfContained();
    }

    [SkippableFact]
    public async Task Autoencoder_shows_reconstructions_and_codes()
    {
        var (page, _, sections) = await Open("autoencoder-8-3-8");
        await using var __ = page;
        AssertSections(sections, ["experiment", "loss", "reconstructions", "codes"]);
        foreach (var name in new[] { "reconstructions", "codes" })
        {
            var content = await page.Page.Locator($"section[data-section=\"{name}\"]").Locator("table, svg").CountAsync();
            Assert.True(content > 0, $"section {name} has no table nor svg");
        }
        await page.AssertSelfContained();
    }
}
