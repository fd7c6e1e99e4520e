using System.Globalization;
using NeuralFunctional.Core;
using Spectre.Console;

namespace NeuralFunctional.Cli;

/// <summary>Enumerates a run's epoch records, showing progress as the host asks, and stops between two records when the
/// host's token is cancelled. Returns the records collected and whether the run was interrupted.</summary>
public static class RunProgress
{
    public static (List<EpochRecord> Records, bool Interrupted) Collect(IEnumerable<EpochRecord> records, int totalEpochs,
        RunHost host, TextWriter stderr)
    {
        var collected = new List<EpochRecord>();
        var interrupted = false;
        void Loop(Action<EpochRecord> show)
        {
            using var next = records.GetEnumerator();
            while (true)
            {
                if (host.Cancel.IsCancellationRequested) { interrupted = true; return; }
                if (!next.MoveNext()) return;
                collected.Add(next.Current);
                show(next.Current);
                host.OnRecord?.Invoke(next.Current);
            }
        }
        switch (host.Progress)
        {
            case ProgressMode.Bar:
                Bar(totalEpochs, Loop);
                break;
            case ProgressMode.Lines:
                var step = Math.Max(1, totalEpochs / 10);
                var nextAt = step;
                Loop(r =>
                {
                    if (r.Epoch < nextAt && r.Epoch != totalEpochs) return;
                    nextAt = (r.Epoch / step + 1) * step;
                    stderr.WriteLine($"epoch {r.Epoch}/{totalEpochs} loss {G(r.Loss)}");
                });
                break;
            default:
                Loop(_ => { });
                break;
        }
        return (collected, interrupted);
    }

    private static void Bar(int totalEpochs, Action<Action<EpochRecord>> loop)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: Math.Max(1, totalEpochs));
                loop(r =>
                {
                    task.Value = r.Epoch;
                    task.Description = $"epoch {r.Epoch}/{totalEpochs} loss {G(r.Loss)}";
                });
            });
    }

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
