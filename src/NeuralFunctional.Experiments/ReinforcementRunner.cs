
namespace NeuralFunctional.Experiments;

/// <summary>A reinforcement-learning experiment made ready to run: the starting policy and REINFORCE's start state.</summary>
public sealed record PreparedReinforcement(ReinforcementExperiment Experiment, Network Initial, ReinforceState Start);

/// <summary>One trace point: after <see cref="Episode"/> episodes, that episode's return and the mean return of the
/// last <c>record.window</c> episodes (fewer at the start).</summary>
public readonly record struct ReturnPoint(int Episode, double Return, double MeanReturn);

/// <summary>Everything a reinforcement run produced: every episode's return, the recorded trace, the final state, how
/// the run ended, the episode that reached the goal (if any) and where it diverged (if it did).</summary>
public sealed record ReinforcementResult(
    PreparedReinforcement Run,
    ImmutableArray<double> Returns,
    ImmutableArray<ReturnPoint> Trace,
    ReinforceState FinalState,
    RunStatus Status,
    int? SolvedAt,
    Divergence? Divergence) : IDocumented
{
    public Network Final => FinalState.Network;

    Newtonsoft.Json.Linq.JObject IDocumented.Describe(IJsonSink sink) => ReinforcementDocument.Describe(this, sink);
}

/// <summary>Runs reinforcement-learning experiments: prepare, enumerate the episodes lazily, stop at the goal when the
/// experiment says so, and summarize. Pure.</summary>
public static class ReinforcementRunner
{
    /// <summary>Named random streams: the policy's action draws and the environment's draws (starts, rewards).</summary>
    public const string PolicyStream = "policy";
    public const string EnvStream = "env";

    public static PreparedReinforcement Prepare(ReinforcementExperiment e)
    {
        var initial = Runner.InitialNetwork(e.Seed, e.Network);
        var start = Reinforce.Start(initial, e.Training.Optimizer, Rng.Stream(e.Seed, PolicyStream), Rng.Stream(e.Seed, EnvStream));
        return new PreparedReinforcement(e, initial, start);
    }

    /// <summary>Continues a checkpointed run: the same prepared experiment, started from the checkpoint's state.
    /// Enumerate <see cref="Records"/> of the result after the checkpoint's returns and pass both to <see cref="Finish"/>.</summary>
    public static PreparedReinforcement Resume(PreparedReinforcement run, ReinforceState state) => run with { Start = state };

    /// <summary>The episodes, lazily, from <c>run.Start</c>, which comes after the <paramref name="earlier"/> returns
    /// (none for a fresh run, a checkpoint's for a resumed one): up to the last episode, a divergent one, or the one
    /// that reaches the goal when the goal stops training (the window counts earlier returns too). Nothing when the
    /// earlier episodes already ended the run. The host may stop enumerating at any time, and may lend a
    /// <paramref name="helper"/> thread to the engine (same bits).</summary>
    public static IEnumerable<EpisodeRecord> Records(PreparedReinforcement run, IReadOnlyList<double> earlier, IHelperThread? helper = null)
    {
        var plan = run.Experiment.Training;
        if (Ended(run.Start, earlier) || (plan.Goal is { Stop: true } && ReachedAt(earlier, plan) is not null)) yield break;
        var returns = new List<double>(earlier);
        var solved = ReachedAt(earlier, plan) is not null;
        foreach (var record in Reinforce.Run(run.Start, run.Experiment.Environment, plan.ToConfig(), helper))
        {
            yield return record;
            returns.Add(record.Return);
            if (record.Diverged) yield break;
            if (!solved && plan.Goal is { } goal && Reached(returns, plan.Window, goal))
            {
                solved = true;
                if (goal.Stop) yield break;
            }
        }
    }

    /// <summary>The result from the <paramref name="earlier"/> returns and the records a host collected after them (all
    /// of them, or those before it stopped): every return, the trace, the goal's episode and how the run ended. A run
    /// cut short (<paramref name="interrupted"/>) before its last episode and before the goal stopped it is interrupted.</summary>
    public static ReinforcementResult Finish(PreparedReinforcement run, IReadOnlyList<double> earlier, IReadOnlyList<EpisodeRecord> records,
        bool interrupted = false)
    {
        var plan = run.Experiment.Training;
        var returns = earlier.Concat(records.Select(r => r.Return)).ToList();
        var state = records.Count > 0 ? records[^1].State : run.Start;
        var trace = Trace(returns, plan);
        if (Ended(state, returns))
            return new ReinforcementResult(run, [.. returns], trace, state, RunStatus.Diverged, ReachedAt(returns.GetRange(0, returns.Count - 1), plan),
                new Divergence(state.Episode, double.IsFinite(returns[^1]) ? "the policy's parameters" : "the episode's return"));
        var solvedAt = ReachedAt(returns, plan);
        var finished = state.Episode >= plan.Episodes || (solvedAt is not null && plan.Goal is { Stop: true });
        return new ReinforcementResult(run, [.. returns], trace, state, interrupted && !finished ? RunStatus.Interrupted : RunStatus.Completed, solvedAt, null);
    }

    /// <summary>Prepare, play episodes until the last one (or the goal, or divergence), summarize.</summary>
    public static ReinforcementResult Run(ReinforcementExperiment e)
    {
        var run = Prepare(e);
        return Finish(run, [], Records(run, []).ToList());
    }

    /// <summary>True when the last episode diverged: its return or the parameters after it are not finite
    /// (<see cref="EpisodeRecord.Diverged"/> of the state reached after <paramref name="returns"/>).</summary>
    private static bool Ended(ReinforceState state, IReadOnlyList<double> returns) =>
        returns.Count > 0 && (!double.IsFinite(returns[^1]) || !Training.AllFinite(state.Network));

    /// <summary>The first episode n ≥ <c>record.window</c> whose window mean (of returns n − window + 1 … n) reaches the
    /// goal; null without a goal or when none does.</summary>
    public static int? ReachedAt(IReadOnlyList<double> returns, ReinforcementPlan plan)
    {
        if (plan.Goal is not { } goal) return null;
        var prefix = new List<double>(returns.Count);
        foreach (var r in returns)
        {
            prefix.Add(r);
            if (Reached(prefix, plan.Window, goal)) return prefix.Count;
        }
        return null;
    }

    private static bool Reached(List<double> returns, int window, Goal goal) =>
        returns.Count >= window && MeanOfLast(returns, window) >= goal.MeanReturn;

    /// <summary>The mean return of the first <paramref name="window"/> episodes (all of them when fewer), summed in
    /// episode order: where learning started.</summary>
    public static double MeanOfFirst(IReadOnlyList<double> returns, int window) =>
        MeanOfLast(returns.Take(Math.Min(window, returns.Count)).ToList(), window);

    /// <summary>The mean of the last <paramref name="window"/> returns (all of them when fewer), summed in episode order.</summary>
    public static double MeanOfLast(IReadOnlyList<double> returns, int window)
    {
        var from = Math.Max(0, returns.Count - window);
        var sum = 0.0;
        for (var i = from; i < returns.Count; i++) sum += returns[i];
        return sum / (returns.Count - from);
    }

    /// <summary>A point every <c>record.every</c> episodes and at the last episode played.</summary>
    private static ImmutableArray<ReturnPoint> Trace(List<double> returns, ReinforcementPlan plan)
    {
        var points = ImmutableArray.CreateBuilder<ReturnPoint>();
        for (var episode = 1; episode <= returns.Count; episode++)
        {
            if (episode % plan.RecordEvery != 0 && episode != returns.Count) continue;
            points.Add(new ReturnPoint(episode, returns[episode - 1], MeanOfLast(returns.GetRange(0, episode), plan.Window)));
        }
        return points.ToImmutable();
    }
}
