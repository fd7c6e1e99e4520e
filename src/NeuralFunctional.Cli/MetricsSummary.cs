using System.Globalization;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary>Prints a set's metrics (<see cref="SetMetrics"/>, as the output document holds them): accuracy, the confusion matrix (rows = true class,
/// columns = predicted) and the per-class precision, recall, F1 and support, as plain aligned text.</summary>
public static class MetricsSummary
{
    /// <summary>Longest class name shown in a column header; longer names are cut.</summary>
    private const int MaxName = 12;

    /// <summary>The accuracy line, and with <paramref name="tables"/> the confusion matrix and per-class table.</summary>
    public static void Print(TextWriter w, string label, SetMetrics metrics, bool tables)
    {
        if (metrics.Accuracy is not { } accuracy) return;
        w.WriteLine($"  {label} accuracy: {F(accuracy)} ({metrics.Rows.ToString(CultureInfo.InvariantCulture)} rows)");
        if (!tables || metrics.Classes is not { } scores) return;
        var classes = scores.Names.Select(Cut).ToList();
        var counts = scores.Confusion.Select(row => row.Select(n => n.ToString(CultureInfo.InvariantCulture)).ToList()).ToList();

        w.WriteLine($"  {label} confusion (rows = true class, columns = predicted):");
        var nameWidth = Math.Max(classes.Max(c => c.Length), 4);
        var cellWidth = Math.Max(classes.Max(c => c.Length), counts.SelectMany(r => r).Max(c => c.Length));
        w.WriteLine("    " + new string(' ', nameWidth) + "  " + string.Join(" ", classes.Select(c => c.PadLeft(cellWidth))));
        for (var t = 0; t < classes.Count; t++)
            w.WriteLine("    " + classes[t].PadRight(nameWidth) + "  " + string.Join(" ", counts[t].Select(c => c.PadLeft(cellWidth))));

        w.WriteLine($"  {label} per class:");
        w.WriteLine("    " + "class".PadRight(nameWidth) + "  precision  recall      f1  support");
        for (var k = 0; k < classes.Count; k++)
        {
            var c = scores.PerClass[k];
            w.WriteLine("    " + classes[k].PadRight(nameWidth) + "  " + F(c.Precision).PadLeft(9) + "  "
                        + F(c.Recall).PadLeft(6) + "  " + F(c.F1).PadLeft(6) + "  " + c.Support.ToString(CultureInfo.InvariantCulture).PadLeft(7));
        }
        var macro = scores.Macro;
        w.WriteLine("    " + "macro".PadRight(nameWidth) + "  " + F(macro.Precision).PadLeft(9) + "  "
                    + F(macro.Recall).PadLeft(6) + "  " + F(macro.F1).PadLeft(6));
    }

    private static string Cut(string name) => name.Length <= MaxName ? name : name[..(MaxName - 1)] + "…";

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
