using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using static NeuralFunctional.Browser.Tests.PageChecks;

namespace NeuralFunctional.Browser.Tests;

/// <summary>
/// Run reports (<c>nf run experiments/NAME.json</c>, then <c>nf report NAME.out.json</c>): each page opened once, the
/// whole contract checked on it, and what its kind of experiment adds checked against the output document.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed partial class RunReportTests(Chromium chromium)
{
    [GeneratedRegex(@"^(?:[A-Z]\d* · )?epoch (\d+) · (loss|validation loss) (\S+)$")]
    private static partial Regex LossTip();

    [GeneratedRegex(@"^episode (\d+) · (return|mean return) (\S+)$")]
    private static partial Regex ReturnTip();

    private static readonly string[] Supervised = ["experiment", "loss", "metrics", "predictions"];

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
        var expected = tip[..tip.IndexOf("epoch ", StringComparison.Ordinal)] + $"epoch {epoch} · {m.Groups[2].Value} {R((double)entry[field]!)}";
        Assert.True(expected == tip, $"tip \"{tip}\", the output has \"{expected}\"");
    }

    /// <summary>The loss chart: one training-loss series with every trace entry (all drawn when there are at most 500),
    /// each point's tip the exact loss at its epoch, as written and as shown on hover.</summary>
    public static async Task AssertLossChart(ReportPage page, JArray trace, string label = "loss chart")
    {
        var loss = (await ReadCharts(page)).Where(s => s.Chart == "loss").ToArray();
        var training = loss.Where(s => s.Tips.All(t => !t.Contains("validation loss"))).ToArray();
        Assert.True(training.Length == 1, $"{label}: {training.Length} training-loss series, not 1 ({string.Join(", ", loss.Select(s => s.Label))})");
        Assert.True(trace.Count == training[0].Total, $"{label}: data-total {training[0].Total}, the trace has {trace.Count} entries");
        if (trace.Count <= 500)
            Assert.True(trace.Count == training[0].Points, $"{label}: {training[0].Points} points drawn of the trace's {trace.Count} (at most 500: all)");
        AssertEach(loss.SelectMany(s => s.Tips), tip => AssertLossTip(tip, trace), label + " tips");
        foreach (var (_, tip) in await AssertHoverEverySeries(page, training)) AssertLossTip(tip, trace);
    }

    /// <summary>The check on every item; fails with how many failed and the first failure of each kind.</summary>
    public static void AssertEach(IEnumerable<string> items, Action<string> check, string what)
    {
        var all = items.ToArray();
        var failures = new List<string>();
        foreach (var item in all)
            try { check(item); }
            catch (Xunit.Sdk.XunitException e) { failures.Add(e.Message); }
        Assert.True(failures.Count == 0, $"{what}: {failures.Count} of {all.Length} wrong, e.g.:\n  "
            + string.Join("\n  ", failures.DistinctBy(f => System.Text.RegularExpressions.Regex.Replace(f, @"[0-9.E+-]+", "#")).Take(5)));
    }

    private async Task Check(string experiment, string[] required, string[] absent, Func<Soft, ReportPage, JObject, Task> specific,
                             bool sortableTable = true)
    {
        var output = ReportFiles.Json(chromium.Reports.RunOutput(experiment));
        await using var page = await chromium.OpenReport(chromium.Reports.RunReport(experiment));
        var soft = new Soft();
        await AssertContract(soft, page, "run", required, absent, sortableTable);
        await specific(soft, page, output);
        await soft.Check("self-contained", page.AssertSelfContained);
        soft.AssertAll();
    }

    private static async Task AssertPredictionRows(ReportPage page, JObject output)
    {
        var predictions = output["predictions"]!;
        var expected = ((JArray)predictions["train"]!).Count + (((JArray?)predictions["test"])?.Count ?? 0);
        var rows = await page.Page.Locator("table.data[data-table=\"predictions\"] tbody tr").CountAsync();
        Assert.True(expected == rows, $"the predictions tables have {rows} rows, the output {expected} predictions (train and test)");
    }

    [SkippableFact]
    public Task Hiring_has_one_loss_curve_with_every_trace_entry_metrics_predictions_and_network() =>
        Check("hiring", [.. Supervised, "network"], ["returns", "hidden", "reconstructions", "codes"], async (soft, page, output) =>
        {
            await soft.Check("loss chart", () => AssertLossChart(page, (JArray)output["trace"]!));
            await soft.Check("predictions", () => AssertPredictionRows(page, output));
        });

    [SkippableFact]
    public Task Iris_has_a_three_class_confusion_heat_map_and_a_filterable_predictions_table() =>
        Check("iris", [.. Supervised, "confusion"], ["returns", "reconstructions", "codes"], async (soft, page, output) =>
        {
            await soft.Check("loss chart", () => AssertLossChart(page, (JArray)output["trace"]!));
            await soft.Check("confusion heat map", () => AssertConfusion(page, (JObject)output["metrics"]!, 3));
            await soft.Check("predictions filter", async () =>
            {
                var filter = page.Page.Locator("input.filter[data-filter=\"predictions\"]");
                Assert.True(await filter.CountAsync() >= 1, "no input.filter[data-filter=predictions]");
                await AssertFilter(page, filter.First, "predictions filter");
            });
            await soft.Check("predictions", () => AssertPredictionRows(page, output));
        });

    /// <summary>Each heat map is one of the output's confusion matrices (row-major counts as data-value), each cell's
    /// tip <c>true X · predicted Y: COUNT</c>, shown on hover.</summary>
    private static async Task AssertConfusion(ReportPage page, JObject metrics, int classes)
    {
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
            Assert.True(values.Count == classes * classes, $"heat map {h}: {values.Count} cells with data-value, not {classes}x{classes}");
            var matrix = matrices.FirstOrDefault(m => m.Cells.SequenceEqual(values));
            Assert.True(matrix.Cells is not null, $"heat map {h}: counts {string.Join(",", values)} are none of the output's confusion matrices: "
                + string.Join("; ", matrices.Select(m => m.Split + " " + string.Join(",", m.Cells))));
            for (var i = 0; i < values.Count; i++)
            {
                var expected = $"true {matrix.Classes[i / classes]} · predicted {matrix.Classes[i % classes]}: {values[i]}";
                Assert.True(expected == tips[i], $"heat map {h} ({matrix.Split}), cell {i}: data-tip \"{tips[i]}\", expected \"{expected}\"");
            }
            // An off-diagonal count if there is one, else the last cell.
            var target = Enumerable.Range(0, values.Count).FirstOrDefault(i => values[i] > 0 && i / classes != i % classes, values.Count - 1);
            await AssertHoverTip(page, cells.Nth(target));
        }
    }

    [SkippableFact]
    public Task Xor_with_two_inputs_draws_its_decision_boundary() =>
        Check("xor-2-2-1", ["experiment", "loss", "boundary"], ["returns", "hidden"], async (soft, page, output) =>
        {
            await soft.Check("loss chart", () => AssertLossChart(page, (JArray)output["trace"]!));
            await soft.Check("boundary chart", async () =>
            {
                var section = page.Page.Locator("section[data-section=\"boundary\"]");
                var boundary = section.Locator("svg.figure[data-figure=\"boundary\"]");
                Assert.True(await boundary.CountAsync() == 1, "no svg.figure[data-figure=boundary] in the boundary section; its svg elements: "
                    + string.Join(" ", await section.Locator("svg").EvaluateAllAsync<string[]>("a => a.map(s => s.outerHTML.slice(0, s.outerHTML.indexOf('>') + 1))")));
                var box = await boundary.BoundingBoxAsync();
                Assert.True(box is { Width: > 0, Height: > 0 }, "the boundary chart has no box");
                var shapes = await boundary.Locator("rect, path, circle, polygon, polyline, image").CountAsync();
                Assert.True(shapes > 4, $"the boundary chart draws {shapes} shapes");
            });
        });

    [SkippableFact]
    public Task Sine_elman_shows_its_hidden_state() =>
        Check("sine-elman", ["experiment", "loss", "hidden"], ["returns", "boundary"], async (soft, page, output) =>
        {
            await soft.Check("loss chart", () => AssertLossChart(page, (JArray)output["trace"]!));
            await soft.Check("hidden chart", async () =>
            {
                var hidden = (await ReadCharts(page)).Where(s => s.Chart == "hidden").ToArray();
                Assert.True(hidden.Length > 0, "no series in svg.chart[data-chart=hidden]");
            });
        });

    [SkippableFact]
    public Task Bandit_shows_its_returns_with_tips_from_the_output() =>
        Check("bandit", ["experiment", "returns", "arms", "trace"], ["loss", "predictions", "confusion", "boundary", "hidden"], async (soft, page, output) =>
        {
            await soft.Check("returns chart", async () =>
            {
                var returns = ((JArray)output["returns"]!).Select(v => (double)v).ToArray();
                var trace = (JArray)output["trace"]!;
                var series = (await ReadCharts(page)).Where(s => s.Chart == "returns").ToArray();
                Assert.True(series.Length > 0, "no series in svg.chart[data-chart=returns]");
                foreach (var s in series)
                {
                    Assert.True(s.Total == returns.Length || s.Total == trace.Count,
                        $"returns series {s.Label}: data-total {s.Total}, neither the {returns.Length} returns nor the {trace.Count} trace entries");
                }
                // The returns are the output's; the moving mean beside them is computed by the page (checked by the
                // plot model's own tests), so only its count is checked here.
                var own = series.Where(s => s.Label == "return").ToArray();
                Assert.True(own.Length == 1 && own[0].Total == returns.Length, "no `return` series with every episode's return");
                AssertEach(own[0].Tips, tip => AssertReturnTip(tip, returns, trace), "returns tips");
            });
        }, sortableTable: false);

    /// <summary><c>episode E · return V</c>: V the output's value at episode E (the E-th return, or the trace's return or
    /// mean return at episode E).</summary>
    private static void AssertReturnTip(string tip, double[] returns, JArray trace)
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
        }.OfType<double>().Select(R).Distinct().ToArray();
        Assert.True(candidates.Contains(m.Groups[3].Value),
            $"returns tip \"{tip}\": {m.Groups[3].Value} is not the output's value for episode {episode} ({string.Join(" or ", candidates)})");
    }

    [SkippableFact]
    public Task Autoencoder_shows_reconstructions_and_codes() =>
        Check("autoencoder-digits", ["experiment", "loss", "reconstructions", "codes"], ["returns", "boundary"], async (soft, page, output) =>
        {
            await soft.Check("loss chart", () => AssertLossChart(page, (JArray)output["trace"]!));
            foreach (var name in new[] { "reconstructions", "codes" })
                await soft.Check(name, async () =>
                {
                    var section = page.Page.Locator($"section[data-section=\"{name}\"]");
                    Assert.True(await section.CountAsync() == 1, $"no section {name}");
                    var content = await section.Locator("table, svg").CountAsync();
                    Assert.True(content > 0, $"section {name} has no table nor svg");
                });
        });
}
