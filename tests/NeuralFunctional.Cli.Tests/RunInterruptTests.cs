using NeuralFunctional.Cli;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf run</c> stopped by Ctrl+C (a cancelled token): the trace so far, status <c>interrupted</c>, exit 130,
/// and a checkpoint that resumes to the uninterrupted run's bytes. Also <c>--quiet</c> and plain progress lines.</summary>
public class RunInterruptTests
{
    private static (int Exit, string Out, string Err) Run(RunHost host, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter { NewLine = "\n" }, new StringWriter { NewLine = "\n" });
        var exit = Program.Run(args, stdout, stderr, host);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static RunHost CancelAfter(int records)
    {
        var source = new CancellationTokenSource();
        var seen = 0;
        return new RunHost(ProgressMode.None, source.Token, _ => { if (++seen == records) source.Cancel(); });
    }

    [Fact]
    public void Run_CancelledAfterRecords_WritesInterruptedTraceAndExits130()
    {
        using var dir = new TempDir();
        var (exit, stdout, _) = Run(CancelAfter(30), "run", Repo.Experiment("hiring"), "--out", dir.File("out.json"));
        Assert.Equal(130, exit);
        Assert.Contains("INTERRUPTED", stdout);
        var doc = JObject.Parse(File.ReadAllText(dir.File("out.json")));
        Assert.Equal("interrupted", (string?)doc["status"]);
        Assert.Equal(30, doc["trace"]!.Count());
        Assert.Equal(290, (int)doc["trace"]!.Last!["epoch"]!);
    }

    [Fact]
    public void Run_PreCancelled_WritesInterruptedDocument()
    {
        using var dir = new TempDir();
        var host = new RunHost(ProgressMode.None, new CancellationToken(canceled: true));
        var (exit, _, _) = Run(host, "run", Repo.Experiment("hiring"), "--out", dir.File("out.json"));
        Assert.Equal(130, exit);
        Assert.Equal("interrupted", (string?)JObject.Parse(File.ReadAllText(dir.File("out.json")))["status"]);
    }

    [Fact]
    public void Run_InterruptedCheckpoint_ResumesToUninterruptedBytes()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Cli.Run("run", Repo.Experiment("hiring"), "--out", dir.File("full.json")).Exit);
        Assert.Equal(130, Run(CancelAfter(42), "run", Repo.Experiment("hiring"), "--out", dir.File("part.json"),
            "--checkpoint", dir.File("cp.json")).Exit);
        var resumed = Cli.Run("run", Repo.Experiment("hiring"), "--out", dir.File("resumed.json"), "--resume", dir.File("cp.json"));
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Equal(File.ReadAllBytes(dir.File("full.json")), File.ReadAllBytes(dir.File("resumed.json")));
    }

    [Theory]
    [InlineData("hiring")]
    [InlineData("sine-elman")]
    [InlineData("bandit")]
    [InlineData("activations")]
    public void Run_Quiet_PrintsNothingButWritesTheOutput(string name)
    {
        using var dir = new TempDir();
        var (exit, stdout, stderr) = Cli.Run("run", Repo.Experiment(name), "--out", dir.File("out.json"), "--quiet");
        Assert.Equal(0, exit);
        Assert.Equal("", stdout);
        Assert.Equal("", stderr);
        Assert.True(File.Exists(dir.File("out.json")));
    }

    [Fact]
    public void Run_QuietWithBadInput_StillPrintsTheError()
    {
        var (exit, _, stderr) = Cli.Run("run", Repo.Experiment("no-such-experiment"), "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("NF0001", stderr);
    }

    [Fact]
    public void Run_LineProgress_EveryTenthOfTheEpochsOnStderr()
    {
        using var dir = new TempDir();
        var (exit, stdout, stderr) = Run(new RunHost(ProgressMode.Lines, CancellationToken.None), "run", Repo.Experiment("hiring"), "--out", dir.File("out.json"));
        Assert.Equal(0, exit);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.StartsWith("epoch 100/1000 loss ", lines[0]);
        Assert.StartsWith("epoch 1000/1000 loss ", lines[^1]);
        Assert.DoesNotContain("epoch 100/", stdout);
    }

    [Fact]
    public void Run_InProcessDefault_PrintsNoProgress()
    {
        using var dir = new TempDir();
        Assert.Equal("", Cli.Run("run", Repo.Experiment("hiring"), "--out", dir.File("out.json")).Err);
    }
}
