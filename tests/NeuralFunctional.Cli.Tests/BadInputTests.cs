namespace NeuralFunctional.Cli.Tests;

/// <summary>Bad input through the command line: a clear message naming the file, exit code 2, no stack trace,
/// and no output file written or touched.</summary>
public class BadInputTests
{
    private static (int Exit, string Err, string Output, TempDir Temp) RunBad(string experimentText, string? existingOutput = null)
    {
        var temp = new TempDir();
        var path = temp.File("bad.json");
        File.WriteAllText(path, experimentText);
        var output = temp.File("out.json");
        if (existingOutput is not null) File.WriteAllText(output, existingOutput);
        var (exit, _, err) = Cli.Run("run", path, "--out", output);
        return (exit, err, output, temp);
    }

    private static void AssertRejected(int exit, string err)
    {
        Assert.Equal(2, exit);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("Exception", err);
        Assert.Contains("nothing was written", err);
    }

    [Fact]
    public void Run_MissingFile_SaysNoSuchFile()
    {
        var (exit, _, err) = Cli.Run("run", "does/not/exist.json");
        AssertRejected(exit, err);
        Assert.Contains("does/not/exist.json", err);
        Assert.Contains("no such file", err);
    }

    [Fact]
    public void Run_Directory_SaysItIsADirectory()
    {
        var (exit, _, err) = Cli.Run("run", Repo.Experiments);
        AssertRejected(exit, err);
        Assert.Contains("directory", err);
    }

    [Fact]
    public void Run_NotJson_LeavesExistingOutputUntouched()
    {
        var (exit, err, output, temp) = RunBad("this is not json", existingOutput: "precious");
        using (temp)
        {
            AssertRejected(exit, err);
            Assert.Contains("bad.json:1:", err);
            Assert.Equal("precious", File.ReadAllText(output));
        }
    }

    [Fact]
    public void Run_MisspeltKey_SuggestsTheRightOneAndWritesNothing()
    {
        var text = File.ReadAllText(Repo.Experiment("hiring")).Replace("\"learningRate\"", "\"learningrate\"");
        var (exit, err, output, temp) = RunBad(text);
        using (temp)
        {
            AssertRejected(exit, err);
            Assert.Contains("learningRate", err);
            Assert.Contains("training.optimizer", err);
            Assert.False(File.Exists(output));
            Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
        }
    }

    [Fact]
    public void Run_SeveralProblems_ReportsAllAtOnce()
    {
        var text = File.ReadAllText(Repo.Experiment("hiring"))
            .Replace("\"learningRate\": 0.1", "\"learningRate\": -0.1")
            .Replace("\"epochs\": 1000", "\"epochs\": 0")
            .Replace("\"activation\": \"sigmoid\"", "\"activation\": \"sigmod\"");
        var (exit, err, _, temp) = RunBad(text);
        using (temp)
        {
            AssertRejected(exit, err);
            Assert.Contains("training.optimizer.learningRate", err);
            Assert.Contains("training.epochs", err);
            Assert.Contains("sigmoid", err);
            Assert.Contains("problems; nothing was written", err);
        }
    }

    [Fact]
    public void Run_Diverging_WritesTraceMarkedDivergedAndExits3()
    {
        var json = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Repo.Experiment("hiring")));
        json["data"]!["transform"] = new Newtonsoft.Json.Linq.JArray();
        json["network"]!["layers"]![1]!["activation"] = "linear";
        json["training"]!["optimizer"]!["learningRate"] = 10;
        var text = json.ToString();
        var (exit, err, output, temp) = RunBad(text);
        using (temp)
        {
            Assert.True(exit == 3, err);
            var doc = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(output));
            Assert.Equal("diverged", (string?)doc["status"]);
            Assert.NotNull(doc["divergence"]!["epoch"]);
        }
    }
}
