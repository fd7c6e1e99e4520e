using Newtonsoft.Json.Linq;
using Xunit.Sdk;
using static NeuralFunctional.Browser.Tests.PageChecks;

namespace NeuralFunctional.Browser.Tests;

/// <summary>
/// The harness proved on Fixtures/contract.html, a hand-written page that follows the report contract, and on broken
/// copies of it: a page that passes must pass, and each kind of fault must be caught.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class HarnessTests(Chromium chromium) : IDisposable
{
    private readonly TempDir dir = new();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>A copy of contract.html with <paramref name="edit"/> applied, in a temporary folder.</summary>
    private string Copy(string name, Func<string, string> edit)
    {
        var original = File.ReadAllText(Fixture("contract.html"));
        var changed = edit(original);
        Assert.NotEqual(original, changed);
        var path = dir.File(name);
        File.WriteAllText(path, changed);
        return path;
    }

    [SkippableFact]
    public async Task The_contract_page_passes_every_check()
    {
        await using var report = await chromium.OpenReport(Fixture("contract.html"));
        var soft = new Soft();
        await AssertContract(soft, report, "run", ["experiment", "loss", "confusion", "predictions"], ["returns"]);
        await soft.Check("loss chart", () =>
            RunReportTests.AssertLossChart(report, (JArray)ReportFiles.Json(Fixture("contract.out.json"))["trace"]!));
        await soft.Check("heat map tip", () => AssertHoverTip(report, report.Page.Locator("table.heat td[data-tip]").Nth(2)));
        await soft.Check("self-contained", report.AssertSelfContained);
        soft.AssertAll();
    }

    [SkippableFact]
    public async Task Soft_checks_report_every_failure_of_a_page()
    {
        var wrong = Copy("wrong-tips.html", html => html.Replace("epoch 30 · loss 0.1", "epoch 30 · loss 0.10")
            .Replace("data-report=\"run\"", "data-report=\"sweep\""));
        await using var report = await chromium.OpenReport(wrong);
        var soft = new Soft();
        await AssertContract(soft, report, "run", ["experiment"], []);
        await soft.Check("loss chart", () =>
            RunReportTests.AssertLossChart(report, (JArray)ReportFiles.Json(Fixture("contract.out.json"))["trace"]!));
        var e = Assert.ThrowsAny<XunitException>(soft.AssertAll);
        Assert.Contains("2 check(s) failed", e.Message);
        Assert.Contains("[structure]", e.Message);
        Assert.Contains("tip \"epoch 30 · loss 0.10\", the output has \"epoch 30 · loss 0.1\"", e.Message);
    }

    [SkippableFact]
    public async Task Console_errors_and_page_errors_are_caught()
    {
        var broken = Copy("broken.html", html => html.Replace("<script>\n(function () {",
            "<script>\nconsole.error('deliberate console error');\nsetTimeout(function () { undefinedFunction(); }, 0);\n(function () {"));
        await using var report = await chromium.OpenReport(broken);
        await report.Page.WaitForTimeoutAsync(100);
        Assert.Contains("deliberate console error", report.ConsoleErrors);
        Assert.Contains(report.PageErrors, e => e.Contains("undefinedFunction"));
        Assert.Empty(report.Requests);
        await Assert.ThrowsAsync<TrueException>(report.AssertSelfContained);
    }

    [SkippableFact]
    public async Task Requests_for_anything_but_the_page_are_recorded_and_blocked()
    {
        var external = Copy("external.html", html => html.Replace("<h1>contract</h1>",
            "<h1>contract</h1><img src=\"http://example.invalid/x.png\" alt=\"\"><img src=\"sibling.png\" alt=\"\">"
            + "<script>fetch('https://example.invalid/data.json').catch(function () {});</script>"));
        File.WriteAllBytes(dir.File("sibling.png"), []);
        await using var report = await chromium.OpenReport(external);
        await report.Page.WaitForTimeoutAsync(200);
        Assert.Contains("http://example.invalid/x.png", report.Requests);
        Assert.Contains("https://example.invalid/data.json", report.Requests);
        Assert.Contains(new Uri(dir.File("sibling.png")).AbsoluteUri, report.Requests);
        Assert.DoesNotContain(report.Url, report.Requests);
        await Assert.ThrowsAsync<TrueException>(report.AssertSelfContained);
        // The structure check sees the src attributes (and the second script) by themselves.
        await Assert.ThrowsAsync<TrueException>(() => AssertStructure(report, "run"));
    }

    [SkippableFact]
    public async Task A_page_without_its_script_fails_the_hover_sort_and_filter_checks()
    {
        var dead = Copy("dead.html", html => html[..html.IndexOf("<script>", StringComparison.Ordinal)] + "<script></script>\n</body>\n</html>\n");
        await using var report = await chromium.OpenReport(dead);
        await report.AssertSelfContained();
        await AssertStructure(report, "run");
        await AssertCharts(report);
        await Assert.ThrowsAnyAsync<XunitException>(() => AssertHoverTip(report, report.Page.Locator("circle.pt").First));
        await Assert.ThrowsAnyAsync<XunitException>(() => AssertEveryTableSorts(report));
        await Assert.ThrowsAnyAsync<XunitException>(() => AssertEveryFilter(report));
    }

    [SkippableFact]
    public async Task A_series_whose_points_disagree_with_data_points_fails_the_chart_check()
    {
        var wrong = Copy("wrong-points.html", html => html.Replace("data-points=\"5\"", "data-points=\"6\""));
        await using var report = await chromium.OpenReport(wrong);
        var e = await Assert.ThrowsAnyAsync<XunitException>(() => AssertCharts(report));
        Assert.Contains("chart loss, series loss: 5 circle.pt, data-points 6", e.Message);
    }

    [SkippableFact]
    public async Task A_blank_page_fails_the_screenshot_check()
    {
        var blank = dir.File("blank.html");
        File.WriteAllText(blank, "<!DOCTYPE html><html><body style=\"background:#fff\"></body></html>");
        await using var report = await chromium.OpenReport(blank);
        await Assert.ThrowsAnyAsync<XunitException>(() => AssertNotBlank(report));
    }

    public void Dispose() => dir.Dispose();
}
