using System.Diagnostics;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Problems around the experiment file said plainly (issue 13, items 2 and 8): standard output on a full disk,
/// an unexpected exception, an override into a row's x, a folder where a checkpoint or a CSV file belongs.</summary>
public class EdgeMessagesTests
{
    [Fact]
    public void Run_WithStandardOutputOnAFullDisk_SaysSoInOneLineAndExits2()
    {
        Assert.True(File.Exists("/dev/full"), "this test needs /dev/full (Linux), a device that is always full");
        var nf = Path.Combine(AppContext.BaseDirectory, "nf.dll");
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"dotnet \"{nf}\" run \"{Repo.Experiment("hiring")}\" --out - --quiet > /dev/full"])
        {
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(ExitCode.BadInput, process.ExitCode);
        Assert.StartsWith($"nf run {Repo.Experiment("hiring")}: cannot read or write a file: No space left on device", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Unhandled", stderr);
    }

    [Fact]
    public void LastResort_AnUnexpectedException_IsOneLineNamingTheCommand_Exit70_StackOnlyWithNfDebug()
    {
        Exception bug;
        try { throw new InvalidOperationException("a state nf never expected"); }
        catch (InvalidOperationException e) { bug = e; }
        var quiet = new StringWriter();
        Assert.Equal(ExitCode.Internal, Program.LastResort(["run", "e.json", "--out", "o.json"], bug, quiet, debug: false));
        Assert.Equal("nf run e.json: internal error (InvalidOperationException: a state nf never expected). This is a bug: please report it with the command and its file (--debug or NF_DEBUG=1 prints the stack trace).",
            quiet.ToString().TrimEnd('\n'));
        var debug = new StringWriter();
        Program.LastResort(["run", "e.json"], bug, debug, debug: true);
        Assert.Contains("   at ", debug.ToString());
    }

    [Fact]
    public void Set_AnElementOfARowsX_ChangesIt_AndAKeyOfX_SaysXIsAnArray()
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("hiring"), "--set", "data.train[0].x[0]=5", "--out", temp.File("o.json"), "--quiet");
        Assert.True(exit == 0, err);
        Assert.Contains("\"x\": [5, ", File.ReadAllText(temp.File("o.json")));
        (exit, _, err) = Cli.Run("run", Repo.Experiment("hiring"), "--set", "data.train[0].x.a=5", "--out", temp.File("p.json"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains("error NF1503 at data.train[0].x.a: `data.train[0].x` is an array: it has no keys", err);
    }

    [Fact]
    public void Resume_AFolder_SaysItIsAFolder()
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("hiring"), "--resume", temp.Path, "--out", temp.File("o.json"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.StartsWith($"{temp.Path}: error NF0002: is a directory, not a file.", err);
    }

    [Fact]
    public void ACsvPathThatIsAFolder_SaysItIsAFolder()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.File("rows"));
        File.WriteAllText(temp.File("e.json"), File.ReadAllText(Repo.Experiment("iris")).Replace("../data/iris.csv", "rows"));
        var (exit, _, err) = Cli.Run("run", temp.File("e.json"), "--out", temp.File("o.json"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains("error NF2132 at data.csv.path: `", err);
        Assert.Contains("is a folder, not a CSV file", err);
    }

    /// <summary>Issue 13, item 8: a CSV path that leads out of the data, to a file that is not a CSV file, must not
    /// show that file's first line (it showed `root:x:0:0:…` of /etc/passwd as the "columns").</summary>
    [Fact]
    public void ACsvPathToAFileThatIsNotCsv_DoesNotEchoItsFirstLine()
    {
        using var temp = new TempDir();
        var secret = "token:s3cr3t:0:0:never/show/this";
        File.WriteAllText(temp.File("secret"), secret + "\nmore:lines\n");
        Directory.CreateDirectory(temp.File("experiments"));
        File.WriteAllText(temp.File(Path.Combine("experiments", "e.json")), File.ReadAllText(Repo.Experiment("iris")).Replace("../data/iris.csv", "../secret"));
        var (exit, stdout, err) = Cli.Run("run", temp.File(Path.Combine("experiments", "e.json")), "--out", temp.File("o.json"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains("error NF2124 at data.csv.features[0]: the file has no column `sepal_length`: its first line is not a row of comma-separated column names", err);
        Assert.DoesNotContain("s3cr3t", err + stdout);
        Assert.DoesNotContain("more:lines", err + stdout);
    }

    /// <summary>A real CSV file whose header lacks a column still lists its columns (and suggests the nearest).</summary>
    [Fact]
    public void ACsvHeaderWithoutTheColumn_ListsItsColumns()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.File("rows.csv"), "sepal_lenght,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n");
        File.WriteAllText(temp.File("e.json"), File.ReadAllText(Repo.Experiment("iris")).Replace("../data/iris.csv", "rows.csv"));
        var (exit, _, err) = Cli.Run("run", temp.File("e.json"), "--out", temp.File("o.json"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains("the CSV header has no column `sepal_length`", err);
        Assert.Contains("did you mean `sepal_lenght`?", err);
    }

    /// <summary>Issue 13, item 2: --out on a file system that takes no new file (Linux's /proc and /sys stand in for a
    /// read-only mount) is refused before anything runs, in words about the folder.</summary>
    [Theory]
    [InlineData("/proc")]
    [InlineData("/sys")]
    public void Run_OutOnAFileSystemThatTakesNoFile_IsRefusedBeforeTraining(string folder)
    {
        if (!Directory.Exists(folder)) return;
        var target = Path.Combine(folder, "nf-output.json");
        var (exit, stdout, err) = Cli.Run("run", Repo.Experiment("hiring"), "--out", target);
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains($"--out: error NF0008: {target} cannot be written: the folder {folder} takes no new file (", err);
        Assert.DoesNotContain("nf-probe", err);
        Assert.DoesNotContain("trained", stdout);
    }

    /// <summary>Issue 13, item 2: diff of a supervised and a reinforcement-learning file threw a NullReferenceException.
    /// Two kinds have nothing in common to compare: exit 2 and a message, either way round, with no stack trace.</summary>
    [Theory]
    [InlineData("hiring", "bandit", "A is a network trained on data and B is a reinforcement-learning run")]
    [InlineData("cartpole", "iris", "A is a reinforcement-learning run and B is a network trained on data")]
    [InlineData("activations", "hiring", "A is a set of activation curves and B is a network trained on data")]
    public void Diff_OfTwoKindsOfExperiment_IsRefused(string a, string b, string message)
    {
        var (exit, stdout, err) = Cli.Run("diff", Repo.Experiment(a), Repo.Experiment(b));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains($"{Repo.Experiment(b)}: error NF2011: {message}: nf diff compares two of the same kind", err);
        Assert.Empty(stdout);
        Assert.DoesNotContain("   at ", err);
    }
}
