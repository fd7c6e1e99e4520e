using System.Globalization;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary><c>nf run</c> for reinforcement-learning experiments (a root <c>environment</c> section): trains the
/// policy, prints the returns, writes the output document.</summary>
public static class ReinforceRun
{
    /// <summary>Runs the file (or continues the run in <paramref name="resumePath"/>'s checkpoint), showing progress and
    /// stopping between two episodes when the host's token is cancelled (Ctrl+C: the returns so far are written with
    /// status <c>interrupted</c>, exit 130); writes the output document, and the final state to
    /// <paramref name="checkpointPath"/> if given.</summary>
    public static int Execute(string path, ReinforcementExperiment experiment, string? outPath, TextWriter stdout, TextWriter stderr,
        string? checkpointPath, string? resumePath, RunHost host)
    {
        var run = ReinforceRunner.Prepare(experiment);
        IReadOnlyList<double> earlier = [];
        if (resumePath is not null)
        {
            var checkpoint = ReadCheckpoint(resumePath, experiment);
            if (checkpoint.IsFail)
            {
                ExperimentFiles.Report(stderr, checkpoint.FailToSeq());
                return ExitCode.BadInput;
            }
            var cp = checkpoint.SuccessToSeq().Head();
            run = ReinforceRunner.Resume(run, cp.State);
            earlier = cp.Returns;
        }
        var window = experiment.Training.Window;
        var returns = new List<double>(earlier);
        var episodes = ReinforceRunner.Records(run, earlier, HostThreads.Helper).Select(r => { returns.Add(r.Return); return r; });
        var (records, interrupted) = RunProgress.Collect(episodes, experiment.Training.Episodes, host, stderr,
            r => $"episode {r.Episode}/{experiment.Training.Episodes} mean return {RunProgress.G(ReinforceRunner.MeanOfLast(returns, window))}");
        var result = ReinforceRunner.Finish(run, earlier, records, interrupted);
        var document = ReinforcementDocument.Write(result);
        var toStdout = outPath == "-";
        var target = outPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "out", experiment.Name + ".json");
        if (toStdout) stdout.Write(document);
        else AtomicFile.WriteAllText(target, document);
        if (checkpointPath is not null) AtomicFile.WriteAllText(checkpointPath, CanonicalJson.Write(ReinforceCheckpoint.Build(result)));
        var w = host.Quiet ? TextWriter.Null : toStdout ? stderr : stdout;
        Summarize(w, result);
        if (experiment.Sweep is { } sweep)
            w.WriteLine($"  note: this experiment has a sweep of {sweep.Count} variants; `run` ran only the experiment as written. Run them all with: nf sweep {path}");
        if (!toStdout) w.WriteLine($"  output: {Path.GetRelativePath(System.Environment.CurrentDirectory, target)}");
        return result.Status switch
        {
            RunStatus.Diverged => ExitCode.Diverged,
            RunStatus.Interrupted => ExitCode.Interrupted,
            _ => ExitCode.Ok,
        };
    }

    private static LanguageExt.Validation<ExperimentError, ReinforceCheckpoint> ReadCheckpoint(string path, ReinforcementExperiment experiment)
    {
        if (!File.Exists(path))
            return LanguageExt.Prelude.Fail<ExperimentError, ReinforceCheckpoint>(
                ErrorCatalog.NoSuchFile(path, "Give the checkpoint written by --checkpoint."));
        return ReinforceCheckpoint.Read(path, File.ReadAllText(path), experiment);
    }

    private static void Summarize(TextWriter w, ReinforceResult result)
    {
        var e = result.Run.Experiment;
        var plan = e.Training;
        w.WriteLine($"{e.Name}: {e.Description}");
        var n = Math.Min(plan.Window, result.Returns.Length);
        if (result.Returns.Length > 0)
            w.WriteLine($"  played {result.Returns.Length} episodes: mean return of the first {n} {G(ReinforceRunner.MeanOfFirst(result.Returns, plan.Window))}, of the last {n} {G(ReinforceRunner.MeanOfLast(result.Returns, plan.Window))}");
        else
            w.WriteLine("  played no episodes");
        if (result.Status == RunStatus.Interrupted)
            w.WriteLine($"  INTERRUPTED at episode {result.FinalState.Episode}: the returns so far are written (status \"interrupted\"); continue them from a --checkpoint with --resume.");
        if (plan.Goal is { } goal)
            w.WriteLine(result.SolvedAt is { } solved
                ? $"  goal reached: mean return >= {G(goal.MeanReturn)} over {plan.Window} consecutive episodes at episode {solved}"
                : $"  goal not reached: mean return >= {G(goal.MeanReturn)} over {plan.Window} consecutive episodes");
        if (result.Divergence is { } d)
            w.WriteLine($"  DIVERGED at episode {d.Epoch}: {d.What} became non-finite; the trace up to there is written.");
        if (e.Environment is AgentEnvironment.MultiArmedBandit bandit)
        {
            var p = Policy.Probabilities(result.Final, Bandit.Observation);
            for (var i = 0; i < bandit.Arms.Length; i++)
                w.WriteLine($"    arm {i}: expected reward {G(Arm.Expected(bandit.Arms[i]))}  ->  pulled with probability {G(p[i])}");
        }
    }

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
