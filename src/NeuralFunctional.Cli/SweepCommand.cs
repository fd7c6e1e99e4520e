using System.CommandLine;
using System.Globalization;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary><c>nf sweep EXPERIMENT [--out DIR] [--set path=value …] [--shard k/n|auto|auto/n] [--force] [--threads N]</c>:
/// runs every variant of the experiment's sweep in parallel, writes one output document per variant (named by the hash
/// of its resolved experiment) and <c>summary.json</c> (or a shard's summary, <c>summary-ID-shard-K-of-N.json</c>) to
/// DIR (default <c>out/NAME/</c> beside the experiment), and prints a table: the variation across seeds for seed
/// sweeps, else one row per variant. Network and reinforcement-learning files alike (the latter's summary is about
/// returns). A shard whose summary is already in DIR is not run again unless <c>--force</c>; while a shard runs, a
/// <c>.running</c> file beside its summary says so (<c>nf sweep --status DIR</c>, <see cref="SweepStatus"/>).</summary>
public static class SweepCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, RunHost? host = null)
    {
        var experiment = new Argument<string?>("experiment") { Description = "The experiment file (JSON) with a sweep section.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for the variants' output documents and the summary. Default: out/<name>/ beside the experiment." };
        var set = SetOption.Create();
        var shard = new Option<string?>("--shard")
        {
            Description = "Run only the k-th (1-based) of n contiguous slices of the variants, e.g. 2/3; 'auto' takes k/n from a Slurm array task " +
                          "(SLURM_ARRAY_TASK_*), a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with auto/n or NF_SHARD_COUNT) or NF_SHARD=k/n. " +
                          "Join the shard summaries with nf merge DIR.",
        };
        var force = new Option<bool>("--force") { Description = "Run a shard again even though its summary is already in the output folder." };
        var status = new Option<string?>("--status") { Description = "Instead of running: list the shards in this folder, done, running and missing." };
        var threads = new Option<int?>("--threads") { Description = "Run at most this many variants at once. Default: one per core. The output bytes do not depend on it." };
        var command = new Command("sweep", "Run every variant of an experiment's sweep and summarise them.") { experiment, output, set, shard, force, status, threads };
        command.SetAction(result =>
        {
            var (file, folder) = (result.GetValue(experiment), result.GetValue(status));
            if (folder is not null)
                return file is null ? SweepStatus.Execute(folder, stdout, stderr)
                    : Reject(stderr, [ErrorCatalog.BadOption("--status", "takes the output folder in place of the experiment: nf sweep --status DIR")]);
            if (file is null) return Reject(stderr, [ErrorCatalog.BadOption("experiment", "give the experiment file to sweep (or --status DIR to see a sharded sweep's progress)")]);
            return Execute(file, result.GetValue(output), SetOption.Values(result, set), result.GetValue(shard), result.GetValue(threads), stdout, stderr, host,
                result.GetValue(force));
        });
        return command;
    }

    /// <summary>A supervised file's variants each write their output document (a CSV file read afresh per variant, so
    /// that each variant's split follows its seed) and the summary is of losses and metrics; a reinforcement-learning
    /// file's, their reinforcement documents and a summary of returns (<see cref="SweepSummary.ReinforcementFormat"/>).</summary>
    public static int Execute(string path, string? outDir, IReadOnlyList<string> overrides, string? shardText, int? threads,
        TextWriter stdout, TextWriter stderr, RunHost? host = null, bool force = false)
    {
        var h = host ?? RunHost.None;
        var request = new SweepRequest(path, outDir, shardText, threads, force);
        return ExperimentFiles.LoadKind(path, overrides).Map(ExperimentPipelines.Of)
            .Bind(pipeline => pipeline.Sweeping(path).Map(source => (pipeline, source)))
            .Then(stderr, p => Sweep(request, p.pipeline.Name, p.pipeline.Sweep, p.source, stdout, stderr, h));
    }

    /// <summary>What the command line asks of a sweep, beside the experiment.</summary>
    private sealed record SweepRequest(string Path, string? OutDir, string? ShardText, int? Threads, bool Force);

    /// <summary>Every kind of sweep, once: the plan and shard, the variants in [from, to) (<see cref="SweepSource.Expand"/>),
    /// each run and written to the output folder, then the summary. A shard already done (its summary in the folder,
    /// of this very sweep) is not run again unless --force. Ctrl+C or SIGTERM: no new variant starts, those running
    /// finish and are written, no summary is written, and the exit code is the host's (130, 143).</summary>
    private static int Sweep(SweepRequest request, string name, SweepPlan? sweep, SweepSource source,
        TextWriter stdout, TextWriter stderr, RunHost host)
    {
        return Plan(request, sweep, host).Then(stderr, planned => Sweep(request, name, planned.Plan, planned.Shard, source.Header, stdout, stderr, host, source.Expand));
    }

    private static int Sweep(SweepRequest request, string name, SweepPlan plan, ShardInfo? shard, SweepHeader header,
        TextWriter stdout, TextWriter stderr, RunHost host, Func<int, int, LanguageExt.Validation<ExperimentError, List<ISweepVariant>>> expand)
    {
        var directory = OutputDirectory(request.Path, request.OutDir, name);
        var summaryPath = Path.Combine(directory, SweepSummary.FileName(header, shard));
        if (shard is not null && !request.Force && SweepStatus.FinishedShard(summaryPath, header, shard) is { } done)
        {
            var divergedBefore = done.Count(r => (string?)r["status"] == "diverged");
            stdout.WriteLine($"{header.Experiment}: shard {shard.Index}/{shard.Count} is already done ({Relative(summaryPath)}); nothing run (--force runs it again)");
            return divergedBefore > 0 ? ExitCode.Diverged : ExitCode.Ok;
        }
        return OutputTargets.CheckFolder("--out", directory).Bind(_ => expand(shard?.From ?? 0, shard?.To ?? plan.Count)).Then(stderr, variants =>
        {
            var running = shard is null ? null : SweepStatus.MarkRunning(summaryPath, header, shard, variants.Select(v => v.FileName));
            try
            {
                var written = 0;
                var rows = SweepRunner.Run(variants, request.Threads ?? Environment.ProcessorCount, (file, document) =>
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
                return Finish(stdout, header, plan, shard, summaryPath, all);
            }
            finally
            {
                if (running is not null) File.Delete(running);
            }
        });
    }

    /// <summary>The sweep and the shard to run, or why not: no sweep, bad --threads, bad --shard, --shard auto outside
    /// a scheduler or with numbers that disagree.</summary>
    private static LanguageExt.Validation<ExperimentError, (SweepPlan Plan, ShardInfo? Shard)> Plan(SweepRequest request, SweepPlan? sweep, RunHost host)
    {
        if (sweep is not { } plan) return Fail(ErrorCatalog.NoSweep(new Site(request.Path, "", null, null)));
        if (request.Threads is < 1) return Fail(ErrorCatalog.BadOption("--threads", $"must be at least 1, got {request.Threads}"));
        if (request.ShardText is null) return (plan, (ShardInfo?)null);
        return ShardRequest.Resolve(request.ShardText, host.EnvironmentVariable).Map(choice =>
        {
            var (from, to) = SweepVariants.Slice(plan.Count, choice.Index, choice.Count);
            return (plan, (ShardInfo?)new ShardInfo(choice.Index, choice.Count, from, to));
        });
    }

    private static LanguageExt.Validation<ExperimentError, (SweepPlan, ShardInfo?)> Fail(ExperimentError error) =>
        LanguageExt.Validation<ExperimentError, (SweepPlan, ShardInfo?)>.Fail(LanguageExt.Seq.create(error));

    private static string OutputDirectory(string path, string? outDir, string name) =>
        outDir ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "out", name);

    /// <summary>Writes the summary (or the shard's) and prints the table and what was written.</summary>
    private static int Finish(TextWriter stdout, SweepHeader header, SweepPlan plan, ShardInfo? shard, string summaryPath, IReadOnlyList<JObject> rows)
    {
        var summary = SweepSummary.Build(header, rows, shard);
        AtomicFile.WriteAllText(summaryPath, CanonicalJson.Write(summary));
        var directory = Path.GetDirectoryName(summaryPath)!;

        var seeds = plan.Seeds?.Count ?? 1;
        stdout.WriteLine($"{header.Experiment}: {plan.Count} variants ({plan.GridPoints} grid point{(plan.GridPoints == 1 ? "" : "s")} × {seeds} seed{(seeds == 1 ? "" : "s")})"
                         + (shard is null ? "" : $"; shard {shard.Index}/{shard.Count} runs {Count(shard.To - shard.From)} {Range(shard)}"));
        SweepTable.Write(stdout, summary);
        var diverged = rows.Count(r => (string?)r["status"] == "diverged");
        if (diverged > 0) stdout.WriteLine($"  {diverged} of {rows.Count} variants DIVERGED (status \"diverged\" in the summary).");
        stdout.WriteLine($"  wrote {rows.Count} output document{(rows.Count == 1 ? "" : "s")} and {Path.GetFileName(summaryPath)} to {Relative(directory)}");
        if (shard is not null) stdout.WriteLine($"  when every shard has run: nf merge {Relative(directory)}   (progress: nf sweep --status {Relative(directory)})");
        return diverged > 0 ? ExitCode.Diverged : ExitCode.Ok;
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
