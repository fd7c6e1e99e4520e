using NeuralFunctional.Experiments.Plots;
using ScottPlot;

namespace NeuralFunctional.Cli;

public static partial class PlotRenderer
{
    /// <summary>One line per hidden unit over the steps of one row, each step's input written along the bottom.</summary>
    public static Plot Hidden(HiddenStates states)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var steps = states.Steps.Select(s => (double)s).ToArray();
        for (var j = 0; j < states.Units.Length; j++)
        {
            var line = plot.Add.Scatter(steps, states.Units[j].ToArray(), palette.GetColor(j % 10));
            line.LegendText = $"h[{j}]";
            line.LineWidth = 2;
            line.MarkerSize = 5;
            if (j >= 10) line.LinePattern = LinePattern.Dashed;
        }
        var ticks = states.Steps.Select((s, t) => new Tick(s, $"{s}\nx = {string.Join(", ", states.Inputs[t].Select(v => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))}")).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Title($"Hidden state h_t of row {states.Id}{(states.IsTest ? " (test)" : "")}");
        plot.XLabel("step t (and its input)");
        plot.YLabel("h_t");
        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
