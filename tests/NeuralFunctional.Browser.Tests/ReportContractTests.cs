using static NeuralFunctional.Browser.Tests.PageChecks;

namespace NeuralFunctional.Browser.Tests;

/// <summary>The contract every report page keeps, checked on each kind of report: runs of six kinds of experiment, a
/// comparison, a seed sweep and a grid sweep.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ReportContractTests(Chromium chromium)
{
    public const string Comparison = "hiring vs hiring-lr-1";
    public const string SeedSweep = "sweep hiring-seeds";
    public const string GridSweep = "sweep hiring-learning-rates";

    public static TheoryData<string> Reports =>
        ["hiring", "iris", "xor-2-2-1", "sine-elman", "bandit", "autoencoder-8-3-8", Comparison, SeedSweep, GridSweep];

    public static string Kind(string report) =>
        report == Comparison ? "comparison" : report.StartsWith("sweep ", StringComparison.Ordinal) ? "sweep" : "run";

    /// <summary>The report's page, made on first use.</summary>
    public static string Html(Chromium chromium, string report) => Kind(report) switch
    {
        "comparison" => chromium.Reports.ComparisonReport("hiring", "hiring-lr-1"),
        "sweep" => chromium.Reports.SweepReport(report["sweep ".Length..]),
        _ => chromium.Reports.RunReport(report),
    };

    private Task<ReportPage> Open(string report)
    {
        chromium.Require();
        return chromium.OpenReport(Html(chromium, report));
    }

    [SkippableTheory, MemberData(nameof(Reports))]
    public async Task Loads_nothing_and_logs_no_error(string report)
    {
        await using var page = await Open(report);
        await page.AssertSelfContained();
        await AssertStructure(page, Kind(report));
    }

    [SkippableTheory, MemberData(nameof(Reports))]
    public async Task Every_series_draws_its_points_and_every_chart_shows_tips(string report)
    {
        await using var page = await Open(report);
        var series = await AssertCharts(page);
        Assert.True(series.Length > 0, "no chart series on the page");
        await AssertHoverEverySeries(page, series);
        await page.AssertSelfContained();
    }

    [SkippableTheory, MemberData(nameof(Reports))]
    public async Task Tables_sort_by_a_numeric_column_both_ways(string report)
    {
        await using var page = await Open(report);
        var tables = await page.Page.Locator("table.data").CountAsync();
        var sorted = await AssertEveryTableSorts(page);
        // A bandit's run has no predictions nor metrics: its page need not have a table.
        if (report != "bandit")
        {
            Assert.True(tables > 0, "no table.data on the page");
            Assert.True(sorted > 0, $"none of the {tables} tables has a numeric column with two distinct values");
        }
        await page.AssertSelfContained();
    }

    [SkippableTheory, MemberData(nameof(Reports))]
    public async Task Filters_hide_the_rows_without_the_typed_text(string report)
    {
        await using var page = await Open(report);
        await AssertEveryFilter(page);
        await page.AssertSelfContained();
    }

    [SkippableTheory, MemberData(nameof(Reports))]
    public async Task Screenshot_is_not_blank(string report)
    {
        await using var page = await Open(report);
        await AssertNotBlank(page);
    }
}
