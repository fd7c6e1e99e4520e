using System.Globalization;
using NeuralFunctional.Core;
using Spectre.Console;

namespace NeuralFunctional.Cli;

/// <summary>Enumerates a run's records (epochs of supervised training, episodes of reinforcement learning), showing
/// progress as the host asks, and stops between two records when the host's token is cancelled. Returns the records
/// collected and whether the run was interrupted.</summary>
public static class RunProgress
{
    public static (List<EpochRecord> Records, bool Interrupted) Collect(IEnumerable<EpochRecord> records, int totalEpochs,
        RunHost host, TextWriter stderr) =>
        Collect(records, totalEpochs, host, stderr, "training", r => r.Epoch, r => $"epoch {r.Epoch}/{totalEpochs} loss {G(r.Loss)}", host.OnRecord);

    /// <summary>The episodes of a reinforcement-learning run; <paramref name="describe"/> says where one is (e.g. its
    /// window's mean return).</summary>
    public static (List<EpisodeRecord> Records, bool Interrupted) Collect(IEnumerable<EpisodeRecord> episodes, int totalEpisodes,
        RunHost host, TextWriter stderr, Func<EpisodeRecord, string> describe) =>
        Collect(episodes, totalEpisodes, host, stderr, "episodes", r => r.Episode, describe, host.OnEpisode);

    private static (List<T> Records, bool Interrupted) Collect<T>(IEnumerable<T> records, int total, RunHost host, TextWriter stderr,
        string task, Func<T, int> position, Func<T, string> describe, Action<T>? observe)
    {
        var collected = new List<T>();
        var interrupted = false;
        void Loop(Action<T> show)
        {
            using var next = records.GetEnumerator();
            while (true)
            {
                if (host.Cancel.IsCancellationRequested) { interrupted = true; return; }
                if (!next.MoveNext()) return;
                collected.Add(next.Current);
                show(next.Current);
                observe?.Invoke(next.Current);
            }
        }
        switch (host.Progress)
        {
            case ProgressMode.Bar:
                Bar(task, total, position, describe, Loop);
                break;
            case ProgressMode.Lines:
                var step = Math.Max(1, total / 10);
                var nextAt = step;
                Loop(r =>
                {
                    var at = position(r);
                    if (at < nextAt && at != total) return;
                    nextAt = (at / step + 1) * step;
                    stderr.WriteLine(describe(r));
                });
                break;
            default:
                Loop(_ => { });
                break;
        }
        return (collected, interrupted);
    }

    private static void Bar<T>(string name, int total, Func<T, int> position, Func<T, string> describe, Action<Action<T>> loop)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(name, maxValue: Math.Max(1, total));
                loop(r =>
                {
                    task.Value = position(r);
                    task.Description = describe(r);
                });
            });
    }

    internal static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
