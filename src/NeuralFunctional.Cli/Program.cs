using System.CommandLine;

namespace NeuralFunctional.Cli;

/// <summary>The <c>nf</c> command line: parses arguments with System.CommandLine and hands each verb to its command.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers (tests call this in-process).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("NeuralFunctional: build, train and compare small neural networks from JSON experiment files, reproducibly.")
        {
            RunCommand.Create(stdout, stderr),
            SweepCommand.Create(stdout, stderr),
            MergeCommand.Create(stdout, stderr),
        };
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}

/// <summary>Exit codes, as <c>diff(1)</c> and compilers use them.</summary>
public static class ExitCode
{
    public const int Ok = 0;
    public const int Differs = 1;
    public const int BadInput = 2;
    public const int Diverged = 3;
    public const int Interrupted = 130;
}
