using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary><c>nf bench [--format table|json] [--only W1,W2] [--repeat 3] [--reference]</c>: trains the benchmark
/// workloads W1–W3 (see <see cref="Workloads"/>) and prints the median time of the training loop (every epoch and the
/// final record; the epoch-0 record, loading and the warm-up runs are not timed), samples/s and GFLOP/s. Timing is host code: the core
/// never reads a clock.</summary>
public static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        var only = new Option<string?>("--only") { Description = "Comma-separated workloads to run (default W1,W2,W3); W3@N runs W3 on N rows (linearity: W3@5000,W3@10000,W3@20000)." };
        var repeat = new Option<int>("--repeat") { Description = "Runs per workload; the median is reported.", DefaultValueFactory = _ => 3 };
        var reference = new Option<bool>("--reference") { Description = "Time the plain reference path (Training.RunReference) instead." };
        var root = new Option<string?>("--root") { Description = "The repository root holding bench/ (default: found from the current folder)." };
        var command = new Command("bench", "Time the benchmark workloads W1-W3.") { format, only, repeat, reference, root };
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
        var names = (only ?? "W1,W2,W3").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var results = new List<Figures>();
        foreach (var name in names)
        {
            var workload = Load(name.ToUpperInvariant(), dir, stderr);
            if (workload is null) return ExitCode.BadInput;
            results.Add(Measure(workload, repeat, reference));
        }
        if (format == "json") stdout.WriteLine(Json(results));
        else Table(stdout, results, reference, repeat);
        return ExitCode.Ok;
    }

    /// <summary>Loads a workload by name from the files under <paramref name="root"/>.</summary>
    public static Workload? Load(string name, string root, TextWriter stderr)
    {
        switch (name)
        {
            case "W1":
                var loaded = ExperimentFiles.Load(Path.Combine(root, Workloads.HiringFile));
                if (loaded.IsFail) { ExperimentFiles.Report(stderr, loaded.FailToSeq()); return null; }
                return Workloads.FromExperiment("W1", loaded.SuccessToSeq().Head());
            case "W2":
                return Workloads.Digits(File.ReadAllText(Path.Combine(root, Workloads.DigitsFile)));
            case "W3":
                return Workloads.Wide();
            case var sized when sized.StartsWith("W3@", StringComparison.Ordinal)
                                && int.TryParse(sized[3..], System.Globalization.CultureInfo.InvariantCulture, out var rows) && rows > 0:
                return Workloads.Wide(rows);
            default:
                stderr.WriteLine($"error: unknown workload '{name}' (W1, W2 or W3).");
                return null;
        }
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
    public static Figures Measure(Workload w, int repeat, bool reference)
    {
        var warmup = Stopwatch.StartNew();
        do TimeOnce(w, reference); while (warmup.Elapsed < TimeSpan.FromSeconds(0.5));
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
        var records = reference ? Training.RunReference(w.Start, w.Train, w.Config) : Training.Run(w.Start, w.Train, w.Config, helper: HostThreads.Helper);
        using var e = records.GetEnumerator();
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
        w.WriteLine($"{(reference ? "reference path" : "fast path")}, median of {repeat}, {Environment.ProcessorCount} cores, " +
                    $"vector width {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated switch { true => 512, false => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 256 : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? 128 : 64 }} bits");
        w.WriteLine($"{"workload",-9}{"seconds",10}{"samples/s",12}{"GFLOP/s",9}{"cpu s",9}{"allocated",12}  description");
        foreach (var r in results)
            w.WriteLine($"{r.Workload,-9}{F(r.Seconds, "0.0000"),10}{F(r.SamplesPerSecond, "0"),12}{F(r.Gflops, "0.00"),9}{F(r.CpuSeconds, "0.000"),9}{Bytes(r.AllocatedBytes),12}  {r.Description}");
        w.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private static string Bytes(double b) => b < 1024 * 1024 ? F(b / 1024, "0.0") + " KB" : F(b / (1024 * 1024), "0.0") + " MB";
}
