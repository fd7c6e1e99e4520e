using static NeuralFunctional.Browser.Tests.PageChecks;

namespace NeuralFunctional.Browser.Tests;

/// <summary>Sweep reports (<c>nf report FOLDER</c> on what <c>nf sweep</c> wrote): a seed sweep (hiring from 100
/// seeds) and a grid sweep without seeds (hiring's learning rates by hidden units).</summary>
[Collection(ChromiumCollection.Name)]
public sealed class SweepReportTests(Chromium chromium)
{
    private async Task Check(string experiment, string[] required, string[] absent)
    {
        var summary = ReportFiles.Json(Path.Combine(chromium.Reports.SweepFolder(experiment), "summary.json"));
        await using var page = await chromium.OpenReport(chromium.Reports.SweepReport(experiment));
        var soft = new Soft();
        await AssertContract(soft, page, "sweep", required, absent);
        await soft.Check("variants table", async () =>
        {
            var table = page.Page.Locator("table.data[data-table=\"variants\"]");
            Assert.True(await table.CountAsync() == 1, "no table.data[data-table=variants]");
            var rows = await table.Locator("tbody tr").CountAsync();
            Assert.True((int)summary["variants"]! == rows, $"the variants table has {rows} rows, the sweep {summary["variants"]} variants");
        });
        await soft.Check("metric chart", async () =>
        {
            var metric = (await ReadCharts(page)).Where(s => s.Chart == "metric").ToArray();
            Assert.True(metric.Length > 0, "no series in svg.chart[data-chart=metric]");
        });
        await soft.Check("self-contained", page.AssertSelfContained);
        soft.AssertAll();
    }

    [SkippableFact]
    public Task Seed_sweep_lists_every_variant_and_shows_the_spread() =>
        Check("hiring-seeds", ["variants", "metric", "spread"], []);

    [SkippableFact]
    public Task Grid_sweep_lists_every_variant_and_has_no_spread() =>
        Check("hiring-learning-rates", ["variants", "metric"], ["spread"]);
}
