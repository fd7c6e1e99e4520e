using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Browser.Tests;

/// <summary>
/// The reports under test, each made once per test run (on first use) into one temporary folder by the <c>nf</c>
/// command line run in-process: <c>nf run</c> or <c>nf sweep</c> first, then <c>nf report</c> on what they wrote.
/// </summary>
public sealed class ReportFiles(Action require) : IDisposable
{
    private readonly TempDir dir = new();
    private readonly Dictionary<string, string> made = [];

    /// <summary>DIR/NAME.out.json, written by <c>nf run experiments/NAME.json --out … --quiet</c>.</summary>
    public string RunOutput(string experiment) => Once("run " + experiment, () =>
    {
        var output = dir.File(experiment + ".out.json");
        Nf("run", Repo.Experiment(experiment), "--out", output, "--quiet");
        return output;
    });

    /// <summary>DIR/NAME.html, by <c>nf report DIR/NAME.out.json --out DIR/NAME.html</c>.</summary>
    public string RunReport(string experiment) => Once("report " + experiment, () =>
    {
        var output = RunOutput(experiment);
        var html = dir.File(experiment + ".html");
        Nf("report", output, "--out", html);
        return html;
    });

    /// <summary>DIR/A-vs-B.html, by <c>nf report A.out.json B.out.json --out …</c>.</summary>
    public string ComparisonReport(string a, string b) => Once($"compare {a} {b}", () =>
    {
        var (outA, outB) = (RunOutput(a), RunOutput(b));
        var html = dir.File($"{a}-vs-{b}.html");
        Nf("report", outA, outB, "--out", html);
        return html;
    });

    /// <summary>DIR/NAME (the variants' outputs and summary.json), by <c>nf sweep experiments/NAME.json --out …</c>.</summary>
    public string SweepFolder(string experiment) => Once("sweep " + experiment, () =>
    {
        var folder = dir.File(experiment);
        Nf("sweep", Repo.Experiment(experiment), "--out", folder);
        return folder;
    });

    /// <summary>DIR/NAME.html, by <c>nf report DIR/NAME --out …</c> on the sweep's folder.</summary>
    public string SweepReport(string experiment) => Once("sweep report " + experiment, () =>
    {
        var folder = SweepFolder(experiment);
        var html = dir.File(experiment + ".html");
        Nf("report", folder, "--out", html);
        return html;
    });

    public static JObject Json(string path) => JObject.Parse(File.ReadAllText(path));

    private string Once(string key, Func<string> make)
    {
        require();
        if (!made.TryGetValue(key, out var path)) made[key] = path = make();
        return path;
    }

    private static void Nf(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = NeuralFunctional.Cli.Program.Run(args, stdout, stderr);
        Assert.True(exit == 0, $"nf {string.Join(' ', args)} exited {exit}:\n{stderr}\n{stdout}");
    }

    public void Dispose() => dir.Dispose();
}
