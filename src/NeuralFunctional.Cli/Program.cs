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
            SweepCommand.Create(stdout, stderr),
            MergeCommand.Create(stdout, stderr),
            DiffCommand.Create(stdout, stderr),
            VerifyCommand.Create(stdout, stderr),
            SchemaCommand.Create(stdout, stderr),
            NewCommand.Create(stdout, stderr),
            ExplainCommand.Create(stdout, stderr),
            PlotCommand.Create(stdout, stderr),
            BenchCommand.Create(stdout, stderr),
        };
        var parsed = root.Parse(args);
        var exit = parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return parsed.Errors.Count > 0 ? ExitCode.BadInput : exit; // a command-line mistake is bad input (2), never "differs" (1)
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

    /// <summary>The exit code for a run of problems: <see cref="DataChanged"/> when a data file changed (NF2009), else
    /// <see cref="BadInput"/>.</summary>
    public static int For(IEnumerable<ExperimentError> errors) =>
        errors.Any(e => e.Code == ErrorCatalog.DataChangedCode) ? DataChanged : BadInput;
}
