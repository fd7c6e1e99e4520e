using System.Diagnostics;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Real signals sent to a child <c>nf</c> process (not a cancelled token): Ctrl+C's SIGINT and SIGTERM (what
/// schedulers, containers and <c>timeout</c> send) stop a run between two epochs with the output document written
/// (status "interrupted") and the checkpoint, exit 130 / 143; a sweep stops between variants and says how far it got;
/// no temporary file is left behind.</summary>
public class SignalTests
{
    private static string Nf => Path.Combine(AppContext.BaseDirectory, "nf.dll");

    private static Process Start(IEnumerable<string> args, string folder)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Nf);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("CI");
        return Process.Start(start)!;
    }

    /// <summary>True when this process ignores SIGINT (a test run started as a background job): a child inherits that,
    /// and POSIX keeps a signal ignored on entry ignored, so Ctrl+C cannot reach it; SIGTERM still can.</summary>
    private static bool SigintIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (2 - 1))) != 0;
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public void Run_StoppedByASignalMidTraining_WritesTheOutputAndCheckpoint_AndExitsAsTheSignalSays(string signal, int exit)
    {
        if (signal == "INT" && SigintIgnored()) return; // see SigintIgnored: the TERM case covers the same path
        using var temp = new TempDir();
        using var nf = Start(["run", Repo.Experiment("digits"), "--set", "training.epochs=3000", "--out", temp.File("o.json"), "--checkpoint", temp.File("c.json")], temp.Path);
        var stderr = new System.Text.StringBuilder();
        // Progress lines come every tenth of the epochs on a redirected standard error: the first says training runs.
        var line = nf.StandardError.ReadLine();
        Assert.True(line is not null && line.StartsWith("epoch ", StringComparison.Ordinal), $"expected a progress line, got: {line}");
        Signal(nf, signal);
        stderr.Append(nf.StandardError.ReadToEnd());
        var stdout = nf.StandardOutput.ReadToEnd();
        Assert.True(nf.WaitForExit(60_000), "nf did not stop");
        Assert.Equal(exit, nf.ExitCode);
        Assert.Contains("INTERRUPTED at epoch ", stdout);
        var document = File.ReadAllText(temp.File("o.json"));
        Assert.Contains("\"status\": \"interrupted\"", document);
        Assert.Contains("\"format\": \"neuralfunctional/checkpoint@1\"", File.ReadAllText(temp.File("c.json")));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.DoesNotContain("   at ", stderr.ToString());
    }

    [Fact]
    public void Sweep_StoppedBySigterm_StopsBetweenVariants_AndSaysHowFarItGot()
    {
        using var temp = new TempDir();
        using var nf = Start(["sweep", Repo.Experiment("digits"), "--out", temp.File("out"), "--threads", "1",
            "--set", "training.epochs=600", "--set", "sweep={\"seeds\": {\"from\": 1, \"count\": 6}}"], temp.Path);
        Thread.Sleep(3000); // a variant takes about two seconds: the first is running or done
        Signal(nf, "TERM");
        var stdout = nf.StandardOutput.ReadToEnd();
        var stderr = nf.StandardError.ReadToEnd();
        Assert.True(nf.WaitForExit(60_000), "nf did not stop");
        Assert.Equal(143, nf.ExitCode);
        Assert.Matches(@"^digits: INTERRUPTED after [1-5] of 6 variants; their output documents are in .*; no summary was written", stdout);
        var written = int.Parse(System.Text.RegularExpressions.Regex.Match(stdout, @"after (\d) of").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(written, Directory.GetFiles(temp.File("out"), "*.json").Length);
        Assert.False(File.Exists(temp.File("out/summary.json")));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void VerifyFolder_StoppedBySigterm_StopsBetweenExperiments_AndSaysHowFarItGot()
    {
        using var temp = new TempDir();
        var slow = File.ReadAllText(Repo.Experiment("hiring")).Replace("\"epochs\": 1000", "\"epochs\": 3000000");
        Assert.Contains("3000000", slow);
        foreach (var name in new[] { "a", "b", "c" }) File.WriteAllText(temp.File(name + ".json"), slow.Replace("\"name\": \"hiring\"", $"\"name\": \"{name}\""));
        using var nf = Start(["verify", temp.Path], temp.Path);
        Thread.Sleep(1500);
        Signal(nf, "TERM");
        var stdout = nf.StandardOutput.ReadToEnd();
        nf.StandardError.ReadToEnd();
        Assert.True(nf.WaitForExit(120_000), "nf did not stop");
        Assert.Equal(143, nf.ExitCode);
        Assert.Matches(@"INTERRUPTED after [12] of 3 experiments; the rest were not checked\.", stdout);
        Assert.DoesNotContain("MISSING  c", stdout);
    }
}
