using System.CommandLine;
using System.Globalization;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary><c>nf run EXPERIMENT [--out FILE] [--set path=value …]</c>: runs an experiment, prints a short summary and writes the output
/// document (by default to <c>out/NAME.json</c> beside the experiment; <c>--out -</c> writes it to standard output).</summary>
public static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, RunHost? host = null)
    {
        var experiment = new Argument<string>("experiment") { Description = "The experiment file (JSON) to run." };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the output document; '-' for standard output. Default: out/<name>.json beside the experiment." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Also write the final training state (parameters, optimizer and rng state, epoch, trace) to this file." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run saved in this checkpoint (same experiment; training.epochs may be larger)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors (no summary, no progress)." };
        var set = SetOption.Create();
        var command = new Command("run", "Run an experiment and write its output document.") { experiment, output, set, checkpoint, resume, quiet };
        command.SetAction(result =>
        {
            var quietly = result.GetValue(quiet);
            var h = host ?? RunHost.None;
            return Execute(result.GetValue(experiment)!, result.GetValue(output), stdout, stderr,
                result.GetValue(checkpoint), result.GetValue(resume), SetOption.Values(result, set),
                quietly ? h with { Progress = ProgressMode.None, Quiet = true } : h);
        });
        return command;
    }

    public static int Execute(string path, string? outPath, TextWriter stdout, TextWriter stderr,
        string? checkpointPath = null, string? resumePath = null, IReadOnlyList<string>? overrides = null, RunHost? host = null)
    {
        host ??= RunHost.None;
        var loaded = ExperimentFiles.LoadKind(path, overrides ?? []);
        if (loaded.IsFail)
        {
            ExperimentFiles.Report(stderr, loaded.FailToSeq());
            return ExitCode.BadInput;
        }
        return loaded.SuccessToSeq().Head().Match(
            reinforcement: experiment => ReinforceRun.Execute(path, experiment, outPath, stdout, stderr, checkpointPath, resumePath, host),
            curves: curves => Write(path, outPath, curves.Name, CanonicalJson.Write(Curves.Build(curves)), stdout, host.Quiet ? TextWriter.Null : stderr,
                w => w.WriteLine($"{curves.Name}: {curves.Activations.Length} activation curves on [{G(curves.From)}, {G(curves.To)}], {curves.Points} points")),
            supervised: experiment =>
            {
                var run = Runner.Prepare(experiment);
                IReadOnlyList<TracePoint> earlier = [];
                if (resumePath is not null)
                {
                    var checkpoint = ReadCheckpoint(resumePath, experiment);
                    if (checkpoint.IsFail)
                    {
                        ExperimentFiles.Report(stderr, checkpoint.FailToSeq());
                        return ExitCode.BadInput;
                    }
                    var cp = checkpoint.SuccessToSeq().Head();
                    run = Runner.Resume(run, cp.State);
                    earlier = cp.Trace;
                }
                var (records, interrupted) = RunProgress.Collect(Runner.Records(run, HostThreads.Helper), experiment.Training?.Epochs ?? 0, host, stderr);
                var result = Runner.Finish(run, records, interrupted, earlier);
                var document = OutputDocument.Render(result);
                Write(path, outPath, experiment.Name, document.Text, stdout, host.Quiet ? TextWriter.Null : stderr, w =>
                {
                    Summarize(w, result, document.Outline);
                    if (experiment.Sweep is { } sweep)
                        w.WriteLine($"  note: this experiment has a sweep of {sweep.Count} variants; `run` ran only the experiment as written. Run them all with: nf sweep {path}");
                });
                if (checkpointPath is not null && experiment.Training is not null)
                    AtomicFile.WriteAllText(checkpointPath, CanonicalJson.Write(Checkpoint.Build(result)));
                return result.Status switch
                {
                    RunStatus.Diverged => ExitCode.Diverged,
                    RunStatus.Interrupted => ExitCode.Interrupted,
                    _ => ExitCode.Ok,
                };
            });
    }

    private static LanguageExt.Validation<ExperimentError, Checkpoint> ReadCheckpoint(string path, Experiment experiment)
    {
        if (!File.Exists(path))
            return LanguageExt.Prelude.Fail<ExperimentError, Checkpoint>(
                ErrorCatalog.NoSuchFile(path, "Give the checkpoint written by --checkpoint."));
        return Checkpoint.Read(path, File.ReadAllText(path), experiment);
    }

    /// <summary>Writes the document (atomically, or to standard output for <c>--out -</c>) and the summary (to standard
    /// error when the document goes to standard output).</summary>
    private static int Write(string path, string? outPath, string name, string document, TextWriter stdout, TextWriter stderr, Action<TextWriter> summarize)
    {
        var toStdout = outPath == "-";
        var target = outPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "out", name + ".json");
        if (toStdout) stdout.Write(document);
        else AtomicFile.WriteAllText(target, document);
        var summary = toStdout || stderr == TextWriter.Null ? stderr : stdout; // --quiet passes TextWriter.Null as stderr here
        if (summary != TextWriter.Null) summarize(summary);
        if (!toStdout) summary.WriteLine($"  output: {Path.GetRelativePath(Environment.CurrentDirectory, target)}");
        return ExitCode.Ok;
    }

    private static void Summarize(TextWriter w, RunResult result, JObject document)
    {
        var e = result.Run.Experiment;
        w.WriteLine($"{e.Name}: {e.Description}");
        if (result.Trace.Length > 0)
        {
            var first = result.Trace[0];
            var last = result.Trace[^1];
            w.WriteLine($"  trained {last.Epoch} epochs: loss {G(first.Loss)} -> {G(last.Loss)}");
        }
        if (result.Status == RunStatus.Interrupted)
            w.WriteLine($"  INTERRUPTED at epoch {result.FinalState.Epoch}: the trace so far is written (status \"interrupted\"); continue it from a --checkpoint with --resume.");
        if (result.Divergence is { } d)
            w.WriteLine($"  DIVERGED at epoch {d.Epoch}: {d.What} became non-finite; the trace up to there is written.");
        if (result.Status == RunStatus.StoppedEarly && result.FinalState.Stopping is { } stop)
            w.WriteLine($"  stopped early at epoch {result.FinalState.Epoch}: validation loss best at epoch {stop.BestEpoch} ({G(stop.BestLoss)}); those parameters are kept");
        var run = result.Run;
        var classes = document["metrics"]?["train"]?["classes"] ?? document["metrics"]?["test"]?["classes"];
        var names = e.Data.Targets.Length > 1 && classes is JArray c && c.Count == e.Data.Targets.Length ? e.Data.Targets : (IReadOnlyList<string>?)null;
        Predictions(w, "train", run.Raw(run.Train), run.Train, result.Final, names);
        Predictions(w, "validation", run.Raw(run.Validation), run.Validation, result.Final, names);
        Predictions(w, "test", run.Raw(run.Test), run.Test, result.Final, names);
        SequenceSummary.Predictions(w, result);
        MetricsSummary.Print(w, "train", document["metrics"]?["train"], tables: false);
        MetricsSummary.Print(w, "validation", document["metrics"]?["validation"], tables: false);
        MetricsSummary.Print(w, "test", document["metrics"]?["test"], tables: true);
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
    internal const int ShownRows = 10;

    /// <summary>Rows with more inputs than this are listed without their x.</summary>
    private const int MaxShownInputs = 8;

    private static string Vector(IEnumerable<double> values) =>
        "[" + string.Join(", ", values.Select(G)) + "]";

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
