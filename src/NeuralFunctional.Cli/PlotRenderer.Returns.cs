using NeuralFunctional.Experiments.Plots;
using ScottPlot;

namespace NeuralFunctional.Cli;

public static partial class PlotRenderer
{
    /// <summary>Learning curves of reinforcement-learning runs: each episode's return as faint points, the moving mean
    /// over the window as a line, the goal's mean return as a dashed level and the episode that reached it as a mark.</summary>
    public static Plot Returns(IReadOnlyList<ReturnSeries> series)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var color = palette.GetColor(i % 10);
            var episodes = s.Episodes.ToArray();
            var points = plot.Add.ScatterPoints(episodes, s.Returns.ToArray(), color.WithAlpha(0.25));
            points.MarkerSize = 2;
            if (series.Count == 1) points.LegendText = "each episode's return";
            var mean = plot.Add.Scatter(episodes, s.MeanReturns.ToArray(), color);
            mean.LegendText = series.Count == 1 ? $"mean return over the last {s.Window} episodes" : $"{s.Label} (mean of {s.Window})";
            mean.LineWidth = 2;
            mean.MarkerSize = 0;
            if (s.Goal is { } goal)
            {
                var level = plot.Add.HorizontalLine(goal, 1, color, LinePattern.Dashed);
                if (i == 0) level.LegendText = $"goal: mean return ≥ {goal.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}";
            }
            if (s.ReachedAt is { } n)
            {
                var mark = plot.Add.VerticalLine(n, 1, color, LinePattern.Dotted);
                mark.LegendText = series.Count == 1 ? $"goal reached at episode {n}" : $"{s.Label}: goal at episode {n}";
            }
        }
        plot.Title(series.Count == 1 ? $"Episode returns of {series[0].Label}" : "Episode returns");
        plot.XLabel("episode");
        plot.YLabel("return");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
