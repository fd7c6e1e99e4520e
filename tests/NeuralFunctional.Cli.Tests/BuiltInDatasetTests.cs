using Newtonsoft.Json.Linq;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The datasets built into nf (issue 14): the embedded bytes are data/'s files, with the SHA-256 the library
/// states; an experiment that names one trains exactly as one that reads the file (the same traceHash), records the
/// dataset by name and hash, and verifies with no data folder anywhere; <c>nf datasets</c> lists them and writes one out.</summary>
public class BuiltInDatasetTests
{
    [Theory]
    [InlineData("iris")]
    [InlineData("digits")]
    public void TheEmbeddedBytes_AreTheRepositorysFile_WithTheStatedHash(string name)
    {
        var dataset = BuiltInDatasets.Find(name)!;
        var bytes = dataset.Bytes();
        Assert.Equal(File.ReadAllBytes(Path.Combine(Repo.Root, "data", dataset.FileName)), bytes);
        Assert.Equal(dataset.Sha256, DataFiles.Sha256(bytes));
        Assert.Equal(dataset.Rows + 1, File.ReadAllLines(Path.Combine(Repo.Root, "data", dataset.FileName)).Length);
        Assert.Contains($"SHA-256: `{dataset.Sha256["sha256:".Length..]}`", File.ReadAllText(Path.Combine(Repo.Root, "data", "README.md")));
    }

    /// <summary>iris.json with its file replaced by the built-in dataset, in a folder with no data at all.</summary>
    private static string IrisFromDataset(TempDir temp)
    {
        var e = JObject.Parse(File.ReadAllText(Repo.Experiment("iris")));
        e.Remove("$schema");
        var csv = (JObject)e["data"]!["csv"]!;
        csv.Remove("path");
        csv.AddFirst(new JProperty("dataset", "iris"));
        File.WriteAllText(temp.File("iris.json"), e.ToString());
        return temp.File("iris.json");
    }

    [Fact]
    public void AnExperimentOnTheDataset_TrainsAsOnTheFile_RecordsItByName_AndVerifiesAnywhere()
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run("run", IrisFromDataset(temp), "--out", temp.File("o.json"), "--quiet");
        Assert.True(exit == 0, err);
        var fromDataset = JObject.Parse(File.ReadAllText(temp.File("o.json")));
        var fromFile = JObject.Parse(File.ReadAllText(Path.Combine(Repo.Experiments, "expected", "iris.json")));
        Assert.Equal(fromFile["traceHash"], fromDataset["traceHash"]);
        Assert.Equal("iris", (string?)fromDataset["experiment"]!["data"]!["csv"]!["dataset"]);
        var record = (JObject)fromDataset["dataFiles"]![0]!;
        Assert.Equal(["dataset", "bytes", "sha256", "rows"], record.Properties().Select(p => p.Name));
        Assert.Equal(BuiltInDatasets.Find("iris")!.Sha256, (string?)record["sha256"]);

        var moved = Path.Combine(temp.Path, "elsewhere", "deep");
        Directory.CreateDirectory(moved);
        File.Move(temp.File("o.json"), Path.Combine(moved, "o.json"));
        var (verify, stdout, verr) = Cli.Run("verify", Path.Combine(moved, "o.json"));
        Assert.True(verify == 0, stdout + verr);
    }

    [Fact]
    public void AnUnknownDataset_OrBothPathAndDataset_AreRefused()
    {
        using var temp = new TempDir();
        var file = IrisFromDataset(temp);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"dataset\": \"iris\"", "\"dataset\": \"irsi\""));
        var (exit, _, err) = Cli.Run("run", file, "--out", temp.File("o.json"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains("error NF2113 at data.csv.dataset: there is no built-in dataset `irsi`", err);
        Assert.Contains("did you mean `iris`?", err);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"dataset\": \"irsi\"", "\"dataset\": \"iris\", \"path\": \"iris.csv\""));
        (exit, _, err) = Cli.Run("run", file, "--out", temp.File("o.json"));
        Assert.Equal(ExitCode.BadInput, exit);
        Assert.Contains("error NF2112 at data.csv.dataset: data.csv gives both `path` and `dataset`", err);
        Assert.False(File.Exists(temp.File("o.json")));
    }

    [Fact]
    public void NfDatasets_ListsThem_AndWritesOneOut()
    {
        var (exit, stdout, _) = Cli.Run("datasets");
        Assert.Equal(0, exit);
        Assert.Contains("iris: 150 rows", stdout);
        Assert.Contains("digits: 1797 rows", stdout);
        Assert.Contains("licence CC BY 4.0", stdout);
        using var temp = new TempDir();
        (exit, stdout, _) = Cli.Run("datasets", "digits", "--out", temp.File("d.csv"));
        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Repo.Root, "data", "digits.csv")), File.ReadAllBytes(temp.File("d.csv")));
        var (bad, _, err) = Cli.Run("datasets", "mnist", "--out", temp.File("m.csv"));
        Assert.Equal(ExitCode.BadInput, bad);
        Assert.Contains("error NF2113: there is no built-in dataset `mnist`", err);
        (bad, _, err) = Cli.Run("datasets", "iris");
        Assert.Equal(ExitCode.BadInput, bad);
        Assert.Contains("--out", err);
    }
}
