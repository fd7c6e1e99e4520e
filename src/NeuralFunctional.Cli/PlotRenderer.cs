using NeuralFunctional.Experiments.Plots;
using ScottPlot;

namespace NeuralFunctional.Cli;

/// <summary>Draws the plot data computed in <c>NeuralFunctional.Experiments.Plots</c> with ScottPlot (rendering only:
/// no numbers are computed here but positions, colours and log-axis ticks).</summary>
public static partial class PlotRenderer
{
    /// <summary>Loss curves overlaid, with a logarithmic loss axis when <see cref="LossCurves.WantsLogScale"/> says so.</summary>
    public static Plot Loss(IReadOnlyList<LossSeries> series)
    {
        var plot = new Plot();
        var log = LossCurves.WantsLogScale(series);
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var ys = log ? s.Losses.Select(Math.Log10).ToArray() : s.Losses.ToArray();
            var line = plot.Add.Scatter(s.Epochs.ToArray(), ys, palette.GetColor(i));
            line.LegendText = s.Label;
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }
        if (log)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
            };
        }
        plot.Title("Training loss");
        plot.XLabel("epoch");
        plot.YLabel(log ? "loss (log scale)" : "loss");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>The network's output as a heatmap over its two inputs, the 0.5 level as the boundary, and every row
    /// as a labelled point (filled by its target, or hollow for a test row without one).</summary>
    public static Plot Boundary(DecisionMap map)
    {
        var plot = new Plot();
        var rows = map.Ys.Length;
        var cols = map.Xs.Length;
        var values = new double[rows, cols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                values[rows - 1 - r, c] = map.Values[r][c]; // heatmap row 0 is drawn at the top
        var heat = plot.Add.Heatmap(values);
        var (dx, dy) = ((map.Xs[^1] - map.Xs[0]) / (cols - 1) / 2, (map.Ys[^1] - map.Ys[0]) / (rows - 1) / 2);
        heat.Extent = new CoordinateRect(map.Xs[0] - dx, map.Xs[^1] + dx, map.Ys[0] - dy, map.Ys[^1] + dy);
        heat.Colormap = new ScottPlot.Colormaps.MellowRainbow();
        heat.ManualRange = new ScottPlot.Range(0, 1);
        plot.Add.ColorBar(heat).Label = map.OutputLabel;
        var middle = (map.Xs[0] + map.Xs[^1]) / 2;
        var named = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (var p in map.Points)
        {
            var hired = (p.Target ?? p.Output) >= 0.5;
            var marker = plot.Add.Marker(p.X, p.Y, p.IsTest ? MarkerShape.OpenCircle : MarkerShape.FilledCircle, 14,
                hired ? Colors.DarkGreen : Colors.DarkRed);
            marker.MarkerLineWidth = 3;
            var legend = $"{(p.IsTest ? "test, predicted" : "training, target")} {(hired ? "≥ 0.5" : "< 0.5")}";
            if (named.Add(legend)) marker.LegendText = legend;
            // Labels point away from the nearer side edge; training labels above their point, test labels below.
            var left = p.X > middle;
            var text = plot.Add.Text($"{p.Id} {p.Output:0.00}", p.X, p.Y);
            text.LabelFontSize = 14;
            text.LabelBold = true;
            text.LabelFontColor = Colors.Black;
            text.LabelBackgroundColor = Colors.White.WithAlpha(.75);
            text.LabelAlignment = (left, p.IsTest) switch
            {
                (true, false) => Alignment.LowerRight,
                (true, true) => Alignment.UpperRight,
                (false, false) => Alignment.LowerLeft,
                (false, true) => Alignment.UpperLeft,
            };
            text.OffsetX = left ? -9 : 9;
            text.OffsetY = p.IsTest ? 9 : -9;
        }
        plot.ShowLegend(Edge.Bottom);
        plot.Title($"Decision boundary: {map.OutputLabel} (colour = network output)");
        plot.XLabel(map.XLabel);
        plot.YLabel(map.YLabel);
        plot.Axes.SetLimits(map.Xs[0] - dx, map.Xs[^1] + dx, map.Ys[0] - dy, map.Ys[^1] + dy);
        return plot;
    }

    /// <summary>Each activation (solid) with its derivative (dashed, same colour).</summary>
    public static Plot Activations(IReadOnlyList<ActivationCurveSeries> curves)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            var color = palette.GetColor(i);
            var a = plot.Add.Scatter(c.Z.ToArray(), c.A.ToArray(), color);
            a.LegendText = c.Label;
            a.LineWidth = 2;
            a.MarkerSize = 0;
            var d = plot.Add.Scatter(c.Z.ToArray(), c.Derivative.ToArray(), color);
            d.LinePattern = LinePattern.Dashed;
            d.MarkerSize = 0;
        }
        plot.Title("Activations a(z) (solid) and derivatives a'(z) (dashed)");
        plot.XLabel("z");
        plot.YLabel("a(z), a'(z)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>Nodes per layer, edges coloured by sign (blue positive, red negative) and as thick as |weight|
    /// relative to the largest, with the weights written on them for small networks.</summary>
    public static Plot Network(NetworkDiagram diagram)
    {
        var plot = new Plot();
        foreach (var e in diagram.Edges)
        {
            var (from, to) = (diagram.Nodes[e.From], diagram.Nodes[e.To]);
            var share = diagram.MaxAbsWeight > 0 && double.IsFinite(e.Weight) ? Math.Abs(e.Weight) / diagram.MaxAbsWeight : 0;
            var line = plot.Add.Line(from.X, from.Y, to.X, to.Y);
            line.LineWidth = (float)(1 + 7 * share);
            line.LineColor = (e.Weight >= 0 ? Colors.RoyalBlue : Colors.Crimson).WithAlpha(0.35 + 0.65 * share);
            if (diagram.LabelEdges)
            {
                var label = plot.Add.Text(e.Weight.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                    from.X + (to.X - from.X) * 0.3, from.Y + (to.Y - from.Y) * 0.3);
                Small(label);
            }
        }
        foreach (var n in diagram.Nodes)
        {
            plot.Add.Marker(n.X, n.Y, MarkerShape.FilledCircle, 40, n.Layer == 0 ? Colors.LightGray : Colors.Gold);
            var label = plot.Add.Text(n.Label, n.X, n.Y);
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontSize = 13;
            label.LabelBold = true;
            if (n.Bias is { } b && diagram.LabelEdges)
            {
                var bias = plot.Add.Text($"b = {b.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}", n.X, n.Y - 0.22);
                Small(bias);
            }
        }
        var layers = diagram.Nodes.Max(n => n.Layer);
        var tallest = diagram.Nodes.Max(n => Math.Abs(n.Y));
        plot.Axes.SetLimits(-0.4, layers + 0.4, -tallest - 0.5, tallest + 0.5);
        plot.Layout.Frameless();
        plot.HideGrid();
        plot.Title("Network (blue: positive weight, red: negative; thickness: |weight|)");
        return plot;
    }

    private static void Small(ScottPlot.Plottables.Text text)
    {
        text.LabelFontSize = 12;
        text.LabelAlignment = Alignment.MiddleCenter;
        text.LabelBackgroundColor = Colors.White.WithAlpha(.85);
    }

    /// <summary>Skia numbers SVG clip paths (<c>cl_N</c>, hexadecimal) with a process-wide counter; renumbered from 1 in order of
    /// appearance, the same plot gives the same bytes however many were drawn before it.</summary>
    public static string StableIds(string svg)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return ClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Groups[1].Value, out var n)) ids[m.Groups[1].Value] = n = ids.Count + 1;
            return $"cl_{n}";
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bcl_([0-9a-fA-F]+)\b")]
    private static partial System.Text.RegularExpressions.Regex ClipId();

    /// <summary>The image bytes of a plot: PNG or SVG (UTF-8).</summary>
    public static byte[] Render(Plot plot, PlotFormat format, int width, int height) => format switch
    {
        PlotFormat.Svg => new System.Text.UTF8Encoding(false).GetBytes(StableIds(plot.GetSvgXml(width, height))),
        _ => plot.GetImageBytes(width, height, ImageFormat.Png),
    };
}

/// <summary>The image formats <c>nf plot</c> writes, chosen by the output file's extension.</summary>
public enum PlotFormat { Png, Svg }
