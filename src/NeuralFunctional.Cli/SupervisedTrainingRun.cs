using System.Globalization;
using LanguageExt;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary>A supervised training run (feed-forward or Elman) for <c>nf run</c>: the prepared run and the trace of the
/// epochs a checkpoint already trained.</summary>
public sealed record SupervisedTrainingRun(PreparedRun Run, IReadOnlyList<TracePoint> Earlier) : ITrainingRun
{
    /// <summary>How much of each row the output document lists (<c>--predictions</c>).</summary>
    public PredictionsForm PredictionsForm { get; init; } = PredictionsForm.Full;

    public Validation<ExperimentError, ITrainingRun> Resume(string file, string text) =>
        SupervisedCheckpoint.Read(file, text, Run.Experiment).Map(cp => (ITrainingRun)(this with { Run = Runner.Resume(Run, cp.State), Earlier = cp.Progress }));

    public ITrainedRun Train(RunHost host, TextWriter stderr)
    {
        var (records, interrupted) = RunProgress.Collect(Runner.Records(Run, HostThreads.Helper), Run.Experiment.Training?.Epochs ?? 0, host, stderr);
        var result = Runner.Finish(Run, records, interrupted, Earlier) with { Predictions = PredictionsForm };
        return new Trained(result);
    }

    /// <summary>The run evaluated once (<see cref="EvaluatedRun"/>): the document is written from it as it is
    /// described (<see cref="Documents.Stream"/>), and the summary reads it.</summary>
    private sealed class Trained(RunResult result) : ITrainedRun
    {
        private readonly EvaluatedRun evaluated = EvaluatedRun.Of(result);

        public RunStatus Status => result.Status;

        public void WriteDocument(TextWriter w) => Documents.Stream(evaluated, w);

        public string? Checkpoint => result.Run.Experiment.Training is null ? null : CanonicalJson.Write(SupervisedCheckpoint.Build(result));

        public void Summarize(TextWriter w) => SupervisedTrainingRun.Summarize(w, evaluated);
    }

    internal static void Summarize(TextWriter w, EvaluatedRun evaluated)
    {
        var result = evaluated.Result;
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
        // Rows are named by class when the targets are one-hot classes named in the file (train's classes, else test's).
        var classes = evaluated.Sets.Where(s => s.Name != "validation").Select(s => s.Metrics.Classes).FirstOrDefault(c => c is not null, null);
        var names = e.Data.Targets.Length > 1 && classes?.Names.Count == e.Data.Targets.Length ? e.Data.Targets : (IReadOnlyList<string>?)null;
        foreach (var set in evaluated.Sets)
        {
            if (set.Rows is SetRows.Features f) Predictions(w, set.Name, f, names);
            else if (set.Rows is SetRows.Sequences q) ElmanSummary.Rows(w, set.Name, q);
        }
        foreach (var set in evaluated.Sets)
            MetricsSummary.Print(w, set.Name, set.Metrics, tables: set.Name == "test");
    }

    /// <summary>Every row of a small set; of a set with more than <see cref="ShownRows"/> rows, the first
    /// <see cref="ShownRows"/> and a count (the output document has them all). With class names, each row shows the
    /// predicted class and its output, and the true class.</summary>
    private static void Predictions(TextWriter w, string label, SetRows.Features rows, IReadOnlyList<string>? classes)
    {
        var raw = rows.Raw;
        var (shown, width) = Listing(w, label, raw.Count, i => raw.Rows[i].Id);
        for (var i = 0; i < shown; i++)
        {
            var row = raw.Rows[i];
            var output = rows.Evaluation.Outputs[i];
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

    /// <summary>The heading of a set's listing (nothing for an empty set): how many of its <paramref name="count"/> rows
    /// are listed (all of a small set; of a set with more than 2 × <see cref="ShownRows"/>, the first
    /// <see cref="ShownRows"/>), and the width of their longest id.</summary>
    internal static (int Shown, int Width) Listing(TextWriter w, string label, int count, Func<int, string> id)
    {
        if (count == 0) return (0, 0);
        var shown = count <= 2 * ShownRows ? count : ShownRows;
        w.WriteLine(shown == count ? $"  {label}:" : $"  {label} (first {shown} of {count} rows; all are in the output document):");
        return (shown, Enumerable.Range(0, shown).Max(i => id(i).Length));
    }

    /// <summary>Rows with more inputs than this are listed without their x.</summary>
    private const int MaxShownInputs = 8;

    private static string Vector(IEnumerable<double> values) =>
        "[" + string.Join(", ", values.Select(G)) + "]";

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
