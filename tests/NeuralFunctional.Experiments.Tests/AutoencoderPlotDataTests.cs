using NeuralFunctional.Experiments.Plots;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>The data behind <c>nf plot --kind bottleneck|reconstructions</c>: codes, classes, chosen rows, image shapes.</summary>
public class AutoencoderPlotDataTests
{
    private static JObject Doc(string name) => JObject.Parse(File.ReadAllText(Path.Combine(Repo.Experiments, "expected", name + ".json")));

    [Fact]
    public void BottleneckCodes_Digits_OnePointPerPredictionRowWithItsCodeAndDigit()
    {
        var doc = Doc("autoencoder-digits");
        var codes = BottleneckCodes.Of("d", doc).SuccessToSeq().Head();
        var train = (JArray)doc["predictions"]!["train"]!;
        var test = (JArray)doc["predictions"]!["test"]!;
        Assert.Equal(train.Count + test.Count, codes.Points.Length);
        Assert.Equal((double)train[0]!["code"]![1]!, codes.Points[0].Y);
        Assert.Equal(test.Count, codes.Points.Count(p => p.IsTest));
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)), codes.Classes);
    }

    [Theory]
    [InlineData("[0, 0, 1, 0]", "2")]
    [InlineData("[0.2, 0.7, 0.7]", "1")]
    [InlineData("[3]", "3")]
    [InlineData("[0.5]", "0.5")]
    [InlineData("[]", null)]
    public void BottleneckCodes_ClassOf_ArgmaxOrValue(string y, string? expected)
    {
        Assert.Equal(expected, BottleneckCodes.ClassOf(JArray.Parse(y)));
    }

    [Fact]
    public void BottleneckCodes_ThreeUnitCode_IsNF2601()
    {
        var error = BottleneckCodes.Of("e", Doc("autoencoder-8-3-8")).FailToSeq().Head();
        Assert.Equal("NF2601", error.Code);
        Assert.Equal("predictions.train[0]", error.Path);
    }

    [Fact]
    public void Reconstructions_Digits_FirstRowOfEveryDigitAsSevenByFiveImages()
    {
        var r = Reconstructions.Of("d", Doc("autoencoder-digits")).SuccessToSeq().Head();
        Assert.Equal((7, 5), (r.ImageRows, r.ImageColumns));
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)), r.Rows.Select(x => x.Class));
        var first = (JObject)Doc("autoencoder-digits")["predictions"]!["train"]![0]!;
        Assert.Equal(first["output"]!.Select(v => (double)v), r.Rows[0].Output);
        Assert.Equal((double)first["reconstructionError"]!, r.Rows[0].Error);
    }

    [Fact]
    public void Reconstructions_EightBitPatterns_BarsForEveryRow()
    {
        var r = Reconstructions.Of("e", Doc("autoencoder-8-3-8"), count: 5).SuccessToSeq().Head();
        Assert.Equal((0, 0), (r.ImageRows, r.ImageColumns));
        Assert.Equal(["bit-0", "bit-1", "bit-2", "bit-3", "bit-4"], r.Rows.Select(x => x.Id));
    }

    [Theory]
    [InlineData(64, 8, 8)]
    [InlineData(35, 7, 5)]
    [InlineData(8, 0, 0)]
    public void Reconstructions_ImageShape_ByInputLength(int length, int rows, int columns)
    {
        Assert.Equal((rows, columns), Reconstructions.ImageShape(length));
    }

    [Fact]
    public void Reconstructions_PredictingRun_IsNF2602()
    {
        Assert.Equal("NF2602", Reconstructions.Of("h", Doc("hiring")).FailToSeq().Head().Code);
    }

    [Fact]
    public void Reconstructions_CsvDigits_InputsScaledByTheRecordedTransformAsEightByEight()
    {
        var doc = Doc("autoencoder-digits-csv");
        var r = Reconstructions.Of("c", doc).SuccessToSeq().Head();
        Assert.Equal((8, 8), (r.ImageRows, r.ImageColumns));
        var row = (JObject)BottleneckCodes.PredictionRows(doc).First(x => (string?)x.Row["id"] == r.Rows[0].Id).Row;
        var transform = (JObject)doc["transform"]![0]!;
        for (var k = 0; k < 64; k++)
            Assert.Equal(((double)row["x"]![k]! - (double)transform["offset"]![k]!) / (double)transform["scale"]![k]!, r.Rows[0].Input[k]);
        Assert.All(r.Rows.SelectMany(x => x.Input), v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void BottleneckCodes_Classes_NumericOrderWhenAllAreNumbers()
    {
        Assert.Equal(new[] { "10", "2", "x" }, BottleneckCodes.Ordered(["10", "2", "x"]).ToArray());
        Assert.Equal(new[] { "2", "9", "10" }, BottleneckCodes.Ordered(["10", "2", "9"]).ToArray());
    }

    [Fact]
    public void BottleneckCodes_Centre_MeanCodeOfTheClass()
    {
        var codes = BottleneckCodes.Of("d", Doc("autoencoder-digits")).SuccessToSeq().Head();
        var zeros = codes.Points.Where(p => p.Class == "0").ToList();
        var (x, y) = codes.Centre("0");
        Assert.Equal(zeros.Average(p => p.X), x, 12);
        Assert.Equal(zeros.Average(p => p.Y), y, 12);
    }
}
