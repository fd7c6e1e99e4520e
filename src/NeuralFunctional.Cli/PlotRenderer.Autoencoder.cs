using NeuralFunctional.Experiments.Plots;
using ScottPlot;

namespace NeuralFunctional.Cli;

public static partial class PlotRenderer
{
    /// <summary>The bottleneck codes as points coloured by class (grey without a label), each labelled by its class
    /// (or id when unlabelled); test rows hollow.</summary>
    public static Plot Bottleneck(BottleneckCodes codes)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var named = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (var p in codes.Points)
        {
            var index = p.Class is null ? -1 : codes.Classes.IndexOf(p.Class);
            var color = index < 0 ? Colors.Gray : palette.GetColor(index);
            var many = codes.Points.Length > BottleneckCodes.MaxLabelledPoints;
            var marker = plot.Add.Marker(p.X, p.Y, p.IsTest ? MarkerShape.OpenCircle : MarkerShape.FilledCircle, many ? 5 : 12, color);
            marker.MarkerLineWidth = many ? 1 : 2;
            var legend = p.Class is null ? (p.IsTest ? "test" : "training") : $"class {p.Class}";
            if (named.Add(legend)) marker.LegendText = legend;
            if (many) continue;
            var text = plot.Add.Text(p.Class ?? p.Id, p.X, p.Y);
            text.LabelFontSize = 12;
            text.LabelBold = true;
            text.LabelFontColor = color;
            text.LabelAlignment = Alignment.LowerLeft;
            text.OffsetX = 6;
            text.OffsetY = -4;
        }
        if (codes.Points.Length > BottleneckCodes.MaxLabelledPoints)
            foreach (var name in codes.Classes)
            {
                var (x, y) = codes.Centre(name);
                var label = plot.Add.Text(name, x, y);
                label.LabelFontSize = 20;
                label.LabelBold = true;
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelBackgroundColor = Colors.White.WithAlpha(.8);
                label.LabelFontColor = palette.GetColor(codes.Classes.IndexOf(name));
            }
        plot.Title("Bottleneck codes (filled: training rows, hollow: test rows; colour: the unused label)");
        plot.XLabel("code[0]");
        plot.YLabel("code[1]");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>Each chosen row's input above its reconstruction: small grayscale images (white 0, black 1) for
    /// image-shaped inputs, otherwise pairs of bars (input, reconstruction) per value.</summary>
    public static Plot Reconstructions(Reconstructions r)
    {
        var plot = new Plot();
        if (r.ImageRows > 0) Images(plot, r);
        else Bars(plot, r);
        plot.Title("Inputs and their reconstructions");
        return plot;
    }

    private static void Images(Plot plot, Reconstructions r)
    {
        var (h, w) = (r.ImageRows, r.ImageColumns);
        for (var i = 0; i < r.Rows.Length; i++)
        {
            var row = r.Rows[i];
            var left = i * (w + 1.0);
            Image(plot, row.Input, h, w, left, h + 1.5);
            Image(plot, row.Output, h, w, left, 0);
            var label = plot.Add.Text(row.Class is null || row.Class == row.Id ? row.Id : $"{row.Id}: {row.Class}", left + w / 2.0, 2 * h + 1.6);
            label.LabelAlignment = Alignment.LowerCenter;
            label.LabelFontSize = 11;
            if (row.Error is { } error)
            {
                var e = plot.Add.Text(error.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), left + w / 2.0, -0.2);
                e.LabelAlignment = Alignment.UpperCenter;
                e.LabelFontSize = 10;
            }
        }
        var total = r.Rows.Length * (w + 1.0) - 1;
        var input = plot.Add.Text("input", -0.4, h + 1.5 + h / 2.0);
        input.LabelAlignment = Alignment.MiddleRight;
        var output = plot.Add.Text("reconstruction", -0.4, h / 2.0);
        output.LabelAlignment = Alignment.MiddleRight;
        var mse = plot.Add.Text("mean squared error:", -0.4, -0.2);
        mse.LabelAlignment = Alignment.UpperRight;
        mse.LabelFontSize = 10;
        plot.Axes.SetLimits(-0.5 - (w + 1) * 2.2, total + 0.5, -2, 2 * h + 3);
        plot.Axes.SquareUnits();
        plot.Layout.Frameless();
        plot.HideGrid();
    }

    /// <summary>One image as filled squares, one per value (white 0 … black 1, clamped), row 0 at the top, framed.</summary>
    private static void Image(Plot plot, IReadOnlyList<double> values, int rows, int columns, double left, double bottom)
    {
        for (var y = 0; y < rows; y++)
            for (var x = 0; x < columns; x++)
            {
                var v = values[y * columns + x];
                var level = (byte)Math.Round(255 * (1 - (double.IsFinite(v) ? Math.Clamp(v, 0, 1) : 0)));
                var top = bottom + rows - y;
                var cell = plot.Add.Rectangle(left + x, left + x + 1, top - 1, top);
                cell.FillColor = new Color(level, level, level);
                cell.LineWidth = 0;
            }
        var frame = plot.Add.Rectangle(left, left + columns, bottom, bottom + rows);
        frame.FillColor = Colors.Transparent;
        frame.LineColor = Colors.Gray;
        frame.LineWidth = 1;
    }

    private static void Bars(Plot plot, Reconstructions r)
    {
        var n = r.Rows[0].Input.Length;
        var ticks = new List<Tick>();
        var first = true;
        for (var i = 0; i < r.Rows.Length; i++)
        {
            var row = r.Rows[i];
            var origin = i * (n + 1.5);
            for (var j = 0; j < n; j++)
            {
                var a = plot.Add.Bar(origin + j - 0.2, row.Input[j]);
                a.Bars[0].Size = 0.4;
                a.Color = Colors.SteelBlue;
                var b = plot.Add.Bar(origin + j + 0.2, row.Output[j]);
                b.Bars[0].Size = 0.4;
                b.Color = Colors.Orange;
                if (first) (a.LegendText, b.LegendText, first) = ("input", "reconstruction", false);
            }
            ticks.Add(new Tick(origin + (n - 1) / 2.0, row.Id));
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.YLabel("value");
        plot.ShowLegend(Edge.Bottom);
    }
}
