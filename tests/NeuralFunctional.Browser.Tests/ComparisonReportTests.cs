using Newtonsoft.Json.Linq;
using static NeuralFunctional.Browser.Tests.PageChecks;

namespace NeuralFunctional.Browser.Tests;

/// <summary>The comparison report of two outputs (<c>nf report A.out.json B.out.json</c>): hiring at learning rate 0.1
/// and at 1.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ComparisonReportTests(Chromium chromium)
{
    [SkippableFact]
    public async Task Two_loss_curves_each_with_its_own_losses_and_the_first_divergent_epoch_marked()
    {
        var a = ReportFiles.Json(chromium.Reports.RunOutput("hiring"));
        var b = ReportFiles.Json(chromium.Reports.RunOutput("hiring-lr-1"));
        await using var page = await chromium.OpenReport(chromium.Reports.ComparisonReport("hiring", "hiring-lr-1"));
        AssertSections(await AssertStructure(page, "comparison"), ["changes", "loss", "divergence", "metrics", "predictions"]);

        var loss = (await AssertCharts(page)).Where(s => s.Chart == "loss").ToArray();
        Assert.True(loss.Length == 2, $"{loss.Length} loss series, not 2: {string.Join(", ", loss.Select(s => s.Label))}");
        var traces = new[] { (JArray)a["trace"]!, (JArray)b["trace"]! };
        for (var i = 0; i < 2; i++)
        {
            // The series of B is the one labelled hiring-lr-1, if the labels tell; else the second.
            var ofB = loss.Any(s => s.Label.Contains("hiring-lr-1")) ? loss[i].Label.Contains("hiring-lr-1") : i == 1;
            var trace = traces[ofB ? 1 : 0];
            Assert.Equal(trace.Count, loss[i].Total);
            if (trace.Count <= 500) Assert.Equal(trace.Count, loss[i].Points);
            foreach (var tip in loss[i].Tips) RunReportTests.AssertLossTip(tip, trace);
        }
        foreach (var (_, tip) in await AssertHoverEverySeries(page, loss))
            Assert.StartsWith("epoch ", tip);

        var first = traces[0].Zip(traces[1], (x, y) => (First: x, Second: y)).First(p => (double)p.First["loss"]! != (double)p.Second["loss"]!);
        Assert.Equal((int)first.First["epoch"]!, (int)first.Second["epoch"]!);
        var marker = page.Page.Locator("svg.chart[data-chart=\"loss\"] line.marker");
        Assert.Equal(1, await marker.CountAsync());
        Assert.Equal(((int)first.First["epoch"]!).ToString(), await marker.GetAttributeAsync("data-epoch"));

        var changes = await page.Page.Locator("section[data-section=\"changes\"]").InnerTextAsync();
        Assert.Contains("learningRate", changes);
        await page.AssertSelfContained();
    }
}
