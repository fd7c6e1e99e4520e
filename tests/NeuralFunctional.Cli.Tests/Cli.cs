namespace NeuralFunctional.Cli.Tests;

/// <summary>Runs the <c>nf</c> command line in-process and captures what it prints.</summary>
internal static class Cli
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = NeuralFunctional.Cli.Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>As <see cref="Run"/>, in an environment of exactly these variables (what <c>--shard auto</c> reads).</summary>
    public static (int Exit, string Out, string Err) RunIn(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var host = NeuralFunctional.Cli.RunHost.None with { EnvironmentVariable = name => environment.GetValueOrDefault(name) };
        var exit = NeuralFunctional.Cli.Program.Run(args, stdout, stderr, host);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The summary file of shard <paramref name="k"/>/<paramref name="n"/> in <paramref name="dir"/>
    /// (<c>summary-ID-shard-K-of-N.json</c>; the one sweep there).</summary>
    public static string Shard(string dir, int k, int n) => Directory.GetFiles(dir, $"summary-*-shard-{k}-of-{n}.json").Single();
}
