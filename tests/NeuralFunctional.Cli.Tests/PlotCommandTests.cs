using System.Buffers.Binary;
using System.Xml.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf plot</c>: every kind writes a valid PNG or SVG of the requested size, the same bytes every time.</summary>
public class PlotCommandTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static TheoryData<string, string[]> Kinds => new()
    {
        { "loss", ["hiring", "hiring-lr-1", "hiring-tanh"] },
        { "boundary", ["hiring"] },
        { "activations", ["activations"] },
        { "network", ["hiring"] },
        { "bottleneck", ["autoencoder-digits"] },
        { "reconstructions", ["autoencoder-digits"] },
        { "reconstructions", ["autoencoder-8-3-8"] },
        { "bottleneck", ["autoencoder-digits-csv"] },
        { "hidden", ["sine-elman"] },
        { "hidden", ["memory-elman"] },
        { "returns", ["cartpole"] },
        { "returns", ["bandit"] },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Plot_Png_HasSignatureAndRequestedSize(string kind, string[] experiments)
    {
        using var dir = new TempDir();
        var file = dir.File("plot.png");
        var (exit, _, err) = Cli.Run(["plot", .. Expected(experiments), "--kind", kind, "--out", file, "--width", "640", "--height", "480"]);
        Assert.True(exit == 0, err);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(480, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Plot_Svg_ParsesAsXmlWithRequestedSize(string kind, string[] experiments)
    {
        using var dir = new TempDir();
        var file = dir.File("plot.svg");
        var (exit, _, err) = Cli.Run(["plot", .. Expected(experiments), "--kind", kind, "--out", file, "--width", "500", "--height", "300"]);
        Assert.True(exit == 0, err);
        var svg = XDocument.Load(file).Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("500", (string?)svg.Attribute("width"));
        Assert.Equal("300", (string?)svg.Attribute("height"));
    }

    [Theory]
    [InlineData("png", "boundary", "hiring")]
    [InlineData("svg", "boundary", "hiring")]
    [InlineData("png", "bottleneck", "autoencoder-digits")]
    [InlineData("svg", "reconstructions", "autoencoder-digits")]
    [InlineData("png", "reconstructions", "autoencoder-8-3-8")]
    [InlineData("svg", "returns", "cartpole")]
    public void Plot_SameOutputTwice_SameBytes(string extension, string kind, string experiment)
    {
        using var dir = new TempDir();
        var (a, b) = (dir.File("a." + extension), dir.File("b." + extension));
        Assert.Equal(0, Cli.Run(["plot", .. Expected([experiment]), "--kind", kind, "--out", a]).Exit);
        Assert.Equal(0, Cli.Run(["plot", .. Expected([experiment]), "--kind", kind, "--out", b]).Exit);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void Plot_ExperimentFile_RunsItFirst()
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run("plot", Repo.Experiment("hiring"), "--kind", "network", "--out", dir.File("n.png"));
        Assert.True(exit == 0, err);
        Assert.True(File.Exists(dir.File("n.png")));
    }

    [Theory]
    [InlineData("plot.jpg", "loss", "hiring", "NF0004")]
    [InlineData("plot.png", "loss", "activations", "NF2050")]
    [InlineData("plot.png", "activations", "hiring", "NF2051")]
    [InlineData("plot.png", "boundary", "network-x-h-1", "NF2052")]
    [InlineData("plot.png", "bottleneck", "autoencoder-8-3-8", "NF2601")]
    [InlineData("plot.png", "bottleneck", "hiring", "NF2601")]
    [InlineData("plot.png", "reconstructions", "hiring", "NF2602")]
    [InlineData("plot.png", "hidden", "hiring", "NF2603")]
    [InlineData("plot.png", "returns", "hiring", "NF2605")]
    [InlineData("plot.png", "loss", "cartpole", "NF2606")]
    [InlineData("plot.png", "network", "bandit", "NF2606")]
    public void Plot_WrongInput_ExitsBadInputWithCode(string name, string kind, string experiment, string code)
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run("plot", Repo.Experiment(experiment), "--kind", kind, "--out", dir.File(name));
        Assert.Equal(2, exit);
        Assert.Contains(code, err);
        Assert.False(File.Exists(dir.File(name)));
    }

    [Fact]
    public void Plot_ReturnsOfTwoRuns_OverlaysThemLabelledByWhatDiffers()
    {
        using var dir = new TempDir();
        var other = dir.File("bandit-lr.json");
        Assert.Equal(0, Cli.Run("run", Repo.Experiment("bandit"), "--set", "training.optimizer.learningRate=0.5", "--out", other, "--quiet").Exit);
        var (exit, _, err) = Cli.Run(["plot", .. Expected(["bandit"]), other, "--kind", "returns", "--out", dir.File("r.svg")]);
        Assert.True(exit == 0, err);
        var svg = File.ReadAllText(dir.File("r.svg"));
        Assert.Contains("learningRate=0.1 (mean of 100)", svg);
        Assert.Contains("learningRate=0.5 (mean of 100)", svg);
    }

    [Fact]
    public void Plot_TwoDocumentsForBoundary_ExitsBadInput()
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run(["plot", .. Expected(["hiring", "hiring-tanh"]), "--kind", "boundary", "--out", dir.File("b.png")]);
        Assert.Equal(2, exit);
        Assert.Contains("NF2053", err);
    }

    [Fact]
    public void Plot_HiddenOfUnknownSample_ExitsBadInputWithSuggestion()
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run(["plot", .. Expected(["sine-elman"]), "--kind", "hidden", "--sample", "from-1", "--out", dir.File("h.png")]);
        Assert.Equal(2, exit);
        Assert.Contains("NF2604", err);
        Assert.Contains("from-0", err);
        Assert.False(File.Exists(dir.File("h.png")));
    }

    [Fact]
    public void Plot_HiddenOfChosenSample_Writes()
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run(["plot", .. Expected(["sine-elman"]), "--kind", "hidden", "--sample", "from-3", "--out", dir.File("h.svg")]);
        Assert.True(exit == 0, err);
        Assert.Contains("from-3", File.ReadAllText(dir.File("h.svg")));
    }

    [Fact]
    public void Plot_TooSmall_ExitsBadInput()
    {
        using var dir = new TempDir();
        var (exit, _, err) = Cli.Run(["plot", .. Expected(["hiring"]), "--kind", "loss", "--out", dir.File("b.png"), "--width", "3"]);
        Assert.Equal(2, exit);
        Assert.Contains("--width", err);
    }

    private static string[] Expected(IEnumerable<string> names) =>
        names.Select(n => Path.Combine(Repo.Experiments, "expected", n + ".json")).ToArray();
}
