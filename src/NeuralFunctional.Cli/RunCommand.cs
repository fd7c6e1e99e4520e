using System.CommandLine;
using System.Globalization;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary><c>nf run EXPERIMENT [--out FILE]</c>: runs an experiment, prints a short summary and writes the output
/// document (by default to <c>out/NAME.json</c> beside the experiment; <c>--out -</c> writes it to standard output).</summary>
public static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var experiment = new Argument<string>("experiment") { Description = "The experiment file (JSON) to run." };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the output document; '-' for standard output. Default: out/<name>.json beside the experiment." };
        var command = new Command("run", "Run an experiment and write its output document.") { experiment, output };
        command.SetAction(result => Execute(result.GetValue(experiment)!, result.GetValue(output), stdout, stderr));
        return command;
    }

    public static int Execute(string path, string? outPath, TextWriter stdout, TextWriter stderr)
    {
        var loaded = ExperimentFiles.Load(path);
        if (loaded.IsFail)
        {
            ExperimentFiles.Report(stderr, loaded.FailToSeq());
            return ExitCode.BadInput;
        }
        var experiment = loaded.SuccessToSeq().Head();
        var result = Runner.Run(experiment);
        var built = OutputDocument.Build(result);
        var document = CanonicalJson.Write(built);

        var toStdout = outPath == "-";
        var target = outPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "out", experiment.Name + ".json");
        var summary = toStdout ? stderr : stdout;
        if (toStdout) stdout.Write(document);
        else AtomicFile.WriteAllText(target, document);

        Summarize(summary, result, built, toStdout ? null : target);
        return result.Status == RunStatus.Diverged ? ExitCode.Diverged : ExitCode.Ok;
    }

    private static void Summarize(TextWriter w, RunResult result, JObject document, string? target)
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
        var classes = document["metrics"]?["train"]?["classes"] ?? document["metrics"]?["test"]?["classes"];
        var names = e.Data.Targets.Length > 1 && classes is JArray c && c.Count == e.Data.Targets.Length ? e.Data.Targets : (IReadOnlyList<string>?)null;
        Predictions(w, "train", e.Data.Train, result.Run.Train, result.Final, names);
        Predictions(w, "test", e.Data.Test, result.Run.Test, result.Final, names);
        MetricsSummary.Print(w, "train", document["metrics"]?["train"], tables: false);
        MetricsSummary.Print(w, "test", document["metrics"]?["test"], tables: true);
        if (target is not null) w.WriteLine($"  output: {Path.GetRelativePath(Environment.CurrentDirectory, target)}");
    }

    /// <summary>Every row of a small set; of a set with more than <see cref="ShownRows"/> rows, the first
    /// <see cref="ShownRows"/> and a count (the output document has them all). With class names, each row shows the
    /// predicted class and its output, and the true class.</summary>
    private static void Predictions(TextWriter w, string label, Dataset raw, Dataset transformed, Network net, IReadOnlyList<string>? classes)
    {
        if (raw.Count == 0) return;
        var shown = raw.Count <= 2 * ShownRows ? raw.Count : ShownRows;
        w.WriteLine(shown == raw.Count ? $"  {label}:" : $"  {label} (first {shown} of {raw.Count} rows; all are in the output document):");
        var width = raw.Rows.Take(shown).Max(r => r.Id.Length);
        for (var i = 0; i < shown; i++)
        {
            var row = raw.Rows[i];
            var output = Network.Predict(net, transformed.Rows[i].X);
            var x = row.X.Length <= MaxShownInputs ? $"x = {Vector(row.X)}  ->  " : "->  ";
            if (classes is not null)
            {
                var k = Metrics.ArgMax(output.AsSpan());
                var truth = row.HasTarget ? $"  (true: {classes[Metrics.ArgMax(row.Y.AsSpan())]}{(Metrics.ArgMax(row.Y.AsSpan()) == k ? "" : ", wrong")})" : "";
                w.WriteLine($"    {row.Id.PadRight(width)}  {x}{classes[k]} ({G(output[k])}){truth}");
                continue;
            }
            var target = row.HasTarget ? $"  (y = {Vector(row.Y)})" : "";
            w.WriteLine($"    {row.Id.PadRight(width)}  {x}{Vector(output)}{target}");
        }
    }

    /// <summary>Rows listed per set before the listing is cut short.</summary>
    private const int ShownRows = 10;

    /// <summary>Rows with more inputs than this are listed without their x.</summary>
    private const int MaxShownInputs = 8;

    private static string Vector(IEnumerable<double> values) =>
        "[" + string.Join(", ", values.Select(G)) + "]";

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
