using LanguageExt;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Benchmarks;

/// <summary>Loads the shared workloads (<see cref="Workloads"/>) from the repository's <c>bench/</c> folder.</summary>
public static class BenchFiles
{
    /// <summary>W1, W2, W3, or one of them with an option of <see cref="Workloads.WithOption"/> (W2-adam, W3-adam, …).</summary>
    public static Workload Load(string name) => name.IndexOf('-', StringComparison.Ordinal) is var dash and > 0
        ? Workloads.WithOption(Load(name[..dash]), name[(dash + 1)..]) ?? throw new ArgumentException($"Unknown option in {name}.")
        : name switch
    {
        "W1" => Workloads.FromExperiment("W1", ExperimentParser.Parse(Workloads.HiringFile, File.ReadAllText(Path.Combine(Root(), Workloads.HiringFile)))
            .Match(Succ: e => e, Fail: errors => throw new InvalidOperationException(string.Join("\n", errors.Select(x => x.ToString()))))),
        "W2" => Workloads.Digits(File.ReadAllText(Path.Combine(Root(), Workloads.DigitsFile))),
        "W3" => Workloads.Wide(),
        _ => throw new ArgumentException($"Unknown workload {name}."),
    };

    private static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, Workloads.HiringFile))) return d.FullName;
        throw new InvalidOperationException($"{Workloads.HiringFile} not found above {AppContext.BaseDirectory}.");
    }
}
