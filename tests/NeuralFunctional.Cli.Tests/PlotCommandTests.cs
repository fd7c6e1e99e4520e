using System.Buffers.Binary;
using System.Xml.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>nf plot</c>: every kind writes a valid PNG or SVG of the requested size, the same bytes every time, and
/// the loss plot draws what the trace says.</summary>
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

    /// <summary>The loss plot shows the trace: the series' coloured pixels (the axes, grid and text are grey) cover most of
    /// the plot's width, and the curve's lowest point in the first column it reaches is far above the one in its last
    /// column, as hiring's loss falls from 0.46 to 0.0024 (a blank or flat image fails).</summary>
    [Fact]
    public void Plot_LossPng_DrawsTheFallingTraceInColour()
    {
        using var dir = new TempDir();
        var file = dir.File("loss.png");
        Assert.Equal(0, Cli.Run(["plot", .. Expected(["hiring"]), "--kind", "loss", "--out", file, "--width", "640", "--height", "480"]).Exit);
        using var bitmap = SkiaSharp.SKBitmap.Decode(file);
        var lowest = new Dictionary<int, int>(); // column → largest y (lowest point) of a coloured pixel
        for (var x = 0; x < bitmap.Width; x++)
            for (var y = 0; y < bitmap.Height; y++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - c.Green) + Math.Abs(c.Green - c.Blue) + Math.Abs(c.Red - c.Blue) > 90) lowest[x] = y;
            }
        Assert.True(lowest.Count > bitmap.Width / 2, $"the series covers {lowest.Count} of {bitmap.Width} columns");
        var (first, last) = (lowest[lowest.Keys.Min()], lowest[lowest.Keys.Max()]);
        Assert.True(last - first > bitmap.Height / 2, $"the curve goes from y {first} to y {last}: it should fall across most of the height");
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
