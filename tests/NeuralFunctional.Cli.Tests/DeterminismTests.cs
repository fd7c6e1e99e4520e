using System.Diagnostics;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The promise, checked: every shipped experiment gives byte-identical output documents with SIMD on, with
/// every hardware-intrinsic switch of .NET 10 turned off in turn, and at one and two processors. Each switch needs a
/// fresh process (the runtime reads them at start), so this launches the real <c>nf</c> command line.</summary>
public class DeterminismTests
{
    public static TheoryData<string, string> Switches => new()
    {
        { "DOTNET_EnableHWIntrinsic", "0" },
        { "DOTNET_EnableAVX2", "0" },
        { "DOTNET_EnableAVX512", "0" },
        { "DOTNET_PreferredVectorBitWidth", "256" },
        { "DOTNET_PROCESSOR_COUNT", "1" },
        { "DOTNET_PROCESSOR_COUNT", "2" },
    };

    [Theory]
    [MemberData(nameof(Switches))]
    public void Run_EveryShippedExperimentUnderSwitch_IsByteIdentical(string variable, string value)
    {
        using var temp = new TempDir();
        var names = Repo.ExperimentNames().ToList();
        var reference = names.ToDictionary(n => n, n =>
        {
            var output = temp.File(n + ".expected.json");
            Assert.Equal(0, Cli.Run("run", Repo.Experiment(n), "--out", output).Exit);
            return File.ReadAllBytes(output);
        });

        var outputs = names.Select(n => (Name: n, Path: temp.File(n + ".json"))).ToList();
        // One process for all experiments keeps this fast: `nf` is called once per experiment by a shell loop.
        var script = string.Join(" && ", outputs.Select(o =>
            $"dotnet \"{NfDll}\" run \"{Repo.Experiment(o.Name)}\" --out \"{o.Path}\" > /dev/null"));
        var start = new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardError = true };
        start.Environment[variable] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{variable}={value}: {stderr}");

        var differing = outputs.Where(o => !File.ReadAllBytes(o.Path).SequenceEqual(reference[o.Name])).Select(o => o.Name).ToList();
        Assert.True(differing.Count == 0, $"{variable}={value} changed the output of: {string.Join(", ", differing)}");
    }

    private static string NfDll => Path.Combine(AppContext.BaseDirectory, "nf.dll");
}
