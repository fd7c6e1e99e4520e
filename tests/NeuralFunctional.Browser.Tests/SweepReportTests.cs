using static NeuralFunctional.Browser.Tests.PageChecks;

namespace NeuralFunctional.Browser.Tests;

/// <summary>Sweep reports (<c>nf report FOLDER</c> on what <c>nf sweep</c> wrote): a seed sweep (100 seeds of
/// hiring) and a grid sweep without seeds (hiring's learning rates by hidden units).</summary>
[Collection(ChromiumCollection.Name)]
public sealed class SweepReportTests(Chromium chromium)
{
    private async Task Check(string experiment, string[] required, string[] absent)
    {
        var summary = ReportFiles.Json(Path.Combine(chromium.Reports.SweepFolder(experiment), "summary.json"));
        await using var page = await chromium.OpenReport(chromium.Reports.SweepReport(experiment));
        AssertSections(await AssertStructure(page, "sweep"), required, absent);
        var rows = await page.Page.Locator("table.data[data-table=\"variants\"] tbody tr").CountAsync();
        Assert.Equal((int)summary["variants"]!, rows);
        var metric = (await AssertCharts(page)).Where(s => s.Chart == "metric").ToArray();
        Assert.True(metric.Length > 0, "the metric chart has no series");
        await AssertHoverEverySeries(page, metric.Take(2).ToArray());
        await AssertSortable(page, page.Page.Locator("table.data[data-table=\"variants\"]"), "variants");
        await page.AssertSelfContained();
    }

    [SkippableFact]
    public Task Seed_sweep_lists_every_variant_and_shows_the_spread() =>
        Check("hiring-seeds", ["variants", "metric", "spread"], []);

    [SkippableFact]
    public Task Grid_sweep_lists_every_variant_and_has_no_spread() =>
        Check("hiring-learning-rates", ["variants", "metric"], ["spread"]);
}
