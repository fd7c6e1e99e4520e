using System.CommandLine;
using Microsoft.Extensions.FileSystemGlobbing;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary><c>nf merge DIR|GLOB|SHARD-SUMMARY… [--out FILE] [--partial]</c>: joins the shard summaries of one sweep into
/// the summary an unsharded run writes (the same bytes). A folder stands for every shard summary in it
/// (<c>summary-ID-shard-K-of-N.json</c>); a quoted glob is expanded here (for a scheduler that runs commands without a
/// shell). Default output: <c>summary.json</c> beside the first shard (<c>summary-partial.json</c> with
/// <c>--partial</c>); <c>-</c> for standard output. Refused (exit 2): shards of several sweeps, of different
/// experiments or data, a shard given twice, overlapping or contradicting slices, and missing shards (named) unless
/// <c>--partial</c>, which merges what is there and says what is missing.</summary>
public static class MergeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var summaries = new Argument<string[]>("summaries")
        {
            Description = "The sweep's output folder, a glob, or the shard summaries (summary-ID-shard-K-of-N.json) to join, in any order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the merged summary; '-' for standard output. Default: summary.json beside the first shard." };
        var partial = new Option<bool>("--partial") { Description = "Merge the shards there are, say which are missing, and write summary-partial.json (with a `partial` section)." };
        var command = new Command("merge", "Join shard summaries of a sweep into its summary.") { summaries, output, partial };
        command.SetAction(result => Execute(result.GetValue(summaries)!, result.GetValue(output), stdout, stderr, result.GetValue(partial)));
        return command;
    }

    public static int Execute(IReadOnlyList<string> arguments, string? outPath, TextWriter stdout, TextWriter stderr, bool partial = false)
    {
        var errors = new List<ExperimentError>();
        var paths = Expand(arguments, errors);
        if (errors.Count > 0) return SweepCommand.Reject(stderr, errors);
        if (SeveralSweeps(paths, arguments) is { } several) return SweepCommand.Reject(stderr, [several]);

        var inputs = new List<(string File, string Text)>();
        foreach (var path in paths)
        {
            if (!File.Exists(path)) { errors.Add(ErrorCatalog.NoSuchFile(path, "Give the sweep's output folder, or the shard summaries nf sweep --shard wrote.")); continue; }
            try { inputs.Add((path, File.ReadAllText(path))); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(ErrorCatalog.Unreadable(path, ex.Message));
            }
        }
        if (errors.Count > 0) return SweepCommand.Reject(stderr, errors);
        var target = outPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(paths[0]))!, partial ? PartialFileName : SweepSummary.WholeFileName);
        return OutputTargets.Check([("--out", target)], paths.Select(p => ("a shard summary it merges", (string?)p)))
            .Bind(_ => SweepMerge.Merge(inputs, partial)).Then(stderr, merged => Write(merged, paths, outPath, target, stdout, stderr));
    }

    /// <summary>What <c>--partial</c> writes by default, so that a partial summary is never taken for the whole.</summary>
    public const string PartialFileName = "summary-partial.json";

    /// <summary>The files the arguments name: a folder's shard summaries (sorted), a glob's matches (sorted; for a
    /// pattern no file is literally named), or the file itself. A folder without shard summaries, or a glob that
    /// matches nothing, is an error.</summary>
    private static List<string> Expand(IReadOnlyList<string> arguments, List<ExperimentError> errors)
    {
        var paths = new List<string>();
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                var shards = Directory.GetFiles(argument, SweepSummary.ShardPattern).Order(StringComparer.Ordinal).ToList();
                if (shards.Count == 0) errors.Add(ErrorCatalog.NoShardFiles(new Site(argument, "", null, null), SweepCommand.Relative(argument)));
                paths.AddRange(shards);
            }
            else if (!File.Exists(argument) && argument.IndexOfAny(['*', '?']) >= 0)
            {
                var matches = Glob(argument);
                if (matches.Count == 0) errors.Add(ErrorCatalog.NoSuchFile(argument, "No file matches this pattern; give the sweep's output folder, or the shard summaries."));
                paths.AddRange(matches);
            }
            else paths.Add(argument);
        }
        return paths;
    }

    /// <summary>The files a glob matches (<c>*</c>, <c>?</c> and <c>**</c> in the file part or folders below a fixed root).</summary>
    private static List<string> Glob(string pattern)
    {
        var full = Path.GetFullPath(pattern);
        var segments = full.Split(Path.DirectorySeparatorChar);
        var fixedCount = segments.TakeWhile(s => s.IndexOfAny(['*', '?']) < 0).Count();
        var root = string.Join(Path.DirectorySeparatorChar, segments.Take(fixedCount));
        if (root.Length == 0) root = Path.DirectorySeparatorChar.ToString();
        if (!Directory.Exists(root)) return [];
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', segments.Skip(fixedCount)));
        return matcher.GetResultsInFullPath(root).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>When a folder or glob brought shard files of more than one sweep (their names' identities differ), the
    /// error listing them; null otherwise (files named one by one are checked by their contents).</summary>
    private static ExperimentError? SeveralSweeps(List<string> paths, IReadOnlyList<string> arguments)
    {
        if (arguments.All(File.Exists)) return null;
        var sweeps = paths.Select(p => (Path: p, Name: SweepSummary.ParseShardFileName(Path.GetFileName(p))))
            .Where(p => p.Name is { Running: false })
            .GroupBy(p => p.Name!.Id)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (sweeps.Count < 2) return null;
        return ErrorCatalog.SeveralSweeps(new Site(arguments[0], "", null, null),
            sweeps.Select(g => $"{Experiment(g.First().Path)} {g.Key} ({g.Count()} shard file{(g.Count() == 1 ? "" : "s")})").ToList());
    }

    private static string Experiment(string path)
    {
        try { return (string?)JObject.Parse(File.ReadAllText(path))["experiment"] ?? "?"; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException or InvalidCastException) { return "?"; }
    }

    private static int Write(MergedSweep merged, IReadOnlyList<string> paths, string? outPath, string target, TextWriter stdout, TextWriter stderr)
    {
        var summary = merged.Summary;
        var text = CanonicalJson.Write(summary);
        var toStdout = outPath == "-";
        var report = toStdout ? stderr : stdout;
        if (toStdout) stdout.Write(text);
        else AtomicFile.WriteAllText(target, text);
        var total = (int)summary["variants"]!;
        var present = summary["partial"]?["present"] is JValue p ? (int)p : total;
        report.WriteLine($"{(string?)summary["experiment"]}: merged {paths.Count} summar{(paths.Count == 1 ? "y" : "ies")} ({(merged.Complete ? $"{total} variants" : $"{present} of {total} variants: PARTIAL")})");
        if (!merged.Complete)
            report.WriteLine($"  missing: variants {string.Join(", ", merged.Missing.Select(m => m.To - m.From == 1 ? $"{m.From}" : $"{m.From}–{m.To - 1}"))}" +
                             (merged.MissingShards is { } shards ? $" ({shards} missing)" : ""));
        SweepTable.Write(report, summary);
        if (!toStdout) report.WriteLine($"  wrote {SweepCommand.Relative(target)}");
        return ExitCode.Ok;
    }
}
