using Newtonsoft.Json.Linq;
using static NeuralFunctional.Browser.Tests.PageChecks;

namespace NeuralFunctional.Browser.Tests;

/// <summary>The comparison report of two outputs (<c>nf report A.out.json B.out.json</c>): hiring at learning rate 0.1
/// and at 1, whose traces part at epoch 10.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ComparisonReportTests(Chromium chromium)
{
    [SkippableFact]
    public async Task Hiring_against_hiring_lr_1_two_loss_curves_with_their_own_losses_and_the_divergence_marked()
    {
        var a = ReportFiles.Json(chromium.Reports.RunOutput("hiring"));
        var b = ReportFiles.Json(chromium.Reports.RunOutput("hiring-lr-1"));
        await using var page = await chromium.OpenReport(chromium.Reports.ComparisonReport("hiring", "hiring-lr-1"));
        var soft = new Soft();
        await AssertContract(soft, page, "comparison", ["changes", "loss", "divergence", "metrics", "predictions"], []);
        var traces = new[] { (JArray)a["trace"]!, (JArray)b["trace"]! };

        await soft.Check("loss chart", async () =>
        {
            var loss = (await ReadCharts(page)).Where(s => s.Chart == "loss").ToArray();
            Assert.True(loss.Length == 2, $"{loss.Length} loss series, not 2: {string.Join(", ", loss.Select(s => s.Label))}");
            for (var i = 0; i < 2; i++)
            {
                // B's series is the one labelled hiring-lr-1 if the labels tell, else the second.
                var ofB = loss.Any(s => s.Label.Contains("hiring-lr-1")) ? loss[i].Label.Contains("hiring-lr-1") : i == 1;
                var trace = traces[ofB ? 1 : 0];
                var what = $"series {i} ({loss[i].Label}, taken as {(ofB ? "hiring-lr-1" : "hiring")})";
                Assert.True(trace.Count == loss[i].Total, $"{what}: data-total {loss[i].Total}, the trace has {trace.Count} entries");
                if (trace.Count <= 500) Assert.True(trace.Count == loss[i].Points, $"{what}: {loss[i].Points} points of {trace.Count}");
                RunReportTests.AssertEach(loss[i].Tips, tip => RunReportTests.AssertLossTip(tip, trace), what + " tips");
            }
            await AssertHoverEverySeries(page, loss);
        });

        await soft.Check("divergence marker", async () =>
        {
            var first = traces[0].Zip(traces[1], (x, y) => (A: x, B: y)).First(p => (double)p.A["loss"]! != (double)p.B["loss"]!);
            var epoch = ((int)first.A["epoch"]!).ToString();
            var marker = page.Page.Locator("svg.chart[data-chart=\"loss\"] line.marker");
            Assert.True(await marker.CountAsync() == 1, $"{await marker.CountAsync()} line.marker in the loss chart, not 1");
            Assert.Equal(epoch, await marker.GetAttributeAsync("data-epoch"));
        });

        await soft.Check("changes", async () =>
            Assert.Contains("learningRate", await page.Page.Locator("section[data-section=\"changes\"]").InnerTextAsync()));
        await soft.Check("self-contained", page.AssertSelfContained);
        soft.AssertAll();
    }
}
