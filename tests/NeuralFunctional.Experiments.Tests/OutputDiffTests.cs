using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>The comparison of two output documents, on the committed expected output of the hiring experiment and
/// copies of it edited in known places.</summary>
public class OutputDiffTests
{
    private static JObject Hiring() => JObject.Parse(File.ReadAllText(Path.Combine(Repo.Experiments, "expected", "hiring.json")));

    private static JToken Loss(JObject doc, int epoch) => doc["trace"]!.First(e => (int)e["epoch"]! == epoch)["loss"]!;

    /// <summary>Sets a number in place. (Assigning through an indexer would not do: Newtonsoft keeps the old JValue
    /// when the new one is "equal", and its equality of doubles is approximate.)</summary>
    private static void Set(JToken token, double value) => ((JValue)token).Value = value;

    private static void SetLoss(JObject doc, int epoch, double value) => Set(Loss(doc, epoch), value);

    private static double Up(double x, int ulps)
    {
        for (var i = 0; i < ulps; i++) x = Math.BitIncrement(x);
        return x;
    }

    [Fact]
    public void Compare_IdenticalDocuments_IsIdenticalEverywhere()
    {
        var c = OutputDiff.Compare(Hiring(), Hiring());
        Assert.True(c.Identical);
        Assert.Empty(c.ConfigChanges);
        Assert.True(c.Trace.Identical);
        Assert.Null(c.Trace.FirstDivergentEpoch);
        Assert.Equal(101, c.Trace.CommonEpochs);
        Assert.Equal(0, c.Trace.MaxAbsDiff);
        Assert.Empty(c.Predictions.Changed);
        Assert.Equal(6, c.Predictions.Compared);
        Assert.All(c.Metrics, m => Assert.True(m.Equal));
        Assert.All(c.Sections, p => Assert.True(p.Equal));
    }

    [Fact]
    public void Compare_ChangedLearningRate_ReportsThePathAndBothValues()
    {
        var b = Hiring();
        b["experiment"]!["training"]!["optimizer"]!["learningRate"] = 1.0;
        var c = OutputDiff.Compare(Hiring(), b);
        var change = Assert.Single(c.ConfigChanges);
        Assert.Equal("training.optimizer.learningRate", change.Path);
        Assert.Equal("changed", change.Kind);
        Assert.Equal(0.1, (double)change.A!);
        Assert.Equal(1.0, (double)change.B!);
        Assert.False(c.Identical);
    }

    [Fact]
    public void Compare_LayerAndKeyChanges_NamesArrayIndicesAndAddedRemovedKeys()
    {
        var b = Hiring();
        b["experiment"]!["network"]!["layers"]![0]!["units"] = 3;
        ((JObject)b["experiment"]!["network"]!).Remove("init");
        ((JObject)b["experiment"]!)["extra"] = "new";
        ((JArray)b["experiment"]!["data"]!["train"]!).RemoveAt(3);
        var changes = OutputDiff.Compare(Hiring(), b).ConfigChanges.ToDictionary(c => c.Path, c => c.Kind);
        Assert.Equal("changed", changes["network.layers[0].units"]);
        Assert.Equal("removed", changes["network.init"]);
        Assert.Equal("removed", changes["data.train[3]"]);
        Assert.Equal("added", changes["extra"]);
        Assert.Equal(4, changes.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Compare_TraceNudgedFromEpoch40_NamesEpoch40AndTheUlps(int ulps)
    {
        var b = Hiring();
        foreach (var epoch in new[] { 40, 50, 60 }) SetLoss(b, epoch, Up((double)Loss(b, epoch), ulps + epoch / 10 - 4));
        var t = OutputDiff.Compare(Hiring(), b).Trace;
        Assert.False(t.Identical);
        Assert.Equal(40, t.FirstDivergentEpoch);
        Assert.Equal("loss", t.Field);
        Assert.Equal((ulong)ulps, t.UlpAtFirstDivergence);
        Assert.Equal((double)Loss(Hiring(), 40), t.AAtDivergence);
        Assert.True(t.MaxAbsDiff > 0 && t.MaxRelDiff < 1e-14);
    }

    [Fact]
    public void Compare_OneUlpWithTolerance_CountsAsEqual()
    {
        var b = Hiring();
        SetLoss(b, 40, Up((double)Loss(b, 40), 1));
        Assert.True(OutputDiff.Compare(Hiring(), b, tolerance: 1e-12).Identical);
        Assert.False(OutputDiff.Compare(Hiring(), b, tolerance: 1e-18).Identical);
        Assert.False(OutputDiff.Compare(Hiring(), b).Identical);
    }

    [Fact]
    public void Compare_ToleranceNeverHidesAConfigurationChange()
    {
        var b = Hiring();
        Set(b["experiment"]!["training"]!["optimizer"]!["learningRate"]!, Up(0.1, 1));
        Assert.False(OutputDiff.Compare(Hiring(), b, tolerance: 0.5).Identical);
    }

    [Fact]
    public void Compare_PredictionsMoved_SaysWhichCrossedHalf()
    {
        var b = Hiring();
        b["predictions"]!["test"]![0]!["output"]![0] = 0.6;   // Jamal: 0.057 → 0.6, now hired
        b["predictions"]!["test"]![1]!["output"]![0] = 0.9;   // Mina: 0.96 → 0.9, still hired
        var changed = OutputDiff.Compare(Hiring(), b).Predictions.Changed.ToDictionary(p => p.Id);
        Assert.Equal(2, changed.Count);
        Assert.True(changed["Jamal"].CrossedHalf);
        Assert.False(changed["Mina"].CrossedHalf);
        Assert.Equal("test", changed["Jamal"].Set);
        Assert.Null(changed["Jamal"].ClassChanged);
    }

    [Fact]
    public void Compare_TraceMissingLastEpoch_ListsItAndIsNotIdentical()
    {
        var b = Hiring();
        ((JArray)b["trace"]!).RemoveAt(100);
        var t = OutputDiff.Compare(Hiring(), b).Trace;
        Assert.False(t.Identical);
        Assert.Null(t.FirstDivergentEpoch);
        Assert.Equal([1000], t.OnlyInA.ToArray());
        Assert.Empty(t.OnlyInB);
    }

    [Fact]
    public void Compare_FinalParameterChanged_IsNotIdentical()
    {
        var b = Hiring();
        b["finalParameters"]!["layers"]![1]!["biases"]![0] = 0.5;
        var c = OutputDiff.Compare(Hiring(), b);
        Assert.False(c.Identical);
        Assert.Equal(1, c.Sections.Single(p => p.Name == "finalParameters").Changed);
    }

    [Fact]
    public void TraceRows_LongTrace_ShowsAtMostTwelveIncludingFirstDivergenceAndEnds()
    {
        var b = Hiring();
        SetLoss(b, 500, 1.0);
        var t = OutputDiff.Compare(Hiring(), b).Trace;
        var rows = OutputDiffReport.TraceRows(t.Points, t.FirstDivergentEpoch);
        Assert.True(rows.Length <= OutputDiffReport.MaxTraceRows);
        Assert.Contains(rows, i => t.Points[i].Epoch == 500);
        Assert.Equal(0, t.Points[rows[0]].Epoch);
        Assert.Equal(1000, t.Points[rows[^1]].Epoch);
    }

    [Fact]
    public void Render_Json_HasTheStableFieldNames()
    {
        var b = Hiring();
        SetLoss(b, 40, Up((double)Loss(b, 40), 3));
        var json = JObject.Parse(OutputDiffReport.Render(ReportFormat.Json, OutputDiff.Compare(Hiring(), b), "a.json", "b.json"));
        Assert.False((bool)json["identical"]!);
        Assert.Equal(40, (int)json["trace"]!["firstDivergentEpoch"]!);
        Assert.Equal(3, (int)json["trace"]!["ulpAtFirstDivergence"]!);
        Assert.NotNull(json["trace"]!["maxAbsDiff"]);
        Assert.NotNull(json["trace"]!["maxRelDiff"]);
        Assert.False((bool)json["trace"]!["identical"]!);
        Assert.Empty((JArray)json["configChanges"]!);
        Assert.Equal(2, ((JArray)json["metrics"]!).Count);
        Assert.Empty((JArray)json["predictions"]!["changed"]!);
    }
}

/// <summary>Doubles compared bit for bit, within a tolerance, and in ulps.</summary>
public class DoublesTests
{
    [Theory]
    [InlineData(1.0, 1.0000000000000002, 1UL)]
    [InlineData(0.0, -0.0, 0UL)]
    [InlineData(double.Epsilon, -double.Epsilon, 2UL)]
    [InlineData(1.0, 2.0, 4503599627370496UL)]
    [InlineData(double.MaxValue, double.PositiveInfinity, 1UL)]
    public void Ulps_KnownPairs_CountTheDoublesBetween(double a, double b, ulong expected)
    {
        Assert.Equal(expected, Doubles.Ulps(a, b));
        Assert.Equal(expected, Doubles.Ulps(b, a));
    }

    [Fact]
    public void Ulps_NaN_IsUnknown() => Assert.Null(Doubles.Ulps(double.NaN, 1));

    [Theory]
    [InlineData(10, 11, 0.1, true)]
    [InlineData(10, 12, 0.1, false)]
    [InlineData(0, 1e-13, 1e-12, true)]
    [InlineData(0, 1e-11, 1e-12, false)]
    [InlineData(0.0, -0.0, 0, false)]
    [InlineData(double.NaN, double.NaN, 0, true)]
    public void Same_Tolerance_IsRelativeToTheLargerOfOneAndTheValues(double a, double b, double tolerance, bool expected) =>
        Assert.Equal(expected, Doubles.Same(a, b, tolerance));
}
