using System.CommandLine;
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
        var predictions = new Option<string?>("--predictions")
        {
            Description = "How much of each row the output document lists: full (id, x, y, output; the default), outputs (no x: the ids point into " +
                          "the data file), none (no rows, the metrics stay). For data too large to list whole; feed-forward networks.",
        };
        var command = new Command("run", "Run an experiment and write its output document.") { experiment, output, set, checkpoint, resume, quiet, predictions };
        command.SetAction(result =>
        {
            var quietly = result.GetValue(quiet);
            var h = host ?? RunHost.None;
            var form = result.GetValue(predictions);
            if (form is not null && PredictionsForms.Parse(form) is null)
                return SweepCommand.Reject(stderr, [ErrorCatalog.BadOption("--predictions", $"is full, outputs or none, got `{form}`")]);
            return Execute(result.GetValue(experiment)!, result.GetValue(output), stdout, stderr,
                result.GetValue(checkpoint), result.GetValue(resume), SetOption.Values(result, set),
                quietly ? h with { Progress = ProgressMode.None, Quiet = true } : h, PredictionsForms.Parse(form) ?? PredictionsForm.Full);
        });
        return command;
    }

    public static int Execute(string path, string? outPath, TextWriter stdout, TextWriter stderr,
        string? checkpointPath = null, string? resumePath = null, IReadOnlyList<string>? overrides = null, RunHost? host = null,
        PredictionsForm predictions = PredictionsForm.Full)
    {
        var h = host ?? RunHost.None;
        return ExperimentFiles.LoadKind(path, overrides ?? []).Then(stderr, kind =>
        {
            var pipeline = ExperimentPipelines.Of(kind);
            // Every target checked before any work: never the experiment, its data or another output; a folder that takes it.
            var targets = OutputTargets.Check(
                [("--out", outPath ?? DefaultOutput(path, pipeline.Name), null), ("--checkpoint", checkpointPath, resumePath)],
                [("the experiment file", path), ("the data file the experiment reads", pipeline.DataFile(path)), ("the checkpoint --resume continues", resumePath)]);
            return targets.Bind(_ => pipeline.Run(predictions))
                .Then(stderr, run => Train(path, pipeline.Name, pipeline.Sweep, run, outPath, stdout, stderr, checkpointPath, resumePath, h));
        });
    }

    /// <summary>Where the output document goes without <c>--out</c>: <c>out/NAME.json</c> beside the experiment.</summary>
    private static string DefaultOutput(string path, string name) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "out", name + ".json");

    /// <summary>Every kind of training run, once: continue from <paramref name="resumePath"/>'s checkpoint if given, train
    /// (Ctrl+C: what was trained so far is written with status <c>interrupted</c>, exit 130), write the output document,
    /// then the checkpoint to <paramref name="checkpointPath"/> if given, print the summary; the exit code says how the
    /// training ended.</summary>
    private static int Train(string path, string name, SweepPlan? sweep, ITrainingRun run, string? outPath, TextWriter stdout, TextWriter stderr,
        string? checkpointPath, string? resumePath, RunHost host)
    {
        if (resumePath is null) return TrainAndWrite(path, name, sweep, run, outPath, stdout, stderr, checkpointPath, host);
        return ReadCheckpoint(resumePath).Bind(text => run.Resume(resumePath, text))
            .Then(stderr, resumed => TrainAndWrite(path, name, sweep, resumed, outPath, stdout, stderr, checkpointPath, host));
    }

    /// <summary>Trains <paramref name="run"/> and writes what it gives (the rest of <see cref="Train"/>).</summary>
    private static int TrainAndWrite(string path, string name, SweepPlan? sweep, ITrainingRun run, string? outPath, TextWriter stdout, TextWriter stderr,
        string? checkpointPath, RunHost host)
    {
        var trained = run.Train(host, stderr);
        var checkpoint = checkpointPath is not null && trained.Checkpoint is { } text ? (checkpointPath, text) : ((string, string)?)null;
        Write(path, outPath, name, trained.WriteDocument, checkpoint, stdout, host.Quiet ? TextWriter.Null : stderr, w =>
        {
            trained.Summarize(w);
            if (sweep is not null)
                w.WriteLine($"  note: this experiment has a sweep of {sweep.Count} variants; `run` ran only the experiment as written. Run them all with: nf sweep {path}");
        });
        return trained.Status switch
        {
            RunStatus.Diverged => ExitCode.Diverged,
            RunStatus.Interrupted => host.InterruptedExit(),
            _ => ExitCode.Ok,
        };
    }

    /// <summary>A checkpoint file's text, or why there is none to read.</summary>
    private static LanguageExt.Validation<ExperimentError, string> ReadCheckpoint(string path)
    {
        if (Directory.Exists(path))
            return LanguageExt.Prelude.Fail<ExperimentError, string>(ErrorCatalog.IsDirectory(path, "Give the checkpoint file written by --checkpoint."));
        if (!File.Exists(path))
            return LanguageExt.Prelude.Fail<ExperimentError, string>(ErrorCatalog.NoSuchFile(path, "Give the checkpoint written by --checkpoint."));
        try
        {
            return LanguageExt.Prelude.Success<ExperimentError, string>(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return LanguageExt.Prelude.Fail<ExperimentError, string>(ErrorCatalog.Unreadable(path, ex.Message));
        }
    }

    /// <summary>Writes the document (or to standard output for <c>--out -</c>) and the checkpoint as one
    /// (<see cref="AtomicFile.WriteAll"/>: both or neither), then the summary (to standard error when the document goes
    /// to standard output).</summary>
    private static int Write(string path, string? outPath, string name, Action<TextWriter> document, (string Path, string Text)? checkpoint,
        TextWriter stdout, TextWriter stderr, Action<TextWriter> summarize)
    {
        var toStdout = outPath == "-";
        var target = outPath ?? DefaultOutput(path, name);
        var files = new List<(string, Action<Stream>)>();
        if (!toStdout) files.Add((target, AtomicFile.Text(document)));
        if (checkpoint is var (checkpointPath, checkpointText)) files.Add((checkpointPath, AtomicFile.Text(w => w.Write(checkpointText))));
        AtomicFile.WriteAll(files);
        if (toStdout) document(stdout);
        var summary = toStdout || stderr == TextWriter.Null ? stderr : stdout; // --quiet passes TextWriter.Null as stderr here
        if (summary != TextWriter.Null) summarize(summary);
        if (!toStdout) summary.WriteLine($"  output: {Path.GetRelativePath(Environment.CurrentDirectory, target)}");
        return ExitCode.Ok;
    }
}
