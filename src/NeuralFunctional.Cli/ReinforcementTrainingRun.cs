using System.Globalization;
using LanguageExt;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary>A reinforcement-learning run (a root <c>environment</c> section) for <c>nf run</c>: the prepared policy
/// and environment, and the returns of the episodes a checkpoint already played.</summary>
public sealed record ReinforcementTrainingRun(PreparedReinforcement Run, IReadOnlyList<double> Earlier) : ITrainingRun
{
    public Validation<ExperimentError, ITrainingRun> Resume(string file, string text) =>
        ReinforcementCheckpoint.Read(file, text, Run.Experiment).Map(cp => (ITrainingRun)new ReinforcementTrainingRun(ReinforcementRunner.Resume(Run, cp.State), cp.Progress));

    public ITrainedRun Train(RunHost host, TextWriter stderr)
    {
        var plan = Run.Experiment.Training;
        var returns = new List<double>(Earlier);
        var episodes = ReinforcementRunner.Records(Run, Earlier, HostThreads.Helper).Select(r => { returns.Add(r.Return); return r; });
        var (records, interrupted) = RunProgress.Collect(episodes, plan.Episodes, host, stderr,
            r => $"episode {r.Episode}/{plan.Episodes} mean return {RunProgress.G(ReinforcementRunner.MeanOfLast(returns, plan.Window))}");
        var result = ReinforcementRunner.Finish(Run, Earlier, records, interrupted);
        return new Trained(result);
    }

    private sealed record Trained(ReinforcementResult Result) : ITrainedRun
    {
        public RunStatus Status => Result.Status;

        public void WriteDocument(TextWriter w) => Documents.Stream(Result, w);

        public string? Checkpoint => CanonicalJson.Write(ReinforcementCheckpoint.Build(Result));

        public void Summarize(TextWriter w) => ReinforcementTrainingRun.Summarize(w, Result);
    }

    internal static void Summarize(TextWriter w, ReinforcementResult result)
    {
        var e = result.Run.Experiment;
        var plan = e.Training;
        w.WriteLine($"{e.Name}: {e.Description}");
        var n = Math.Min(plan.Window, result.Returns.Length);
        if (result.Returns.Length > 0)
            w.WriteLine($"  played {result.Returns.Length} episodes: mean return of the first {n} {G(ReinforcementRunner.MeanOfFirst(result.Returns, plan.Window))}, of the last {n} {G(ReinforcementRunner.MeanOfLast(result.Returns, plan.Window))}");
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
