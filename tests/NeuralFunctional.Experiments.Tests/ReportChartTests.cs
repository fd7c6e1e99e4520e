using NeuralFunctional.Experiments.Reports;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>The pieces report pages are drawn with: axes labelled exactly, thinning that keeps the ends, escaping.</summary>
public class ReportChartTests
{
    [Fact]
    public void LinearAxis_LabelsTicksExactly_AndCoversTheValues()
    {
        var axis = ChartAxis.Linear([0.0, 0.3]);
        Assert.Equal(["0", "0.1", "0.2", "0.3"], axis.Ticks.Select(t => t.Label));
        Assert.True(axis.Min <= 0 && axis.Max >= 0.3);
        var small = ChartAxis.Linear([0.00123, 0.00456]);
        Assert.All(small.Ticks, t => Assert.DoesNotContain("000000", t.Label));
        Assert.True(small.Min <= 0.00123 && small.Max >= 0.00456);
        Assert.InRange(small.Ticks.Length, 3, 11);
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(0.0)]
    [InlineData(-2.5)]
    public void LinearAxis_OfOneValue_HasARangeAroundIt(double value)
    {
        var axis = ChartAxis.Linear([value, value]);
        Assert.True(axis.Min < value && axis.Max > value, $"{axis.Min} .. {axis.Max}");
        Assert.Equal(0.5, axis.Fraction(value), 1);
    }

    [Fact]
    public void LogAxis_TicksEveryDecade_FromBelowTheSmallestToAboveTheLargest()
    {
        var axis = ChartAxis.Logarithmic([0.002, 0.45, 0.0131]);
        Assert.Equal(["1e-3", "1e-2", "1e-1", "1"], axis.Ticks.Select(t => t.Label));
        Assert.Equal(0, axis.Fraction(0.001), 12);
        Assert.Equal(1, axis.Fraction(1), 12);
        Assert.False(axis.Holds(0));
        Assert.False(axis.Holds(double.NaN));
    }

    [Fact]
    public void CategoryAxis_PlacesEachNameAtItsIndex()
    {
        var axis = ChartAxis.Categories(["none", "mean"]);
        Assert.Equal([0.0, 1.0], axis.Ticks.Select(t => t.Value));
        Assert.Equal(0.25, axis.Fraction(0), 12);
        Assert.Equal(0.75, axis.Fraction(1), 12);
    }

    [Theory]
    [InlineData(5, 400, 5)]
    [InlineData(400, 400, 400)]
    [InlineData(1001, 400, 400)]
    [InlineData(100_000, 400, 400)]
    public void Thin_KeepsTheEnds_InOrder_AndAtMostMax(int count, int max, int expected)
    {
        var indices = LineChart.Thin(count, max);
        Assert.Equal(expected, indices.Length);
        Assert.Equal(0, indices[0]);
        Assert.Equal(count - 1, indices[^1]);
        Assert.True(Enumerable.Range(1, indices.Length - 1).All(i => indices[i - 1] < indices[i]));
    }

    [Fact]
    public void Chart_DrawsOneHoverTargetPerPoint_WithItsTip_AndSkipsWhatCannotBePlaced()
    {
        var xs = System.Collections.Immutable.ImmutableArray.Create(0.0, 1, 2, 3);
        var ys = System.Collections.Immutable.ImmutableArray.Create(1.0, double.NaN, 0.1, 0.01);
        var svg = new LineChart("loss", "t", "epoch", "loss", [new ChartSeries("a<b", xs, ys, k => $"epoch {xs[k]} · loss {Html.Number(ys[k])}")]) { LogY = true }.Render();
        Assert.Contains("data-label=\"a&lt;b\" data-points=\"3\" data-total=\"4\"", svg);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(svg, "<circle class=\"pt\"").Count);
        Assert.Contains("data-tip=\"epoch 3 · loss 0.01\"", svg);
        Assert.DoesNotContain("NaN", svg);
    }

    [Fact]
    public void Escape_MakesTextSafeInElementsAndAttributes()
    {
        Assert.Equal("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Html.Escape("a <b> & \"c\" 'd'"));
        Assert.Equal("plain", Html.Escape("plain"));
    }

    [Fact]
    public void Decision_IsTheLargestOutput_OrTheHalfThreshold()
    {
        Assert.Equal("b", RunReport.Decision([0.1, 0.7, 0.2], ["a", "b", "c"]));
        Assert.Equal("1", RunReport.Decision([0.5], null));
        Assert.Equal("0", RunReport.Decision([0.49], null));
        Assert.Null(RunReport.Decision([double.NaN], null));
    }
}
