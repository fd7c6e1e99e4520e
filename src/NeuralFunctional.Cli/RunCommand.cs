using System.CommandLine;
using System.Globalization;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary><c>nf run EXPERIMENT [--out FILE] [--set path=value …]</c>: runs an experiment, prints a short summary and writes the output
/// document (by default to <c>out/NAME.json</c> beside the experiment; <c>--out -</c> writes it to standard output).</summary>
public static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var experiment = new Argument<string>("experiment") { Description = "The experiment file (JSON) to run." };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the output document; '-' for standard output. Default: out/<name>.json beside the experiment." };
        var set = SetOption.Create();
        var command = new Command("run", "Run an experiment and write its output document.") { experiment, output, set };
        command.SetAction(result => Execute(result.GetValue(experiment)!, result.GetValue(output), SetOption.Values(result, set), stdout, stderr));
        return command;
    }

    public static int Execute(string path, string? outPath, TextWriter stdout, TextWriter stderr) =>
        Execute(path, outPath, [], stdout, stderr);

    public static int Execute(string path, string? outPath, IReadOnlyList<string> overrides, TextWriter stdout, TextWriter stderr)
    {
        var loaded = ExperimentFiles.Load(path, overrides);
        if (loaded.IsFail)
        {
            ExperimentFiles.Report(stderr, loaded.FailToSeq());
            return ExitCode.BadInput;
        }
        var experiment = loaded.SuccessToSeq().Head();
        var result = Runner.Run(experiment);
        var document = OutputDocument.Write(result);

        var toStdout = outPath == "-";
        var target = outPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "out", experiment.Name + ".json");
        var summary = toStdout ? stderr : stdout;
        if (toStdout) stdout.Write(document);
        else AtomicFile.WriteAllText(target, document);

        Summarize(summary, result, toStdout ? null : target);
        if (experiment.Sweep is { } sweep)
            summary.WriteLine($"  note: this experiment has a sweep of {sweep.Count} variants; `run` ran only the experiment as written. Run them all with: nf sweep {path}");
        return result.Status == RunStatus.Diverged ? ExitCode.Diverged : ExitCode.Ok;
    }

    private static void Summarize(TextWriter w, RunResult result, string? target)
    {
        var e = result.Run.Experiment;
        w.WriteLine($"{e.Name}: {e.Description}");
        if (result.Trace.Length > 0)
        {
            var first = result.Trace[0];
            var last = result.Trace[^1];
            w.WriteLine($"  trained {last.Epoch} epochs: loss {G(first.Loss)} -> {G(last.Loss)}");
        }
        if (result.Divergence is { } d)
            w.WriteLine($"  DIVERGED at epoch {d.Epoch}: {d.What} became non-finite; the trace up to there is written.");
        Predictions(w, "train", e.Data.Train, result.Run.Train, result.Final);
        Predictions(w, "test", e.Data.Test, result.Run.Test, result.Final);
        if (target is not null) w.WriteLine($"  output: {Path.GetRelativePath(Environment.CurrentDirectory, target)}");
    }

    private static void Predictions(TextWriter w, string label, Dataset raw, Dataset transformed, Network net)
    {
        if (raw.Count == 0) return;
        w.WriteLine($"  {label}:");
        var width = raw.Rows.Max(r => r.Id.Length);
        for (var i = 0; i < raw.Count; i++)
        {
            var row = raw.Rows[i];
            var output = Network.Predict(net, transformed.Rows[i].X);
            var target = row.HasTarget ? $"  (y = {Vector(row.Y)})" : "";
            w.WriteLine($"    {row.Id.PadRight(width)}  x = {Vector(row.X)}  ->  {Vector(output)}{target}");
        }
    }

    private static string Vector(IEnumerable<double> values) =>
        "[" + string.Join(", ", values.Select(G)) + "]";

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
