using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary><c>nf bench [--format table|json] [--only W1,W2] [--repeat 3] [--reference]</c>: trains the benchmark
/// workloads W1–W3 and their option variants (see <see cref="Workloads"/>) and prints the median time of the training
/// loop (every epoch and the final record; the epoch-0 record, loading and the warm-up runs are not timed), samples/s
/// and GFLOP/s. The <c>E2E-inproc-*</c> rows instead time a whole in-process <c>nf run</c> of
/// <c>bench/e2e-digits-*.json</c> or <c>bench/e2e-elman.json</c> (read the file and the CSV,
/// prepare, train, write the output document to a temporary folder): everything but the process's start-up. Timing
/// is host code: the core never reads a clock.</summary>
public static class BenchCommand
{
    /// <summary>The default workloads.</summary>
    public const string Default = "W1,W2,W3";

    /// <summary>The in-process end-to-end rows and the experiment file each runs, relative to the repository root.</summary>
    public static readonly IReadOnlyList<(string Name, string File)> EndToEnd =
    [
        ("E2E-inproc-sgd", "bench/e2e-digits-sgd.json"),
        ("E2E-inproc-adam", "bench/e2e-digits-adam.json"),
        ("E2E-inproc-elman", "bench/e2e-elman.json"),
    ];

    /// <summary>What <c>--only all</c> runs, in table order.</summary>
    public static IReadOnlyList<string> All => [.. Default.Split(','), .. Workloads.Variants, .. EndToEnd.Select(e => e.Name), BenchReinforce.Name];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        var only = new Option<string?>("--only")
        {
            Description = $"Comma-separated workloads to run (default {Default}), or 'all' ({string.Join(",", All)}). " +
                          $"W3@N runs W3 on N rows (linearity: W3@5000,W3@10000,W3@20000). BASE-OPTION (BASE W1, W2, W3 or W3@N; " +
                          $"OPTION {string.Join(", ", Workloads.Options)}) is BASE with that one training option: momentum/nesterov " +
                          "β 0.9 at the same lr, adam lr 0.001 β1 0.9 β2 0.999 ε 1e-8, decay 1e-4, a step schedule (×0.5 every quarter " +
                          "of the epochs), early stopping on a 0.1 validation split that never fires. E2E-inproc-sgd and " +
                          "E2E-inproc-adam time an in-process nf run of bench/e2e-digits-sgd.json / -adam.json (no process start-up). " +
                          "E2E-inproc-elman times an in-process nf run " +
                          "of bench/e2e-elman.json (256 sequences x 32 steps, Elman 8-128-8, full BPTT, 20 epochs). " +
                          $"{BenchReinforce.Name}: REINFORCE on {BenchReinforce.File}, every episode (samples/s = episodes/s).",
        };
        var repeat = new Option<int>("--repeat") { Description = "Runs per workload; the median is reported.", DefaultValueFactory = _ => 3 };
        var reference = new Option<bool>("--reference") { Description = "Time the plain reference path (Training.RunReference) instead (not for the E2E rows)." };
        var root = new Option<string?>("--root") { Description = "The repository root holding bench/ (default: found from the current folder)." };
        var command = new Command("bench", "Time the benchmark workloads W1-W3, their option variants and the in-process end-to-end runs.") { format, only, repeat, reference, root };
        command.SetAction(r => Execute(r.GetValue(format)!, r.GetValue(only), r.GetValue(repeat), r.GetValue(reference), r.GetValue(root), stdout, stderr));
        return command;
    }

    /// <summary>One workload's figures: the median seconds of the timed runs and what follows from them.</summary>
    public sealed record Figures(string Workload, double Seconds, double SamplesPerSecond, double Gflops, double AllocatedBytes,
        double CpuSeconds, string Description);

    public static int Execute(string format, string? only, int repeat, bool reference, string? root, TextWriter stdout, TextWriter stderr)
    {
        if (format is not ("table" or "json")) { stderr.WriteLine($"error: --format must be table or json, not '{format}'."); return ExitCode.BadInput; }
        if (repeat < 1) { stderr.WriteLine("error: --repeat must be at least 1."); return ExitCode.BadInput; }
        var dir = root ?? FindRoot();
        if (dir is null) { stderr.WriteLine($"error: {Workloads.HiringFile} not found above the current folder; pass --root."); return ExitCode.BadInput; }
        var names = string.Equals(only?.Trim(), "all", StringComparison.OrdinalIgnoreCase)
            ? All
            : (only ?? Default).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Load everything first, so that a wrong name fails at once rather than after minutes of timing.
        var jobs = new List<Func<Figures>>();
        foreach (var name in names)
        {
            if (EndToEnd.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } e2e)
            {
                var file = Path.Combine(dir, e2e.File);
                if (!File.Exists(file)) { stderr.WriteLine($"error: {e2e.File} not found under {dir}."); return ExitCode.BadInput; }
                jobs.Add(() => MeasureEndToEnd(e2e.Name, file, repeat, stderr));
                continue;
            }
            if (BenchReinforce.Handles(name))
            {
                jobs.Add(() => BenchReinforce.Measure(dir, repeat, reference, stderr));
                continue;
            }
            var workload = Load(name, dir, stderr);
            if (workload is null) return ExitCode.BadInput;
            jobs.Add(() => Measure(workload, repeat, reference, stderr));
        }
        var results = jobs.Select(job => job()).ToList();
        if (format == "json") stdout.WriteLine(Json(results));
        else Table(stdout, results, reference, repeat);
        return ExitCode.Ok;
    }

    /// <summary>Loads a workload by name (any case) from the files under <paramref name="root"/>: W1, W2, W3, W3@N, or
    /// one of them, a dash and an option of <see cref="Workloads.WithOption"/> (W2-adam, W3-adam, W2-early, …).</summary>
    public static Workload? Load(string name, string root, TextWriter stderr)
    {
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        var (baseName, option) = dash < 0 ? (name, null) : (name[..dash], name[(dash + 1)..].ToLowerInvariant());
        Workload? workload;
        switch (baseName.ToUpperInvariant())
        {
            case "W1":
                workload = ExperimentFiles.LoadSupervised(Path.Combine(root, Workloads.HiringFile), [], "bench").Match(
                    Succ: e => Workloads.FromExperiment("W1", e),
                    Fail: errors =>
                    {
                        ExperimentFiles.Report(stderr, errors);
                        return (Workload?)null;
                    });
                if (workload is null) return null;
                break;
            case "W2":
                workload = Workloads.Digits(File.ReadAllText(Path.Combine(root, Workloads.DigitsFile)));
                break;
            case "W3":
                workload = Workloads.Wide();
                break;
            case var sized when sized.StartsWith("W3@", StringComparison.Ordinal)
                                && int.TryParse(sized[3..], CultureInfo.InvariantCulture, out var rows) && rows > 0:
                workload = Workloads.Wide(rows) with { Name = sized };
                break;
            default:
                stderr.WriteLine($"error: unknown workload '{name}' ({string.Join(", ", All)}, W3@N, or W1/W2/W3 with -{string.Join("/-", Workloads.Options)}).");
                return null;
        }
        if (option is null) return workload;
        var variant = Workloads.WithOption(workload, option);
        if (variant is null) stderr.WriteLine($"error: unknown option '{option}' in workload '{name}' (options: {string.Join(", ", Workloads.Options)}).");
        return variant;
    }

    /// <summary>The repository root: the first folder holding <c>bench/w1-hiring.json</c>, from the current folder up.</summary>
    public static string? FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, Workloads.HiringFile))) return d.FullName;
        return null;
    }

    /// <summary>Trains the workload untimed until half a second has passed (at least once), then waits for the JIT's
    /// background tier-1 compilation, then trains <paramref name="repeat"/> times timed; the median run's figures.</summary>
    public static Figures Measure(Workload w, int repeat, bool reference, TextWriter? stderr = null)
    {
        var warmup = Stopwatch.StartNew();
        do
        {
            var last = LastRecord(w, reference);
            if (last.Epoch != w.Config.Epochs || last.Diverged)
                stderr?.WriteLine($"warning: {w.Name} ended at epoch {last.Epoch} of {w.Config.Epochs}{(last.Diverged ? " (diverged)" : last.StoppedEarly ? " (stopped early)" : "")}: its time is not that of a full run.");
        }
        while (warmup.Elapsed < TimeSpan.FromSeconds(0.5));
        Thread.Sleep(300);
        var runs = new List<(double Seconds, double Allocated, double Cpu)>();
        for (var k = 0; k < repeat; k++) runs.Add(TimeOnce(w, reference));
        var median = runs.OrderBy(r => r.Seconds).ElementAt((runs.Count - 1) / 2);
        var seconds = Median(runs.Select(r => r.Seconds).ToList());
        return new Figures(w.Name, seconds, w.Samples / seconds, w.Flops / seconds / 1e9, median.Allocated, median.Cpu, w.Description);
    }

    /// <summary>One run: the clock starts after the epoch-0 record and stops after the last record. Also the bytes
    /// allocated and the process CPU time meanwhile (all threads: on a busy machine, CPU ≪ wall shows the wait).</summary>
    public static (double Seconds, double AllocatedBytes, double CpuSeconds) TimeOnce(Workload w, bool reference)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var e = Records(w, reference).GetEnumerator();
        e.MoveNext();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        while (e.MoveNext()) { }
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (seconds, GC.GetTotalAllocatedBytes(precise: true) - before, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static IEnumerable<EpochRecord> Records(Workload w, bool reference) => reference
        ? Training.RunReference(w.Start, w.Train, w.Config, w.Validation)
        : Training.Run(w.Start, w.Train, w.Config, w.Validation, HostThreads.Helper);

    /// <summary>One untimed run (a warm-up): its last record, to check that it ran every epoch.</summary>
    private static EpochRecord LastRecord(Workload w, bool reference)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Records(w, reference).Last();
    }

    /// <summary>The in-process end-to-end row: <c>nf run FILE --out TEMP/out.json --quiet</c> inside this process
    /// (read the experiment and its CSV, split and transform, train, predict every row, write the output document),
    /// warmed up as <see cref="Measure"/> does, then timed <paramref name="repeat"/> times; the median. Samples and
    /// FLOP count the training only (train rows × epochs, 6 per weight per sample; for an Elman file, sequences ×
    /// epochs, 6 per weight per step).</summary>
    public static Figures MeasureEndToEnd(string name, string file, int repeat, TextWriter stderr)
    {
        var experiment = ExperimentFiles.LoadSupervised(file, [], "bench").Match(Succ: e => e, Fail: errors =>
        {
            ExperimentFiles.Report(stderr, errors);
            throw new InvalidOperationException($"{file} does not load.");
        });
        var prepared = Runner.Prepare(experiment);
        var epochs = experiment.Training?.Epochs ?? 0;
        // An Elman run's rows are sequences: a sample is a sequence, and the weights are used once per step.
        var sequences = prepared.Rows is DataRows.Sequences s ? s.Train : null;
        var rows = prepared.Rows.TrainCount;
        var samples = (double)rows * epochs;
        var passes = sequences is null ? samples : (double)sequences.Rows.Sum(r => r.Steps) * epochs;
        var flops = 6.0 * prepared.Initial.Layers.Sum(l => (double)l.Units * l.Inputs) * passes;
        var temp = Directory.CreateTempSubdirectory("nf-bench-").FullName;
        try
        {
            var output = Path.Combine(temp, "out.json");
            var host = RunHost.None with { Quiet = true };
            var median = MedianRun(repeat, () =>
            {
                var exit = RunCommand.Execute(file, output, TextWriter.Null, stderr, host: host);
                if (exit != ExitCode.Ok) throw new InvalidOperationException($"nf run {file} exited with {exit}.");
            });
            var seconds = median.Seconds;
            var hidden = experiment.Network is NetworkPlan.Elman r ? $"{r.Hidden.Units}-" : "";
            var net = $"{experiment.Network.Inputs}-{hidden}{string.Join("-", experiment.Network.Layers.Select(l => l.Units))}";
            var what = sequences is null ? $"{net}, {rows} train rows" : $"Elman {net}, {rows} train sequences";
            return new Figures(name, seconds, samples / seconds, flops / seconds / 1e9, median.Allocated, median.Cpu,
                $"in-process nf run {Path.GetFileName(file)} ({what}, {epochs} epochs; read, train, predict, write; no process start-up)");
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>One timed call of <paramref name="run"/> after a full collection: wall seconds, the bytes allocated and
    /// the process CPU seconds meanwhile (all threads).</summary>
    internal static (double Seconds, double Allocated, double Cpu) Clocked(Action run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        run();
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (seconds, GC.GetTotalAllocatedBytes(precise: true) - before, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>Untimed calls for half a second, a pause for the JIT, then <paramref name="repeat"/> timed calls
    /// (<see cref="Clocked"/>): the median seconds, and the allocation and CPU time of the median call.</summary>
    internal static (double Seconds, double Allocated, double Cpu) MedianRun(int repeat, Action run)
    {
        var warmup = Stopwatch.StartNew();
        do Clocked(run); while (warmup.Elapsed < TimeSpan.FromSeconds(0.5));
        Thread.Sleep(300);
        var runs = Enumerable.Range(0, repeat).Select(_ => Clocked(run)).ToList();
        var median = runs.OrderBy(r => r.Seconds).ElementAt((runs.Count - 1) / 2);
        return (Median(runs.Select(r => r.Seconds).ToList()), median.Allocated, median.Cpu);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Json(IEnumerable<Figures> results) =>
        CanonicalJson.Write(new JArray(results.Select(r => new JObject
        {
            ["workload"] = r.Workload,
            ["seconds"] = r.Seconds,
            ["samplesPerSecond"] = r.SamplesPerSecond,
            ["gflops"] = r.Gflops,
        })));

    private static void Table(TextWriter w, IReadOnlyList<Figures> results, bool reference, int repeat)
    {
        w.WriteLine($"{(reference ? "reference path" : "engine")}, median of {repeat}, {Environment.ProcessorCount} cores, " +
                    $"vector width {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated switch { true => 512, false => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 256 : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? 128 : 64 }} bits");
        w.WriteLine($"{"workload",-16}{"seconds",10}{"samples/s",12}{"GFLOP/s",9}{"cpu s",9}{"allocated",12}  description");
        foreach (var r in results)
            w.WriteLine($"{r.Workload,-16}{F(r.Seconds, "0.0000"),10}{F(r.SamplesPerSecond, "0"),12}{F(r.Gflops, "0.00"),9}{F(r.CpuSeconds, "0.000"),9}{Bytes(r.AllocatedBytes),12}  {r.Description}");
        w.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Bytes(double b) => b < 1024 * 1024 ? F(b / 1024, "0.0") + " KB" : F(b / (1024 * 1024), "0.0") + " MB";
}
