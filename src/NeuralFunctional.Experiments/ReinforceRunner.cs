using System.Collections.Immutable;
using NeuralFunctional.Core;

namespace NeuralFunctional.Experiments;

/// <summary>A reinforcement-learning experiment made ready to run: the starting policy and REINFORCE's start state.</summary>
public sealed record PreparedReinforcement(ReinforcementExperiment Experiment, Network Initial, ReinforceState Start);

/// <summary>One trace point: after <see cref="Episode"/> episodes, that episode's return and the mean return of the
/// last <c>record.window</c> episodes (fewer at the start).</summary>
public readonly record struct ReturnPoint(int Episode, double Return, double MeanReturn);

/// <summary>Everything a reinforcement run produced: every episode's return, the recorded trace, the final state, how
/// the run ended, the episode that reached the goal (if any) and where it diverged (if it did).</summary>
public sealed record ReinforceResult(
    PreparedReinforcement Run,
    ImmutableArray<double> Returns,
    ImmutableArray<ReturnPoint> Trace,
    ReinforceState FinalState,
    RunStatus Status,
    int? SolvedAt,
    Divergence? Divergence)
{
    public Network Final => FinalState.Network;
}

/// <summary>Runs reinforcement-learning experiments: prepare, enumerate the episodes lazily, stop at the goal when the
/// experiment says so, and summarize. Pure.</summary>
public static class ReinforceRunner
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

    /// <summary>Prepare, play episodes until the last one (or the goal, or divergence), summarize.</summary>
    public static ReinforceResult Run(ReinforcementExperiment e)
    {
        var run = Prepare(e);
        var plan = e.Training;
        var returns = new List<double>();
        var state = run.Start;
        int? solvedAt = null;
        EpisodeRecord? last = null;
        foreach (var record in Reinforce.Run(run.Start, e.Environment, plan.ToConfig()))
        {
            last = record;
            state = record.State;
            returns.Add(record.Return);
            if (record.Diverged) break;
            if (solvedAt is null && plan.Goal is { } goal && returns.Count >= plan.Window && MeanOfLast(returns, plan.Window) >= goal.MeanReturn)
            {
                solvedAt = record.Episode;
                if (goal.Stop) break;
            }
        }
        var trace = Trace(returns, plan);
        if (last is { Diverged: true })
            return new ReinforceResult(run, [.. returns], trace, state, RunStatus.Diverged, solvedAt,
                new Divergence(last.Episode, double.IsFinite(last.Return) ? "the policy's parameters" : "the episode's return"));
        return new ReinforceResult(run, [.. returns], trace, state, RunStatus.Completed, solvedAt, null);
    }

    /// <summary>The mean of the last <paramref name="window"/> returns (all of them when fewer), summed in episode order.</summary>
    public static double MeanOfLast(IReadOnlyList<double> returns, int window)
    {
        var from = Math.Max(0, returns.Count - window);
        var sum = 0.0;
        for (var i = from; i < returns.Count; i++) sum += returns[i];
        return sum / (returns.Count - from);
    }

    /// <summary>A point every <c>record.every</c> episodes and at the last episode played.</summary>
    private static ImmutableArray<ReturnPoint> Trace(List<double> returns, ReinforcePlan plan)
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
