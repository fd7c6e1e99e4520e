namespace NeuralFunctional.Cli.Tests;

/// <summary>Every file a command is about to write is checked before any work (OutputTargets): never one of its
/// inputs, never another of its outputs, never a folder, a name that fits; exit 2 with a message naming the option
/// and the file, no stack trace, and no file changed.</summary>
public class OutputTargetTests
{
    private static (string Experiment, string Bytes) Hiring(TempDir temp)
    {
        var file = temp.File("e.json");
        File.Copy(Repo.Experiment("hiring"), file);
        return (file, File.ReadAllText(file));
    }

    private static void AssertRefused((int Exit, string Out, string Err) r, params string[] lines)
    {
        Assert.Equal(ExitCode.BadInput, r.Exit);
        foreach (var line in lines) Assert.Contains(line, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain("Exception", r.Err);
    }

    [Fact]
    public void Run_OutOverItsOwnExperiment_IsRefusedAndTheFileStays()
    {
        using var temp = new TempDir();
        var (experiment, bytes) = Hiring(temp);
        AssertRefused(Cli.Run("run", experiment, "--out", experiment), $"--out: error NF0006: {experiment} is the experiment file, which this command reads");
        Assert.Equal(bytes, File.ReadAllText(experiment));
        Assert.Single(Directory.GetFileSystemEntries(temp.Path));
    }

    /// <summary>Runs a tool (mknod, mkfifo): true when it made the file.</summary>
    private static bool Make(string tool, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var p = System.Diagnostics.Process.Start(start)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    /// <summary>The issue's case: as root, --out onto a device node replaced it with a regular file. A device node made
    /// in a temp folder (like /dev/full: character device 1,7) and a FIFO are refused before anything runs, and stay.</summary>
    [Fact]
    public void Run_OutOntoADeviceOrAFifo_IsRefusedAndTheNodeStays()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var temp = new TempDir();
        var (experiment, _) = Hiring(temp);
        var fifo = temp.File("fifo");
        Assert.True(Make("mkfifo", fifo), "mkfifo failed");
        AssertRefused(Cli.Run("run", experiment, "--out", fifo),
            $"--out: error NF0011: {fifo} is a FIFO (named pipe), not a regular file", "hint: give a file name; to print the output, use --out -");
        Assert.Equal(2, Cli.Run("run", experiment, "--out", temp.File("o.json"), "--checkpoint", fifo).Exit);
        Assert.True(Make("test", "-p", fifo), "the FIFO was replaced");
        Assert.False(File.Exists(temp.File("o.json")));

        var device = temp.File("full");
        if (!Make("mknod", device, "c", "1", "7")) return; // making a device node needs root (CAP_MKNOD); the FIFO case stands
        var link = temp.File("link");
        File.CreateSymbolicLink(link, device);
        var r = Cli.Run("run", experiment, "--out", device, "--checkpoint", link);
        AssertRefused(r, $"--out: error NF0011: {device} is a character device, not a regular file",
            $"--checkpoint: error NF0011: {link} is a character device");
        Assert.True(Make("test", "-c", device), "the device node was replaced");
        Assert.True(Make("test", "-c", link), "the link no longer leads to the device node");
    }

    [Fact]
    public void Run_OutThroughASymbolicLink_WritesTheFileItPointsTo_AndKeepsTheLink()
    {
        using var temp = new TempDir();
        var (experiment, _) = Hiring(temp);
        var target = temp.File("result.json");
        var link = temp.File("latest.json");
        File.CreateSymbolicLink(link, target);
        var (exit, _, err) = Cli.Run("run", experiment, "--out", link, "--quiet");
        Assert.True(exit == 0, err);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Contains("\"traceHash\"", File.ReadAllText(target));
        // A link to the experiment is the experiment.
        var toExperiment = temp.File("e-link.json");
        File.CreateSymbolicLink(toExperiment, experiment);
        AssertRefused(Cli.Run("run", experiment, "--out", toExperiment), $"--out: error NF0006: {toExperiment} is the experiment file");
    }

    /// <summary>Issue 13, item 6: a checkpoint that cannot be written was discovered after --out had been replaced.
    /// Now both are written as one: the checkpoint's folder is turned into a file while training runs, the write
    /// fails (exit 2, a plain message), the old output is still there, unchanged, and no temporary file is left.</summary>
    [Fact]
    public void Run_ACheckpointThatCannotBeWritten_LeavesTheOldOutputAsItWas()
    {
        using var temp = new TempDir();
        var (experiment, _) = Hiring(temp);
        var output = temp.File("o.json");
        File.WriteAllText(output, "the previous output");
        var folder = temp.File("checkpoints");
        var blocked = false;
        var host = RunHost.None with
        {
            OnRecord = _ =>
            {
                if (blocked) return;
                blocked = true;
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                File.WriteAllText(folder, "a file where the checkpoint's folder should be");
            },
        };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(["run", experiment, "--out", output, "--checkpoint", Path.Combine(folder, "cp.json"), "--quiet"], stdout, stderr, host);
        Assert.True(blocked);
        AssertRefused((exit, stdout.ToString(), stderr.ToString()), "nf run");
        Assert.Equal("the previous output", File.ReadAllText(output));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Run_OutOverItsDataFile_IsRefused()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.File("exp"));
        Directory.CreateDirectory(temp.File("data"));
        File.Copy(Repo.Experiment("iris"), temp.File("exp/iris.json"));
        File.Copy(Path.Combine(Repo.Root, "data", "iris.csv"), temp.File("data/iris.csv"));
        var csv = File.ReadAllBytes(temp.File("data/iris.csv"));
        AssertRefused(Cli.Run("run", temp.File("exp/iris.json"), "--out", temp.File("data/iris.csv")),
            "--out: error NF0006", "is the data file the experiment reads");
        Assert.Equal(csv, File.ReadAllBytes(temp.File("data/iris.csv")));
    }

    [Fact]
    public void Run_OutAndCheckpointTheSameFile_IsRefusedAndNothingIsWritten()
    {
        using var temp = new TempDir();
        var (experiment, _) = Hiring(temp);
        AssertRefused(Cli.Run("run", experiment, "--out", temp.File("a.json"), "--checkpoint", temp.File("a.json")),
            $"--checkpoint: error NF0007: {temp.File("a.json")} is also the --out file");
        Assert.False(File.Exists(temp.File("a.json")));
    }

    [Fact]
    public void Run_FolderTargets_AreAllReportedAtOnce()
    {
        using var temp = new TempDir();
        var (experiment, _) = Hiring(temp);
        Directory.CreateDirectory(temp.File("d"));
        var r = Cli.Run("run", experiment, "--out", temp.File("d"), "--checkpoint", temp.File("d"));
        AssertRefused(r, $"--out: error NF0005: {temp.File("d")} is a folder", $"--checkpoint: error NF0005: {temp.File("d")} is a folder", "2 problems; nothing was written.");
        Assert.Empty(Directory.GetFileSystemEntries(temp.File("d")));
    }

    [Fact]
    public void Run_CheckpointOverTheCheckpointItResumes_IsAllowed()
    {
        using var temp = new TempDir();
        var (experiment, _) = Hiring(temp);
        var cp = temp.File("cp.json");
        Assert.Equal(0, Cli.Run("run", experiment, "--out", temp.File("a.json"), "--checkpoint", cp, "--set", "training.epochs=5", "--quiet").Exit);
        var first = File.ReadAllText(cp);
        var (exit, _, err) = Cli.Run("run", experiment, "--resume", cp, "--checkpoint", cp, "--out", temp.File("b.json"), "--set", "training.epochs=9", "--quiet");
        Assert.True(exit == 0, err);
        Assert.NotEqual(first, File.ReadAllText(cp));
        Assert.Contains("\"epoch\": 9", File.ReadAllText(cp));
    }

    [Fact]
    public void Run_ADefaultOutputNameTooLongToWrite_IsRefusedBeforeTraining()
    {
        using var temp = new TempDir();
        var (experiment, _) = Hiring(temp);
        var r = Cli.Run("run", experiment, "--set", "name=" + new string('n', 230));
        AssertRefused(r, "--out: error NF0010:", "its file name is 235 bytes long, and at most 217 fit", "give --out a shorter file name");
        Assert.Equal("", r.Out);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void Sweep_OutOverAnExistingFile_IsRefusedAndTheFileStays()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.File("keep.json"), "{}");
        AssertRefused(Cli.Run("sweep", Repo.Experiment("hiring-seeds"), "--out", temp.File("keep.json")),
            $"--out: error NF0009: {temp.File("keep.json")} is a file; this command writes a folder of files there");
        Assert.Equal("{}", File.ReadAllText(temp.File("keep.json")));
    }

    [Fact]
    public void Merge_OutOverOneOfItsShards_IsRefused()
    {
        using var temp = new TempDir();
        Assert.Equal(0, Cli.Run("sweep", Repo.Experiment("hiring-seeds"), "--out", temp.Path, "--shard", "1/2", "--set", "training.epochs=5").Exit);
        var shard = Directory.GetFiles(temp.Path, "summary-*-shard-*.json").Single();
        var bytes = File.ReadAllText(shard);
        AssertRefused(Cli.Run("merge", shard, "--out", shard), "--out: error NF0006", "is a shard summary it merges");
        Assert.Equal(bytes, File.ReadAllText(shard));
    }
}
