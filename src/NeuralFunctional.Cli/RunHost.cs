using System.Runtime.InteropServices;
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

    /// <summary>The exit code of a run the host stopped: 130 after Ctrl+C (SIGINT), 143 after SIGTERM (what schedulers,
    /// containers and <c>timeout</c> send), as shells report a process ended by a signal.</summary>
    public Func<int> InterruptedExit { get; init; } = () => ExitCode.Interrupted;

    /// <summary>The process's environment variables, as <c>nf sweep --shard auto</c> reads them (a Slurm array task's,
    /// a Kubernetes Indexed Job's, <c>NF_SHARD</c>); tests give their own.</summary>
    public Func<string, string?> EnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>No progress, never cancelled: what <see cref="Program.Run(string[], TextWriter, TextWriter)"/> uses.</summary>
    public static readonly RunHost None = new(ProgressMode.None, CancellationToken.None);

    /// <summary>The real console: a bar when standard error is a terminal outside CI, plain lines otherwise, and a
    /// token cancelled by the first Ctrl+C or SIGTERM, so that every command stops at its next record, episode, variant
    /// or experiment and writes what it has (a second signal ends the process as usual).</summary>
    public static RunHost FromConsole()
    {
        var cancel = new CancellationTokenSource();
        var exit = ExitCode.Interrupted;
        void Stop(PosixSignalContext context, int code)
        {
            if (cancel.IsCancellationRequested) return; // the second signal: the default, the process ends
            context.Cancel = true;
            exit = code;
            cancel.Cancel();
        }
        // Kept alive for the process's life: a registration that is collected stops handling its signal.
        Registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, ExitCode.Interrupted)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, ExitCode.Terminated)),
        ];
        var ci = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        var terminal = !Console.IsOutputRedirected && !Console.IsErrorRedirected && !ci;
        return new RunHost(terminal ? ProgressMode.Bar : ProgressMode.Lines, cancel.Token) { InterruptedExit = () => exit };
    }

    private static PosixSignalRegistration[] Registrations = [];
}
