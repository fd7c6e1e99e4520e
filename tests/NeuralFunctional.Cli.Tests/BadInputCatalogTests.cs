using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Every bad input the experiment-file issue lists, through the command line: the message names the file, the
/// JSON path and the line, with a hint; exit code 2; no stack trace; the existing output file is left untouched.</summary>
public class BadInputCatalogTests
{
    private static string Hiring => File.ReadAllText(Repo.Experiment("hiring"));

    private static string Edit(Action<JObject> change)
    {
        var json = JObject.Parse(Hiring);
        change(json);
        return json.ToString();
    }

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // name, experiment text, expected code, expected path (or text) in the message
        { "not JSON", "{ \"name\": \"x\", ", "NF1001", "bad.json:1:" },
        { "trailing garbage", Hiring + " ]", "NF1002", "more text after the end" },
        { "misspelt key", Hiring.Replace("\"learningRate\"", "\"learningrate\""), "NF1004", "did you mean `learningRate`" },
        { "unknown activation", Hiring.Replace("\"activation\": \"sigmoid\" }", "\"activation\": \"sigmoidal\" }"), "NF1102", "network.layers[" },
        { "weights of the wrong shape", Edit(j => j["network"]!["layers"]![0]!["weights"] = JArray.Parse("[[1, 2, 3], [4, 5, 6]]")), "NF1204", "network.layers[0].weights" },
        { "x of the wrong length", Edit(j => j["data"]!["train"]![1]!["x"] = JArray.Parse("[32]")), "NF14", "data.train[1].x" },
        { "y outside the loss", Edit(j => { j["training"]!["loss"] = "bce"; j["data"]!["train"]![0]!["y"] = JArray.Parse("[2]"); }), "NF1403", "data.train[0].y" },
        { "zero learning rate", Edit(j => j["training"]!["optimizer"]!["learningRate"] = 0), "NF13", "training.optimizer.learningRate" },
        { "negative learning rate", Edit(j => j["training"]!["optimizer"]!["learningRate"] = -0.5), "NF13", "training.optimizer.learningRate" },
        { "epochs zero", Edit(j => j["training"]!["epochs"] = 0), "NF1302", "training.epochs" },
        { "empty training set", Edit(j => j["data"]!["train"] = new JArray()), "NF1405", "data.train" },
        { "duplicate row ids", Edit(j => j["data"]!["test"]![0]!["id"] = "Michael"), "NF1109", "Michael" },
        { "NaN in data", Hiring.Replace("\"x\": [12, 6]", "\"x\": [NaN, 6]"), "NF1006", "data.train[0].x[0]" },
        { "Infinity in data", Hiring.Replace("\"x\": [12, 6]", "\"x\": [Infinity, 6]"), "NF1006", "data.train[0].x[0]" },
        { "number too big for a double", Hiring.Replace("\"x\": [12, 6]", "\"x\": [1e400, 6]"), "NF1007", "data.train[0].x[0]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_BadInput_ReportsWhereAndWhyAndWritesNothing(string name, string text, string code, string where)
    {
        using var temp = new TempDir();
        var path = temp.File("bad.json");
        File.WriteAllText(path, text);
        var output = temp.File("out.json");
        File.WriteAllText(output, "the previous output");
        var (exit, stdout, stderr) = Cli.Run("run", path, "--out", output);
        Assert.True(exit == 2, $"{name}: exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains(code, stderr);
        Assert.Contains(where, stderr);
        Assert.Contains("bad.json:", stderr);
        Assert.Contains("hint:", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal("the previous output", File.ReadAllText(output));
        Assert.Single(Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories), f => f.EndsWith("out.json"));
    }
}
