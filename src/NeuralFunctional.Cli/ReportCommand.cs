using System.CommandLine;
using LanguageExt;
using NeuralFunctional.Experiments;
using NeuralFunctional.Experiments.Plots;
using NeuralFunctional.Experiments.Reports;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Cli;

/// <summary><c>nf report OUTPUT.json | A.json B.json … | SWEEP-DIR [--out FILE.html] [--data DIR]</c>: one self-contained
/// HTML page (style, script and charts inlined; no network) of a run, a comparison or a sweep. The pages come from
/// <c>NeuralFunctional.Experiments.Reports</c>; this command only reads, dispatches and writes (atomically).</summary>
public static class ReportCommand
{
    /// <summary>The page written into a sweep folder when no --out is given.</summary>
    public const string SweepPage = "report.html";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "One output document (or experiment file, run first): a run's report. Several: a comparison. A sweep's --out folder: a sweep's report.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new System.CommandLine.Option<string?>("--out", "-o")
        {
            Description = "The HTML file to write. Default: the document's name with .html beside it, or report.html in a sweep folder; a comparison needs one.",
        };
        var data = VerifyCommand.DataOption();
        var command = new Command("report", "Write one self-contained HTML page of a run, a comparison of runs, or a sweep: charts with exact values on hover, sortable tables, no network needed.")
        {
            inputs, output, data,
        };
        command.SetAction(r => Execute(r.GetValue(inputs)!, r.GetValue(output), stdout, stderr, r.GetValue(data)));
        return command;
    }

    public static int Execute(IReadOnlyList<string> paths, string? outPath, TextWriter stdout, TextWriter stderr, string? dataDir = null)
    {
        var folders = paths.Where(Directory.Exists).ToList();
        if (folders.Count > 0 && paths.Count > 1)
            return SweepCommand.Reject(stderr, [ErrorCatalog.SweepFolderAlone(folders[0])]);
        var target = outPath
            ?? (folders.Count == 1 ? Path.Combine(folders[0], SweepPage)
                : paths.Count == 1 ? Path.ChangeExtension(paths[0], ".html")
                : null);
        if (target is null) return SweepCommand.Reject(stderr, [ErrorCatalog.ComparisonNeedsOut(paths.Count)]);
        if (!target.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !target.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            return SweepCommand.Reject(stderr, [ErrorCatalog.ReportNeedsHtml(target)]);
        var report = OutputTargets.Check([("--out", target)], paths.Select(p => ("a document it reports on", (string?)p)))
            .Bind(_ => folders.Count == 1 ? Sweep(folders[0])
                : paths.Select(p => ComparableFiles.Load(p).Map(doc => (File: p, Doc: doc))).ToList().Sequence()
                    .Map(docs => docs.ToList())
                    .Bind(docs => docs.Count == 1 ? Run(docs[0], dataDir) : Comparison(docs)));
        return report.Then(stderr, written =>
        {
            foreach (var e in written.Omitted)
                stderr.WriteLine($"warning: a section is left out of the report: {e}");
            AtomicFile.WriteAllText(target, written.Html);
            var kind = folders.Count == 1 ? "sweep" : paths.Count == 1 ? "run" : "comparison";
            stdout.WriteLine($"{kind} report of {string.Join(", ", paths)}: {Path.GetRelativePath(Environment.CurrentDirectory, target)} (open it in a browser; it needs no network)");
            return ExitCode.Ok;
        });
    }

    /// <summary>A run's report; the decision map and hidden state read the data it was trained on
    /// (<see cref="CsvFiles.AttachForOutput"/>, found as <c>nf plot</c> finds it), and are left out, with a warning, when it cannot be found.</summary>
    private static Validation<ExperimentError, Report> Run((string File, JObject Doc) run, string? dataDir) =>
        Success<ExperimentError, Report>(RunReport.Of(run.File, run.Doc, () =>
            PlottedRun.Read(run.File, run.Doc, "report", e => CsvFiles.AttachForOutput(run.File, e, DataFiles.Read(run.File, run.Doc).IfFail([]), dataDir))));

    private static Validation<ExperimentError, Report> Comparison(IReadOnlyList<(string File, JObject Doc)> docs)
    {
        var kinds = docs.Select(d => DiffCommand.KindOf(d.Doc)).ToList();
        var other = kinds.FindIndex(k => k != kinds[0]);
        return other >= 0
            ? Fail<ExperimentError, Report>(ErrorCatalog.DifferentKinds(docs[other].File, kinds[0], kinds[other]))
            : Success<ExperimentError, Report>(ComparisonReport.Of(docs));
    }

    /// <summary>The sweep in <paramref name="folder"/>: its merged summary, or the partial one when only that is there.</summary>
    private static Validation<ExperimentError, Report> Sweep(string folder)
    {
        var file = new[] { "summary.json", "summary-partial.json" }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);
        if (file is null) return Fail<ExperimentError, Report>(ErrorCatalog.NoSweepSummary(folder));
        return ExperimentFiles.Parse(file).Bind(tree =>
            tree is JObject summary && SweepSummary.Formats.Contains((string?)summary["format"] ?? "")
                ? Success<ExperimentError, Report>(SweepReport.Of(file, summary))
                : Fail<ExperimentError, Report>(ErrorCatalog.NotASweepSummary(new Site(file, "format", null, null), (string?)(tree as JObject)?["format"])));
    }
}
