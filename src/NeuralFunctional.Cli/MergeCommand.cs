using System.CommandLine;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary><c>nf merge SHARD-SUMMARY… [--out FILE]</c>: joins the shard summaries of one sweep into the summary an
/// unsharded run writes (the same bytes). Default output: <c>summary.json</c> beside the first shard; <c>-</c> for
/// standard output. Shards of different experiments, overlapping slices or missing variants are refused (exit 2).</summary>
public static class MergeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var summaries = new Argument<string[]>("summaries") { Description = "The shard summaries (summary-shard-k-of-n.json) to join, in any order.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the merged summary; '-' for standard output. Default: summary.json beside the first shard." };
        var command = new Command("merge", "Join shard summaries of a sweep into its summary.") { summaries, output };
        command.SetAction(result => Execute(result.GetValue(summaries)!, result.GetValue(output), stdout, stderr));
        return command;
    }

    public static int Execute(IReadOnlyList<string> paths, string? outPath, TextWriter stdout, TextWriter stderr)
    {
        var inputs = new List<(string File, string Text)>();
        var errors = new List<ExperimentError>();
        foreach (var path in paths)
        {
            if (!File.Exists(path)) { errors.Add(ErrorCatalog.NoSuchFile(path, "Give the shard summaries nf sweep --shard wrote.")); continue; }
            try { inputs.Add((path, File.ReadAllText(path))); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(ErrorCatalog.Unreadable(path, ex.Message));
            }
        }
        if (errors.Count > 0) return SweepCommand.Reject(stderr, errors);
        var target = outPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(paths[0]))!, SweepSummary.FileName(null));
        return OutputTargets.Check([("--out", target)], paths.Select(p => ("a shard summary it merges", (string?)p)))
            .Bind(_ => SweepMerge.Merge(inputs)).Then(stderr, summary => Write(summary, paths, outPath, stdout, stderr));
    }

    private static int Write(Newtonsoft.Json.Linq.JObject summary, IReadOnlyList<string> paths, string? outPath, TextWriter stdout, TextWriter stderr)
    {
        var text = CanonicalJson.Write(summary);
        var toStdout = outPath == "-";
        var target = outPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(paths[0]))!, SweepSummary.FileName(null));
        var report = toStdout ? stderr : stdout;
        if (toStdout) stdout.Write(text);
        else AtomicFile.WriteAllText(target, text);
        report.WriteLine($"{(string?)summary["experiment"]}: merged {paths.Count} summar{(paths.Count == 1 ? "y" : "ies")} ({(int)summary["variants"]!} variants)");
        SweepTable.Write(report, summary);
        if (!toStdout) report.WriteLine($"  wrote {SweepCommand.Relative(target)}");
        return ExitCode.Ok;
    }
}
