using NeuralFunctional.Core;

namespace NeuralFunctional.Cli;

/// <summary>How <c>nf run</c> shows progress: not at all (in-process calls, tests, <c>--quiet</c>), as plain lines on
/// standard error (every tenth of the epochs; for logs and CI), or as a live Spectre.Console bar (a real terminal).</summary>
public enum ProgressMode { None, Lines, Bar }

/// <summary>What the hosting process gives a run: how to show progress, a token that asks the run to stop (Ctrl+C),
/// and optional observers of every epoch record and every episode record (tests use them to cancel after N records).</summary>
public sealed record RunHost(ProgressMode Progress, CancellationToken Cancel, Action<EpochRecord>? OnRecord = null)
{
    /// <summary>Observes every episode of a reinforcement-learning run, as <see cref="OnRecord"/> every epoch record.</summary>
    public Action<EpisodeRecord>? OnEpisode { get; init; }

    /// <summary>True for <c>--quiet</c>: no summary (errors are still printed).</summary>
    public bool Quiet { get; init; }

    /// <summary>No progress, never cancelled: what <see cref="Program.Run(string[], TextWriter, TextWriter)"/> uses.</summary>
    public static readonly RunHost None = new(ProgressMode.None, CancellationToken.None);

    /// <summary>The real console: a bar when standard error is a terminal outside CI, plain lines otherwise, and a
    /// token cancelled by the first Ctrl+C (a second Ctrl+C ends the process as usual).</summary>
    public static RunHost FromConsole()
    {
        var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        var ci = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        var terminal = !Console.IsOutputRedirected && !Console.IsErrorRedirected && !ci;
        return new RunHost(terminal ? ProgressMode.Bar : ProgressMode.Lines, cancel.Token);
    }
}
