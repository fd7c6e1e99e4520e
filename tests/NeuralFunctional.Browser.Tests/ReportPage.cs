using Microsoft.Playwright;

namespace NeuralFunctional.Browser.Tests;

/// <summary>
/// One report open in its own browser context, with what it did wrong recorded from before its first byte loads:
/// console messages of type error, uncaught exceptions (<c>pageerror</c>), and requests for anything but the file
/// itself (file://, http(s)://, ws://... — each is aborted and recorded; <c>data:</c>, <c>blob:</c> and
/// <c>about:</c> URLs are the page's own content, not requests).
/// </summary>
public sealed class ReportPage : IAsyncDisposable
{
    public IPage Page { get; }
    public string Url { get; }
    public List<string> ConsoleErrors { get; } = [];
    public List<string> PageErrors { get; } = [];
    public List<string> Requests { get; } = [];

    private readonly IBrowserContext context;
    private readonly HashSet<IRequest> seen = [];
    private readonly object gate = new();

    private ReportPage(IBrowserContext context, IPage page, string url)
    {
        this.context = context;
        Page = page;
        Url = url;
    }

    internal static async Task<ReportPage> Open(IBrowserContext context, string htmlPath)
    {
        var url = new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri;
        var page = await context.NewPageAsync();
        var report = new ReportPage(context, page, url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (report.gate) report.ConsoleErrors.Add(message.Text);
        };
        page.PageError += (_, error) => { lock (report.gate) report.PageErrors.Add(error); };
        page.Request += (_, request) => report.Record(request);
        page.WebSocket += (_, socket) => { lock (report.gate) report.Requests.Add(socket.Url); };
        await context.RouteAsync("**/*", async route =>
        {
            if (report.IsSelf(route.Request.Url)) await route.ContinueAsync();
            else
            {
                report.Record(route.Request);
                await route.AbortAsync("blockedbyclient");
            }
        });
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return report;
    }

    private bool IsSelf(string url)
    {
        var hash = url.IndexOf('#');
        return (hash < 0 ? url : url[..hash]) == Url
               || url.StartsWith("data:", StringComparison.Ordinal)
               || url.StartsWith("blob:", StringComparison.Ordinal)
               || url.StartsWith("about:", StringComparison.Ordinal);
    }

    private void Record(IRequest request)
    {
        if (IsSelf(request.Url)) return;
        lock (gate)
            if (seen.Add(request)) Requests.Add(request.Url);
    }

    /// <summary>No console error, no page error, no request for anything but the page.</summary>
    public async Task AssertSelfContained()
    {
        // Let anything the page's script started late (timers, lazy loads) show up.
        await Page.WaitForTimeoutAsync(100);
        lock (gate)
        {
            Assert.True(ConsoleErrors.Count == 0, "console errors:\n  " + string.Join("\n  ", ConsoleErrors));
            Assert.True(PageErrors.Count == 0, "page errors:\n  " + string.Join("\n  ", PageErrors));
            Assert.True(Requests.Count == 0, "requests for anything but the page itself:\n  " + string.Join("\n  ", Requests));
        }
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
