using System.Text;
using NeuralFunctional.Experiments.Plots;

namespace NeuralFunctional.Experiments.Reports;

/// <summary>The report's figures other than line charts, as inline SVG, from the same models <c>nf plot</c> draws:
/// the network with its weights, the decision map, autoencoder reconstructions and bottleneck codes.</summary>
public static class ReportFigures
{
    /// <summary>The network: a column of nodes per layer, every weight an edge (blue positive, orange negative, width
    /// by magnitude), each edge's and node's exact value in its tip; small networks have their weights written.</summary>
    public static string Network(NetworkDiagram d)
    {
        var layers = d.Nodes.Max(n => n.Layer) + 1;
        var tallest = d.Nodes.GroupBy(n => n.Layer).Max(g => g.Count());
        var (width, height) = (Math.Max(420, 160 * layers + 120), Math.Max(180, Math.Min(tallest, 24) * 64 + 60));
        var spacingY = Math.Min(64.0, (height - 60.0) / Math.Max(1, tallest - 1 == 0 ? 1 : tallest - 1));
        double X(DiagramNode n) => 80 + n.X * ((width - 160.0) / Math.Max(1, layers - 1));
        double Y(DiagramNode n) => height / 2.0 - n.Y * spacingY;
        var b = new StringBuilder($"<svg class=\"figure\" data-figure=\"network\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"the network with its final weights\">\n<g class=\"edges\">");
        foreach (var e in d.Edges)
        {
            var (from, to) = (d.Nodes[e.From], d.Nodes[e.To]);
            var strength = d.MaxAbsWeight > 0 && double.IsFinite(e.Weight) ? Math.Abs(e.Weight) / d.MaxAbsWeight : 0;
            var colour = e.Weight >= 0 ? "#2f6fdf" : "#e0671b";
            b.Append(Svg.Line(X(from), Y(from), X(to), Y(to),
                $"stroke=\"{colour}\" stroke-width=\"{Svg.N(0.6 + 4.4 * strength)}\" stroke-opacity=\"{Svg.N(0.25 + 0.7 * strength)}\" data-tip=\"{Html.Escape($"{from.Label} → {to.Label} · weight {Html.Number(e.Weight)}")}\""));
            if (d.LabelEdges)
            {
                var (mx, my) = (X(from) + (X(to) - X(from)) * 0.3, Y(from) + (Y(to) - Y(from)) * 0.3);
                b.Append($"<text x=\"{Svg.N(mx)}\" y=\"{Svg.N(my - 3)}\" text-anchor=\"middle\" fill=\"{colour}\">{Html.Short(e.Weight)}</text>");
            }
        }
        b.Append("</g>\n<g class=\"nodes\">");
        foreach (var n in d.Nodes)
        {
            var tip = n.Bias is { } bias ? $"{n.Label} · bias {Html.Number(bias)}" : $"{n.Label} (input)";
            b.Append($"<circle cx=\"{Svg.N(X(n))}\" cy=\"{Svg.N(Y(n))}\" r=\"13\" fill=\"{(n.Bias is null ? "#eef1f6" : "#ffffff")}\" stroke=\"#5b6475\" data-tip=\"{Html.Escape(tip)}\"/>");
            var labelX = n.Layer == 0 ? X(n) - 18 : n.Layer == layers - 1 ? X(n) + 18 : X(n);
            var anchor = n.Layer == 0 ? "end" : n.Layer == layers - 1 ? "start" : "middle";
            var labelY = n.Layer == 0 || n.Layer == layers - 1 ? Y(n) + 4 : Y(n) - 17;
            b.Append($"<text x=\"{Svg.N(labelX)}\" y=\"{Svg.N(labelY)}\" text-anchor=\"{anchor}\">{Html.Escape(Svg.Clip(n.Label, 18))}</text>");
        }
        b.Append("</g>\n</svg>\n");
        return b.ToString();
    }

    /// <summary>The decision map: the network's first output on the grid as coloured cells (0 blue, 0.5 white, 1
    /// orange, for outputs in [0, 1]; otherwise scaled to the grid's range), the rows on top (circles: training,
    /// squares: test; filled with their target's colour), each row's and cell's values in its tip.</summary>
    public static string Boundary(DecisionMap map)
    {
        const double left = 56, top = 16, size = 420;
        var all = map.Values.SelectMany(r => r).Where(double.IsFinite).ToList();
        var (low, high) = all.Count > 0 && all.Min() >= 0 && all.Max() <= 1 ? (0.0, 1.0) : (all.DefaultIfEmpty(0).Min(), all.DefaultIfEmpty(1).Max());
        double T(double v) => high > low ? (v - low) / (high - low) : 0.5;
        var (xAxis, yAxis) = (ChartAxis.Linear([map.Xs[0], map.Xs[^1]]), ChartAxis.Linear([map.Ys[0], map.Ys[^1]]));
        double X(double v) => left + (v - map.Xs[0]) / (map.Xs[^1] - map.Xs[0]) * size;
        double Y(double v) => top + (1 - (v - map.Ys[0]) / (map.Ys[^1] - map.Ys[0])) * size;
        var (cw, ch) = (size / map.Xs.Length, size / map.Ys.Length);
        var b = new StringBuilder($"<svg class=\"figure\" data-figure=\"boundary\" viewBox=\"0 0 {size + left + 150} {size + top + 44}\" width=\"{size + left + 150}\" height=\"{size + top + 44}\" role=\"img\" aria-label=\"decision boundary\">\n<g class=\"cells\">");
        for (var r = 0; r < map.Ys.Length; r++)
            for (var c = 0; c < map.Xs.Length;)
            {
                // Neighbouring cells of the same colour are drawn as one rectangle (a flat region is one element).
                var colour = Svg.Diverging(T(map.Values[r][c]));
                var run = 1;
                while (c + run < map.Xs.Length && Svg.Diverging(T(map.Values[r][c + run])) == colour) run++;
                b.Append($"<rect x=\"{Svg.N(left + c * cw)}\" y=\"{Svg.N(top + (map.Ys.Length - 1 - r) * ch)}\" width=\"{Svg.N(run * cw + 0.5)}\" height=\"{Svg.N(ch + 0.5)}\" fill=\"{colour}\"/>");
                c += run;
            }
        b.Append("</g>\n<g class=\"axis\">");
        foreach (var t in xAxis.Ticks.Where(t => t.Value >= map.Xs[0] && t.Value <= map.Xs[^1]))
            b.Append($"<text x=\"{Svg.N(X(t.Value))}\" y=\"{Svg.N(top + size + 15)}\" text-anchor=\"middle\">{Html.Escape(t.Label)}</text>");
        foreach (var t in yAxis.Ticks.Where(t => t.Value >= map.Ys[0] && t.Value <= map.Ys[^1]))
            b.Append($"<text x=\"{Svg.N(left - 6)}\" y=\"{Svg.N(Y(t.Value) + 4)}\" text-anchor=\"end\">{Html.Escape(t.Label)}</text>");
        b.Append($"<text x=\"{Svg.N(left + size / 2)}\" y=\"{Svg.N(top + size + 36)}\" text-anchor=\"middle\">{Html.Escape(map.XLabel)}</text>");
        b.Append($"<text transform=\"translate(14 {Svg.N(top + size / 2)}) rotate(-90)\" text-anchor=\"middle\">{Html.Escape(map.YLabel)}</text></g>\n<g class=\"rows\">");
        foreach (var p in map.Points)
        {
            var fill = p.Target is { } t ? Svg.Diverging(T(t)) : "#ffffff";
            var tip = $"{p.Id} ({(p.IsTest ? "test" : "train")}) · {map.XLabel} {Html.Number(p.X)}, {map.YLabel} {Html.Number(p.Y)} · output {Html.Number(p.Output)}"
                + (p.Target is { } target ? $" · target {Html.Number(target)}" : "");
            b.Append(p.IsTest
                ? $"<rect class=\"pt\" x=\"{Svg.N(X(p.X) - 6)}\" y=\"{Svg.N(Y(p.Y) - 6)}\" width=\"12\" height=\"12\" fill=\"{fill}\" stroke=\"#1d2330\" stroke-width=\"1.5\" data-tip=\"{Html.Escape(tip)}\"/>"
                : $"<circle class=\"pt\" cx=\"{Svg.N(X(p.X))}\" cy=\"{Svg.N(Y(p.Y))}\" r=\"6\" fill=\"{fill}\" stroke=\"#1d2330\" stroke-width=\"1.5\" data-tip=\"{Html.Escape(tip)}\"/>");
        }
        b.Append("</g>\n<g class=\"legend\">");
        for (var i = 0; i <= 10; i++)
            b.Append($"<rect x=\"{Svg.N(left + size + 24)}\" y=\"{Svg.N(top + (10 - i) * 20)}\" width=\"18\" height=\"20\" fill=\"{Svg.Diverging(i / 10.0)}\"/>");
        b.Append($"<text x=\"{Svg.N(left + size + 48)}\" y=\"{Svg.N(top + 10)}\">{Html.Escape(Html.Short(high))}</text>");
        b.Append($"<text x=\"{Svg.N(left + size + 48)}\" y=\"{Svg.N(top + 214)}\">{Html.Escape(Html.Short(low))}</text>");
        b.Append($"<text x=\"{Svg.N(left + size + 24)}\" y=\"{Svg.N(top + 240)}\">{Html.Escape(Svg.Clip(map.OutputLabel, 16))}</text>");
        b.Append($"<text x=\"{Svg.N(left + size + 24)}\" y=\"{Svg.N(top + 262)}\">○ train  □ test</text>");
        b.Append("</g>\n</svg>\n");
        return b.ToString();
    }

    /// <summary>Each row's input beside its reconstruction: small images (8×8, 7×5) as cells, other inputs as bars.</summary>
    public static string Reconstructions(Reconstructions r)
    {
        var b = new StringBuilder("<div class=\"row\">\n");
        foreach (var row in r.Rows)
        {
            var title = $"{row.Id}{(row.Class is { } c ? $" (class {c})" : "")}{(row.IsTest ? ", test" : "")}";
            b.Append($"<figure data-figure=\"reconstruction\"><figcaption class=\"note\">{Html.Escape(title)}"
                + (row.Error is { } e ? $"<br>error {Html.Escape(Html.Short(e))}" : "") + "</figcaption>");
            b.Append(Picture(row.Input, r.ImageRows, r.ImageColumns, row.Id + " input")).Append(Picture(row.Output, r.ImageRows, r.ImageColumns, row.Id + " reconstruction"));
            b.Append("</figure>\n");
        }
        return b.Append("</div>\n").ToString();
    }

    private static string Picture(ImmutableArray<double> values, int rows, int columns, string label)
    {
        var finite = values.Where(double.IsFinite).ToList();
        var (low, high) = finite.Count == 0 ? (0.0, 1.0) : (Math.Min(0, finite.Min()), Math.Max(1, finite.Max()));
        double T(double v) => (v - low) / (high - low);
        var b = new StringBuilder();
        if (rows > 0)
        {
            const double cell = 9;
            b.Append($"<svg class=\"figure\" viewBox=\"0 0 {columns * cell} {rows * cell}\" width=\"{columns * cell}\" height=\"{rows * cell}\" role=\"img\" aria-label=\"{Html.Escape(label)}\" style=\"display:inline-block;margin:2px\">");
            for (var i = 0; i < Math.Min(values.Length, rows * columns); i++)
                b.Append($"<rect x=\"{Svg.N(i % columns * cell)}\" y=\"{Svg.N(i / columns * cell)}\" width=\"{cell}\" height=\"{cell}\" fill=\"{Svg.Sequential(T(values[i]))}\" data-tip=\"{Html.Escape($"{label} [{i}] {Html.Number(values[i])}")}\"/>");
        }
        else
        {
            const double bar = 10, tall = 40;
            b.Append($"<svg class=\"figure\" viewBox=\"0 0 {values.Length * bar} {tall}\" width=\"{values.Length * bar}\" height=\"{tall}\" role=\"img\" aria-label=\"{Html.Escape(label)}\" style=\"display:inline-block;margin:2px;background:#f7f8fa\">");
            for (var i = 0; i < values.Length; i++)
            {
                var hgt = double.IsFinite(values[i]) ? Math.Clamp(T(values[i]), 0, 1) * tall : 0;
                b.Append($"<rect x=\"{Svg.N(i * bar + 1)}\" y=\"{Svg.N(tall - hgt)}\" width=\"{bar - 2}\" height=\"{Svg.N(Math.Max(hgt, 0.5))}\" fill=\"#2f6fdf\" data-tip=\"{Html.Escape($"{label} [{i}] {Html.Number(values[i])}")}\"/>");
            }
        }
        return b.Append("</svg>").ToString();
    }

    /// <summary>The bottleneck codes as a scatter chart, one series per class.</summary>
    public static string Codes(BottleneckCodes codes)
    {
        var groups = codes.Classes.IsEmpty ? [(Name: "rows", Points: codes.Points)]
            : codes.Classes.Select(c => (Name: "class " + c, Points: codes.Points.Where(p => p.Class == c).ToImmutableArray())).ToList();
        var series = groups.Select((g, i) => new ChartSeries(g.Name, g.Points.Select(p => p.X).ToImmutableArray(), g.Points.Select(p => p.Y).ToImmutableArray(),
            k => $"{g.Points[k].Id}{(g.Points[k].IsTest ? " (test)" : "")} · {g.Name} · code ({Html.Number(g.Points[k].X)}, {Html.Number(g.Points[k].Y)})")
        { PointsOnly = true, Colour = i }).ToImmutableArray();
        return new LineChart("codes", "Bottleneck codes", "code 1", "code 2", series) { Height = 420 }.Render();
    }
}
