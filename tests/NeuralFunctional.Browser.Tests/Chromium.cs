using Microsoft.Playwright;

namespace NeuralFunctional.Browser.Tests;

/// <summary>The one collection of browser tests: one Chromium for the whole test run, the tests one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<Chromium>
{
    public const string Name = "chromium";
}

/// <summary>
/// The system Chromium (never a browser that Playwright downloads), driven headless through Playwright's bundled node
/// driver: found from <c>NF_CHROMIUM</c>, else <c>/usr/bin/chromium</c>, else <c>chromium</c> or
/// <c>chromium-browser</c> on PATH. Where there is none, <see cref="Require"/> skips the test and says what is missing;
/// where there is one that does not start, every test fails with the reason.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>The executable launched, or null when none was found.</summary>
    public string? Executable { get; }

    /// <summary>Why no Chromium was found (the skip reason), or null.</summary>
    public string? Missing { get; }

    /// <summary>The browser's version as Chromium reports it, once launched.</summary>
    public string? Version => browser?.Version;

    /// <summary>The reports under test, made on first use by the nf command line run in-process.</summary>
    public ReportFiles Reports { get; }

    private IPlaywright? playwright;
    private IBrowser? browser;
    private Exception? launchError;

    public Chromium()
    {
        (Executable, Missing) = Find();
        Reports = new ReportFiles(Require);
    }

    public async Task InitializeAsync()
    {
        if (Executable is null) return;
        // Playwright's browser builds are never fetched: the system Chromium is given by path.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        try
        {
            playwright = await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Executable,
                Headless = true,
                Timeout = 60_000,
            });
        }
        catch (Exception e)
        {
            launchError = e;
        }
    }

    public async Task DisposeAsync()
    {
        Reports.Dispose();
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
    }

    /// <summary>Skips the calling test (a <c>[SkippableFact]</c>) when there is no Chromium; fails it when there is
    /// one that did not start.</summary>
    public void Require()
    {
        Skip.If(Executable is null, Missing);
        if (launchError is not null)
            throw new InvalidOperationException($"Chromium at {Executable} did not start through Playwright: {launchError.Message}", launchError);
    }

    /// <summary>Opens <paramref name="htmlPath"/> (its file:// URL) in a fresh context and page, recording console
    /// errors, page errors and every request for anything but the file itself (each such request is aborted).</summary>
    public async Task<ReportPage> OpenReport(string htmlPath)
    {
        Require();
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            // The page must not depend on being online, nor on any cache.
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        return await ReportPage.Open(context, htmlPath);
    }

    private static (string? Executable, string? Missing) Find()
    {
        var named = Environment.GetEnvironmentVariable("NF_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(named))
        {
            var found = named.Contains('/') ? (File.Exists(named) ? Path.GetFullPath(named) : null) : OnPath(named);
            return found is not null
                ? (found, null)
                : (null, $"no Chromium: NF_CHROMIUM names {named}, which is not an existing file or a command on PATH");
        }
        if (File.Exists("/usr/bin/chromium")) return ("/usr/bin/chromium", null);
        foreach (var name in new[] { "chromium", "chromium-browser" })
            if (OnPath(name) is { } path) return (path, null);
        return (null, "no Chromium: NF_CHROMIUM is not set, /usr/bin/chromium does not exist, and neither chromium nor "
                      + "chromium-browser is on PATH (apt-get install chromium)");
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);
}
