using System.Diagnostics;
using System.Globalization;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary>The <c>RL-cartpole</c> row of <c>nf bench</c>: REINFORCE on <c>experiments/cartpole.json</c> (its network,
/// seed, optimizer, γ and baseline) for all its episodes, the goal not stopping it, so that every run plays the same
/// episodes. Timed: the training loop (<see cref="Reinforce.Run"/>, or <see cref="Reinforce.RunReference"/> with
/// <c>--reference</c>), every episode and its record; not the loading. Samples/s are episodes per second; GFLOP/s count
/// 6 per weight per step played (the forward pass while playing, ∂L/∂x and ∂L/∂w).</summary>
public static class BenchReinforce
{
    /// <summary>The row's name.</summary>
    public const string Name = "RL-cartpole";

    /// <summary>The experiment it runs, relative to the repository root.</summary>
    public const string File = "experiments/cartpole.json";

    /// <summary>True for this row's name (any case).</summary>
    public static bool Handles(string name) => string.Equals(name, Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Warmed up as <see cref="BenchCommand.Measure"/> does (untimed runs for half a second, then a pause for the
    /// JIT), then <paramref name="repeat"/> timed runs; the median run's figures.</summary>
    public static BenchCommand.Figures Measure(string root, int repeat, bool reference, TextWriter stderr)
    {
        var path = Path.Combine(root, File);
        var loaded = ExperimentFiles.LoadKind(path, []).Match(Succ: kind => kind, Fail: errors =>
        {
            ExperimentFiles.Report(stderr, errors);
            throw new InvalidOperationException($"{File} does not load.");
        });
        if (loaded is not ExperimentKind.Reinforcement { Experiment: var experiment })
            throw new InvalidOperationException($"{File} is not a reinforcement-learning experiment.");
        var run = ReinforcementRunner.Prepare(experiment);
        var config = experiment.Training.ToConfig();
        var weights = run.Initial.Layers.Sum(l => (double)l.Units * l.Inputs);
        var steps = 0L; // the same every run: the episodes are
        var median = BenchCommand.MedianRun(repeat, () =>
        {
            var (played, episodes) = (0L, 0);
            var records = reference
                ? Reinforce.RunReference(run.Start, experiment.Environment, config)
                : Reinforce.Run(run.Start, experiment.Environment, config, HostThreads.Helper);
            foreach (var record in records) (played, episodes) = (played + record.Length, record.Episode);
            if (episodes != config.Episodes) stderr.WriteLine($"warning: {Name} ended at episode {episodes} of {config.Episodes} (diverged).");
            steps = played;
        });
        var net = $"{experiment.Network.Inputs}-{string.Join("-", experiment.Network.Layers.Select(l => l.Units))}";
        return new BenchCommand.Figures(Name, median.Seconds, config.Episodes / median.Seconds, 6 * weights * steps / median.Seconds / 1e9,
            median.Allocated, median.Cpu,
            $"REINFORCE on {File} ({net}, {config.Episodes} episodes, no goal stop; {steps} steps, " +
            $"{(steps / median.Seconds).ToString("0", CultureInfo.InvariantCulture)} steps/s); samples/s = episodes/s");
    }
}
