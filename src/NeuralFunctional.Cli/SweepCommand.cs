using System.CommandLine;
using System.Globalization;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary><c>nf sweep EXPERIMENT [--out DIR] [--set path=value …] [--shard k/n] [--threads N]</c>: runs every variant
/// of the experiment's sweep in parallel, writes one output document per variant (named by the hash of its resolved
/// experiment) and <c>summary.json</c> (or a shard's summary) to DIR (default <c>out/NAME/</c> beside the
/// experiment), and prints a table: the variation across seeds for seed sweeps, else one row per variant.</summary>
public static class SweepCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var experiment = new Argument<string>("experiment") { Description = "The experiment file (JSON) with a sweep section." };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for the variants' output documents and the summary. Default: out/<name>/ beside the experiment." };
        var set = SetOption.Create();
        var shard = new Option<string?>("--shard") { Description = "Run only the k-th (1-based) of n contiguous slices of the variants, e.g. 2/3; join the shard summaries with nf merge." };
        var threads = new Option<int?>("--threads") { Description = "Run at most this many variants at once. Default: one per core. The output bytes do not depend on it." };
        var command = new Command("sweep", "Run every variant of an experiment's sweep and summarise them.") { experiment, output, set, shard, threads };
        command.SetAction(result => Execute(result.GetValue(experiment)!, result.GetValue(output), SetOption.Values(result, set),
            result.GetValue(shard), result.GetValue(threads), stdout, stderr));
        return command;
    }

    public static int Execute(string path, string? outDir, IReadOnlyList<string> overrides, string? shardText, int? threads,
        TextWriter stdout, TextWriter stderr)
    {
        var loaded = ExperimentFiles.Load(path, overrides);
        if (loaded.IsFail) return Reject(stderr, loaded.FailToSeq());
        var experiment = loaded.SuccessToSeq().Head();
        if (experiment.Sweep is not { } plan) return Reject(stderr, [ErrorCatalog.NoSweep(new Site(path, "", null, null))]);
        if (threads is < 1) return Reject(stderr, [ErrorCatalog.BadOption("--threads", $"must be at least 1, got {threads}")]);
        ShardInfo? shard = null;
        if (shardText is not null)
        {
            if (ParseShard(shardText) is not var (k, n)) return Reject(stderr, [ErrorCatalog.ShardSyntax(new Site("--shard", "", null, null), shardText)]);
            var (from, to) = SweepVariants.Slice(plan.Count, k, n);
            shard = new ShardInfo(k, n, from, to);
        }
        var expanded = SweepVariants.Expand(experiment, shard?.From ?? 0, shard?.To ?? plan.Count);
        if (expanded.IsFail) return Reject(stderr, expanded.FailToSeq());
        var attached = CsvFiles.AttachVariants(path, expanded.SuccessToSeq().Head());
        if (attached.IsFail) return Reject(stderr, attached.FailToSeq());
        var variants = attached.SuccessToSeq().Head();

        var directory = outDir ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "out", experiment.Name);
        var rows = SweepRunner.Run(variants, threads ?? Environment.ProcessorCount,
            (name, document) => AtomicFile.WriteAllText(Path.Combine(directory, name), document));
        var summary = SweepSummary.Build(SweepSummary.Header(experiment), rows, shard);
        var summaryPath = Path.Combine(directory, SweepSummary.FileName(shard));
        AtomicFile.WriteAllText(summaryPath, CanonicalJson.Write(summary));

        var seeds = plan.Seeds?.Count ?? 1;
        stdout.WriteLine($"{experiment.Name}: {plan.Count} variants ({plan.GridPoints} grid point{(plan.GridPoints == 1 ? "" : "s")} × {seeds} seed{(seeds == 1 ? "" : "s")})"
                         + (shard is null ? "" : $"; shard {shard.Index}/{shard.Count} runs {Count(shard.To - shard.From)} {Range(shard)}"));
        SweepTable.Write(stdout, summary);
        var diverged = rows.Count(r => (string?)r["status"] == "diverged");
        if (diverged > 0) stdout.WriteLine($"  {diverged} of {rows.Length} variants DIVERGED (status \"diverged\" in the summary).");
        stdout.WriteLine($"  wrote {rows.Length} output document{(rows.Length == 1 ? "" : "s")} and {Path.GetFileName(summaryPath)} to {Relative(directory)}");
        if (shard is not null) stdout.WriteLine($"  when every shard has run: nf merge {Path.Combine(Relative(directory), "summary-shard-*-of-" + shard.Count + ".json")}");
        return diverged > 0 ? ExitCode.Diverged : ExitCode.Ok;
    }

    /// <summary><c>k/n</c> with 1 ≤ k ≤ n, or null.</summary>
    public static (int K, int N)? ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || k < 1 || k > n) return null;
        return (k, n);
    }

    private static string Count(int n) => n == 1 ? "1 variant" : $"{n} variants";

    private static string Range(ShardInfo s) => s.To == s.From ? "" : s.To - s.From == 1 ? $"(#{s.From})" : $"(#{s.From}–{s.To - 1})";

    internal static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);

    internal static int Reject(TextWriter stderr, IEnumerable<ExperimentError> errors)
    {
        ExperimentFiles.Report(stderr, errors);
        return ExitCode.BadInput;
    }
}
