using System.Globalization;
using System.Text;

namespace NeuralFunctional.Experiments.Reports;

/// <summary>One drawn series: its label, its points (x, y), the hover text of the point at an index, and how it is drawn.</summary>
public sealed record ChartSeries(string Label, ImmutableArray<double> Xs, ImmutableArray<double> Ys, Func<int, string> Tip)
{
    /// <summary>Drawn dashed (a validation loss, a moving mean's companion).</summary>
    public bool Dashed { get; init; }

    /// <summary>Only points, no line (a sweep's variants).</summary>
    public bool PointsOnly { get; init; }

    /// <summary>The index into <see cref="Svg.Palette"/>; by default the series' place in the chart.</summary>
    public int? Colour { get; init; }
}

/// <summary>A vertical mark at <see cref="X"/> (the first divergent epoch of a comparison, the goal's episode).</summary>
public sealed record ChartMarker(double X, string Label, string Kind);

/// <summary>A line chart drawn as inline SVG: axes with exact tick labels, each series a polyline and one hover target
/// per drawn point (<c>circle.pt</c> with its <c>data-tip</c>), a legend, and markers. A long series is thinned for
/// drawing to at most <see cref="MaxPoints"/> evenly spaced points, first and last kept; the tables keep every value.</summary>
public sealed record LineChart(string Name, string Title, string XLabel, string YLabel, ImmutableArray<ChartSeries> Series)
{
    /// <summary>Most points drawn per series.</summary>
    public const int MaxPoints = 400;

    public bool LogY { get; init; }

    public ImmutableArray<ChartMarker> Markers { get; init; } = [];

    /// <summary>Names of the x positions 0, 1, 2 … (a categorical axis), or empty for a numeric one.</summary>
    public ImmutableArray<string> XCategories { get; init; } = [];

    /// <summary>A horizontal reference line (a goal's mean return), with its label.</summary>
    public (double Y, string Label)? Reference { get; init; }

    /// <summary>Vertical bars from low to high at an x (a grid point's range over the seeds), drawn under the series.</summary>
    public ImmutableArray<(double X, double Low, double High)> Ranges { get; init; } = [];

    public int Width { get; init; } = 760;

    public int Height { get; init; } = 340;

    /// <summary>The indices of the points drawn of a series of <paramref name="count"/>: all of them, or
    /// <paramref name="max"/> evenly spaced ones, the first and the last among them.</summary>
    public static ImmutableArray<int> Thin(int count, int max = MaxPoints)
    {
        if (count <= max) return Enumerable.Range(0, count).ToImmutableArray();
        return Enumerable.Range(0, max).Select(i => (int)((long)i * (count - 1) / (max - 1))).Distinct().ToImmutableArray();
    }

    public string Render()
    {
        const double left = 64, right = 16, top = 30, bottom = 44;
        var (w, h) = (Width - left - right, Height - top - bottom);
        var drawn = Series.Select(s => (Series: s, Indices: Thin(s.Xs.Length))).ToList();
        var xAxis = XCategories.IsEmpty
            ? ChartAxis.Linear(drawn.SelectMany(d => d.Series.Xs).Concat(Markers.Select(m => m.X)))
            : ChartAxis.Categories(XCategories);
        var ys = drawn.SelectMany(d => d.Series.Ys).Concat(Reference is { } r ? [r.Y] : []).Concat(Ranges.SelectMany(x => new[] { x.Low, x.High }));
        var yAxis = LogY ? ChartAxis.Logarithmic(ys) : ChartAxis.Linear(ys);
        double X(double v) => left + xAxis.Fraction(v) * w;
        double Y(double v) => top + (1 - yAxis.Fraction(v)) * h;

        var b = new StringBuilder();
        b.Append($"<svg class=\"chart\" data-chart=\"{Html.Escape(Name)}\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Html.Escape(Title)}\">\n");
        b.Append($"<text class=\"title\" x=\"{Svg.N(left)}\" y=\"18\">{Html.Escape(Title)}</text>\n");
        b.Append("<g class=\"grid\">");
        foreach (var t in yAxis.Ticks) b.Append(Svg.Line(left, Y(t.Value), left + w, Y(t.Value)));
        foreach (var t in xAxis.Ticks) b.Append(Svg.Line(X(t.Value), top, X(t.Value), top + h));
        b.Append("</g>\n<g class=\"axis\">");
        b.Append(Svg.Line(left, top + h, left + w, top + h)).Append(Svg.Line(left, top, left, top + h));
        var xTicks = XCategories.IsEmpty ? xAxis.Ticks : Every(xAxis.Ticks, Math.Max(1, xAxis.Ticks.Length / 12));
        foreach (var t in xTicks)
            b.Append($"<text x=\"{Svg.N(X(t.Value))}\" y=\"{Svg.N(top + h + 15)}\" text-anchor=\"middle\">{Html.Escape(t.Label)}</text>");
        foreach (var t in yAxis.Ticks)
            b.Append($"<text x=\"{Svg.N(left - 6)}\" y=\"{Svg.N(Y(t.Value) + 4)}\" text-anchor=\"end\">{Html.Escape(t.Label)}</text>");
        b.Append($"<text x=\"{Svg.N(left + w / 2)}\" y=\"{Svg.N(Height - 8)}\" text-anchor=\"middle\">{Html.Escape(XLabel)}</text>");
        b.Append($"<text transform=\"translate(14 {Svg.N(top + h / 2)}) rotate(-90)\" text-anchor=\"middle\">{Html.Escape(YLabel + (LogY ? " (log scale)" : ""))}</text>");
        b.Append("</g>\n");
        if (Reference is { } reference && yAxis.Holds(reference.Y))
            b.Append($"<g class=\"reference\">{Svg.Line(left, Y(reference.Y), left + w, Y(reference.Y), "stroke=\"#2a9d55\" stroke-dasharray=\"6 4\"")}"
                + $"<text x=\"{Svg.N(left + w - 4)}\" y=\"{Svg.N(Y(reference.Y) - 4)}\" text-anchor=\"end\" fill=\"#2a9d55\">{Html.Escape(reference.Label)}</text></g>\n");
        foreach (var (x, low, high) in Ranges.Where(x => xAxis.Holds(x.X) && yAxis.Holds(x.Low) && yAxis.Holds(x.High)))
            b.Append(Svg.Line(X(x), Y(low), X(x), Y(high), "class=\"range\" stroke=\"#c9d3e6\" stroke-width=\"8\" stroke-linecap=\"round\""));
        for (var i = 0; i < drawn.Count; i++)
        {
            var (s, indices) = drawn[i];
            var colour = Svg.Palette[(s.Colour ?? i) % Svg.Palette.Length];
            var points = indices.Where(k => k < s.Ys.Length && xAxis.Holds(s.Xs[k]) && yAxis.Holds(s.Ys[k])).ToList();
            b.Append($"<g class=\"series\" data-label=\"{Html.Escape(s.Label)}\" data-points=\"{points.Count}\" data-total=\"{s.Xs.Length}\">");
            if (!s.PointsOnly)
                b.Append($"<polyline stroke=\"{colour}\"{(s.Dashed ? " stroke-dasharray=\"5 3\"" : "")} points=\"{string.Join(" ", points.Select(k => Svg.N(X(s.Xs[k])) + "," + Svg.N(Y(s.Ys[k]))))}\"/>");
            var visible = s.PointsOnly || points.Count <= 60;
            var radius = s.PointsOnly ? "3.5" : visible ? "2.5" : "3";
            foreach (var k in points)
                b.Append($"<circle class=\"pt\" cx=\"{Svg.N(X(s.Xs[k]))}\" cy=\"{Svg.N(Y(s.Ys[k]))}\" r=\"{radius}\" fill=\"{colour}\"{(visible ? s.PointsOnly ? " fill-opacity=\"0.6\"" : "" : " fill-opacity=\"0\"")} data-tip=\"{Html.Escape(s.Tip(k))}\"/>");
            b.Append("</g>\n");
        }
        foreach (var m in Markers.Where(m => xAxis.Holds(m.X)))
            b.Append($"<g><line class=\"marker\" data-{Html.Escape(m.Kind)}=\"{Html.Escape(Html.Number(m.X))}\" x1=\"{Svg.N(X(m.X))}\" y1=\"{Svg.N(top)}\" x2=\"{Svg.N(X(m.X))}\" y2=\"{Svg.N(top + h)}\" data-tip=\"{Html.Escape(m.Label)}\"/>"
                + $"<text x=\"{Svg.N(X(m.X) + 4)}\" y=\"{Svg.N(top + 12)}\" fill=\"#c0392b\">{Html.Escape(m.Label)}</text></g>\n");
        if (Series.Length > 1 || Series.Any(s => s.Label.Length > 0))
        {
            b.Append("<g class=\"legend\">");
            var y = top + 6.0;
            for (var i = 0; i < Series.Length; i++, y += 16)
            {
                var colour = Svg.Palette[(Series[i].Colour ?? i) % Svg.Palette.Length];
                b.Append($"<rect x=\"{Svg.N(left + w - 190)}\" y=\"{Svg.N(y)}\" width=\"12\" height=\"4\" fill=\"{colour}\"/>"
                    + $"<text x=\"{Svg.N(left + w - 172)}\" y=\"{Svg.N(y + 6)}\">{Html.Escape(Svg.Clip(Series[i].Label, 30))}</text>");
            }
            b.Append("</g>\n");
        }
        b.Append("</svg>");
        return b.ToString();
    }

    private static ImmutableArray<AxisTick> Every(ImmutableArray<AxisTick> ticks, int step) =>
        ticks.Where((_, i) => i % step == 0).ToImmutableArray();
}

/// <summary>SVG pieces shared by the report's charts and figures.</summary>
public static class Svg
{
    /// <summary>Series colours, in order (colour-blind-friendly hues).</summary>
    public static readonly string[] Palette = ["#2f6fdf", "#e0671b", "#2a9d55", "#b83280", "#7b5cd6", "#c49a00", "#1aa3b5", "#6b7280"];

    /// <summary>A coordinate with one decimal.</summary>
    public static string N(double v) => Math.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Line(double x1, double y1, double x2, double y2, string extra = "") =>
        $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\"{(extra.Length > 0 ? " " + extra : "")}/>";

    /// <summary>Text cut to <paramref name="max"/> characters with an ellipsis.</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>A colour for <paramref name="t"/> in [0, 1] on a light blue (0) to white (0.5) to orange (1) scale;
    /// outside the range it is clamped. Written as <c>#rrggbb</c>.</summary>
    public static string Diverging(double t)
    {
        if (!double.IsFinite(t)) return "#cccccc";
        t = Math.Clamp(t, 0, 1);
        var (r, g, b) = t < 0.5
            ? Mix((47, 111, 223), (255, 255, 255), t * 2)
            : Mix((255, 255, 255), (224, 103, 27), (t - 0.5) * 2);
        return $"#{r:x2}{g:x2}{b:x2}";
    }

    /// <summary>A colour for <paramref name="t"/> in [0, 1] from white (0) to deep blue (1).</summary>
    public static string Sequential(double t)
    {
        if (!double.IsFinite(t)) return "#cccccc";
        var (r, g, b) = Mix((255, 255, 255), (31, 78, 170), Math.Clamp(t, 0, 1));
        return $"#{r:x2}{g:x2}{b:x2}";
    }

    private static (int, int, int) Mix((int R, int G, int B) a, (int R, int G, int B) b, double t) =>
        ((int)Math.Round(a.R + (b.R - a.R) * t, MidpointRounding.AwayFromZero),
         (int)Math.Round(a.G + (b.G - a.G) * t, MidpointRounding.AwayFromZero),
         (int)Math.Round(a.B + (b.B - a.B) * t, MidpointRounding.AwayFromZero));
}
