using NeuralFunctional.Experiments;
using System.CommandLine;

namespace NeuralFunctional.Cli;

/// <summary>The <c>nf</c> command line: parses arguments with System.CommandLine and hands each verb to its command.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error, RunHost.FromConsole());

    /// <summary>Runs the command line with the given writers (tests call this in-process): no progress, no Ctrl+C.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, RunHost.None);

    /// <summary>Runs the command line with the given writers and host (progress display, cancellation).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, RunHost host)
    {
        var root = new RootCommand("NeuralFunctional: build, train and compare small neural networks from JSON experiment files, reproducibly.")
        {
            RunCommand.Create(stdout, stderr, host),
            SweepCommand.Create(stdout, stderr, host),
            MergeCommand.Create(stdout, stderr),
            DiffCommand.Create(stdout, stderr),
            VerifyCommand.Create(stdout, stderr, host),
            SchemaCommand.Create(stdout, stderr),
            NewCommand.Create(stdout, stderr),
            ExplainCommand.Create(stdout, stderr),
            PlotCommand.Create(stdout, stderr),
            ReportCommand.Create(stdout, stderr),
            BenchCommand.Create(stdout, stderr),
            DatasetsCommand.Create(stdout, stderr),
        };
        var debug = new Option<bool>("--debug") { Description = "On an internal error, print its stack trace too (as NF_DEBUG=1 does).", Recursive = true };
        root.Options.Add(debug);
        var parsed = root.Parse(args);
        try
        {
            var exit = parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
            return parsed.Errors.Count > 0 ? ExitCode.BadInput : exit; // a command-line mistake is bad input (2), never "differs" (1)
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return LastResort(args, e, stderr, Environment.GetEnvironmentVariable("NF_DEBUG") == "1" || parsed.GetValue(debug));
        }
    }

    /// <summary>What escapes a command, said in one line naming the command and its file, never as a stack trace (unless
    /// <c>NF_DEBUG=1</c>): a file or stream that could not be read or written (a full disk, standard output closed) is
    /// exit 2; anything else is a bug in nf, exit 70 (EX_SOFTWARE), with how to report it.</summary>
    internal static int LastResort(string[] args, Exception e, TextWriter stderr, bool debug)
    {
        var what = "nf " + string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')).Take(2));
        var io = e is IOException or UnauthorizedAccessException;
        try
        {
            stderr.WriteLine(io
                ? $"{what}: cannot read or write a file: {e.Message}"
                : $"{what}: internal error ({e.GetType().Name}: {e.Message}). This is a bug: please report it with the command and its file" +
                  (debug ? "" : " (--debug or NF_DEBUG=1 prints the stack trace)."));
            if (debug) stderr.WriteLine(e.ToString());
            stderr.Flush();
        }
        catch (IOException)
        {
            // Standard error itself cannot be written: the exit code is all that is left to say it.
        }
        return io ? ExitCode.BadInput : ExitCode.Internal;
    }
}

/// <summary>Exit codes, as <c>diff(1)</c> and compilers use them.</summary>
public static class ExitCode
{
    public const int Ok = 0;
    public const int Differs = 1;
    public const int BadInput = 2;
    public const int Diverged = 3;
    /// <summary><c>nf verify</c>: a data file an output was trained on has changed since (NF2009); nothing was re-run.</summary>
    public const int DataChanged = 4;
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM (128 + 15): what was done is written, as for Ctrl+C.</summary>
    public const int Terminated = 143;
    /// <summary>A bug in nf (EX_SOFTWARE): an unexpected exception, reported in one line (<see cref="Program.LastResort"/>).</summary>
    public const int Internal = 70;

    /// <summary>The exit code for a run of problems: <see cref="DataChanged"/> when a data file changed (NF2009), else
    /// <see cref="BadInput"/>.</summary>
    public static int For(IEnumerable<ExperimentError> errors) =>
        errors.Any(e => e.Code == ErrorCatalog.DataChangedCode) ? DataChanged : BadInput;
}
