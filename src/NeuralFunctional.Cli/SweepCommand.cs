using System.CommandLine;
using System.Globalization;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary><c>nf sweep EXPERIMENT [--out DIR] [--set path=value …] [--shard k/n] [--threads N]</c>: runs every variant
/// of the experiment's sweep in parallel, writes one output document per variant (named by the hash of its resolved
/// experiment) and <c>summary.json</c> (or a shard's summary) to DIR (default <c>out/NAME/</c> beside the
/// experiment), and prints a table: the variation across seeds for seed sweeps, else one row per variant. Network and
/// reinforcement-learning files alike (the latter's summary is about returns).</summary>
public static class SweepCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, RunHost? host = null)
    {
        var experiment = new Argument<string>("experiment") { Description = "The experiment file (JSON) with a sweep section." };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for the variants' output documents and the summary. Default: out/<name>/ beside the experiment." };
        var set = SetOption.Create();
        var shard = new Option<string?>("--shard") { Description = "Run only the k-th (1-based) of n contiguous slices of the variants, e.g. 2/3; join the shard summaries with nf merge." };
        var threads = new Option<int?>("--threads") { Description = "Run at most this many variants at once. Default: one per core. The output bytes do not depend on it." };
        var command = new Command("sweep", "Run every variant of an experiment's sweep and summarise them.") { experiment, output, set, shard, threads };
        command.SetAction(result => Execute(result.GetValue(experiment)!, result.GetValue(output), SetOption.Values(result, set),
            result.GetValue(shard), result.GetValue(threads), stdout, stderr, host));
        return command;
    }

    /// <summary>A supervised file's variants each write their output document (a CSV file read afresh per variant, so
    /// that each variant's split follows its seed) and the summary is of losses and metrics; a reinforcement-learning
    /// file's, their reinforcement documents and a summary of returns (<see cref="SweepSummary.ReinforcementFormat"/>).</summary>
    public static int Execute(string path, string? outDir, IReadOnlyList<string> overrides, string? shardText, int? threads,
        TextWriter stdout, TextWriter stderr, RunHost? host = null)
    {
        var h = host ?? RunHost.None;
        return ExperimentFiles.LoadKind(path, overrides).Then(stderr, kind => kind.Match(
            supervised: e => Sweep(path, e.Name, e.Sweep, SweepSummary.Header(e), outDir, shardText, threads, stdout, stderr, h,
                (from, to) => SweepVariants.Expand(e, from, to).Bind(variants => CsvFiles.AttachVariants(path, variants))
                    .Map(variants => variants.Cast<ISweepVariant>().ToList())),
            reinforcement: e => Sweep(path, e.Name, e.Sweep, SweepSummary.Header(e), outDir, shardText, threads, stdout, stderr, h,
                (from, to) => SweepVariants.Expand(e, from, to).Map(variants => variants.Cast<ISweepVariant>().ToList())),
            curves: _ => Reject(stderr, [ErrorCatalog.WrongExperimentKind(path, "sweep", kind, "an experiment that trains a network or a policy")])));
    }

    /// <summary>Every kind of sweep, once: the plan and shard, the variants in [from, to) (<paramref name="expand"/>),
    /// each run and written to the output folder, then the summary. Ctrl+C or SIGTERM: no new variant starts, those
    /// running finish and are written, no summary is written, and the exit code is the host's (130, 143).</summary>
    private static int Sweep(string path, string name, SweepPlan? sweep, SweepHeader header, string? outDir, string? shardText, int? threads,
        TextWriter stdout, TextWriter stderr, RunHost host, Func<int, int, LanguageExt.Validation<ExperimentError, List<ISweepVariant>>> expand)
    {
        if (Plan(path, sweep, shardText, threads, stderr) is not var (plan, shard)) return ExitCode.BadInput;
        var directory = OutputDirectory(path, outDir, name);
        return OutputTargets.CheckFolder("--out", directory).Bind(_ => expand(shard?.From ?? 0, shard?.To ?? plan.Count)).Then(stderr, variants =>
        {
            var written = 0;
            var rows = SweepRunner.Run(variants, threads ?? Environment.ProcessorCount, (file, document) =>
            {
                AtomicFile.WriteAllText(Path.Combine(directory, file), document);
                Interlocked.Increment(ref written);
            }, host.Cancel);
            if (rows is not { } all)
            {
                stdout.WriteLine($"{header.Experiment}: INTERRUPTED after {written} of {variants.Count} variants; their output documents are in " +
                                 $"{Relative(directory)}; no summary was written (run the sweep again for it).");
                return host.InterruptedExit();
            }
            return Finish(stdout, header, plan, shard, directory, all);
        });
    }

    /// <summary>The sweep and the shard to run, or null after reporting why not (no sweep, bad --threads, bad --shard).</summary>
    private static (SweepPlan Plan, ShardInfo? Shard)? Plan(string path, SweepPlan? sweep, string? shardText, int? threads, TextWriter stderr)
    {
        if (sweep is not { } plan) { Reject(stderr, [ErrorCatalog.NoSweep(new Site(path, "", null, null))]); return null; }
        if (threads is < 1) { Reject(stderr, [ErrorCatalog.BadOption("--threads", $"must be at least 1, got {threads}")]); return null; }
        if (shardText is null) return (plan, null);
        if (ParseShard(shardText) is not var (k, n)) { Reject(stderr, [ErrorCatalog.ShardSyntax(new Site("--shard", "", null, null), shardText)]); return null; }
        var (from, to) = SweepVariants.Slice(plan.Count, k, n);
        return (plan, new ShardInfo(k, n, from, to));
    }

    private static string OutputDirectory(string path, string? outDir, string name) =>
        outDir ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "out", name);

    /// <summary>Writes the summary (or the shard's) and prints the table and what was written.</summary>
    private static int Finish(TextWriter stdout, SweepHeader header, SweepPlan plan, ShardInfo? shard, string directory, IReadOnlyList<JObject> rows)
    {
        var summary = SweepSummary.Build(header, rows, shard);
        var summaryPath = Path.Combine(directory, SweepSummary.FileName(shard));
        AtomicFile.WriteAllText(summaryPath, CanonicalJson.Write(summary));

        var seeds = plan.Seeds?.Count ?? 1;
        stdout.WriteLine($"{header.Experiment}: {plan.Count} variants ({plan.GridPoints} grid point{(plan.GridPoints == 1 ? "" : "s")} × {seeds} seed{(seeds == 1 ? "" : "s")})"
                         + (shard is null ? "" : $"; shard {shard.Index}/{shard.Count} runs {Count(shard.To - shard.From)} {Range(shard)}"));
        SweepTable.Write(stdout, summary);
        var diverged = rows.Count(r => (string?)r["status"] == "diverged");
        if (diverged > 0) stdout.WriteLine($"  {diverged} of {rows.Count} variants DIVERGED (status \"diverged\" in the summary).");
        stdout.WriteLine($"  wrote {rows.Count} output document{(rows.Count == 1 ? "" : "s")} and {Path.GetFileName(summaryPath)} to {Relative(directory)}");
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
