using System.Globalization;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary>Prints a set's metrics from the output document: accuracy, the confusion matrix (rows = true class,
/// columns = predicted) and the per-class precision, recall, F1 and support, as plain aligned text.</summary>
public static class MetricsSummary
{
    /// <summary>Longest class name shown in a column header; longer names are cut.</summary>
    private const int MaxName = 12;

    /// <summary>The accuracy line, and with <paramref name="tables"/> the confusion matrix and per-class table.</summary>
    public static void Print(TextWriter w, string label, JToken? metrics, bool tables)
    {
        if (metrics is null || metrics["accuracy"] is not { } accuracy) return;
        w.WriteLine($"  {label} accuracy: {F((double)accuracy)} ({metrics["rows"]} rows)");
        if (!tables || metrics["classes"] is not JArray classArray || metrics["confusion"] is not JArray confusion) return;
        var classes = classArray.Select(c => Cut((string)c!)).ToList();
        var counts = confusion.Select(row => row.Select(n => ((int)n!).ToString(CultureInfo.InvariantCulture)).ToList()).ToList();

        w.WriteLine($"  {label} confusion (rows = true class, columns = predicted):");
        var nameWidth = Math.Max(classes.Max(c => c.Length), 4);
        var cellWidth = Math.Max(classes.Max(c => c.Length), counts.SelectMany(r => r).Max(c => c.Length));
        w.WriteLine("    " + new string(' ', nameWidth) + "  " + string.Join(" ", classes.Select(c => c.PadLeft(cellWidth))));
        for (var t = 0; t < classes.Count; t++)
            w.WriteLine("    " + classes[t].PadRight(nameWidth) + "  " + string.Join(" ", counts[t].Select(c => c.PadLeft(cellWidth))));

        w.WriteLine($"  {label} per class:");
        w.WriteLine("    " + "class".PadRight(nameWidth) + "  precision  recall      f1  support");
        foreach (var c in (JArray)metrics["perClass"]!)
            w.WriteLine("    " + Cut((string)c["class"]!).PadRight(nameWidth) + "  " + F((double)c["precision"]!).PadLeft(9) + "  "
                        + F((double)c["recall"]!).PadLeft(6) + "  " + F((double)c["f1"]!).PadLeft(6) + "  " + ((int)c["support"]!).ToString(CultureInfo.InvariantCulture).PadLeft(7));
        if (metrics["macro"] is { } macro)
            w.WriteLine("    " + "macro".PadRight(nameWidth) + "  " + F((double)macro["precision"]!).PadLeft(9) + "  "
                        + F((double)macro["recall"]!).PadLeft(6) + "  " + F((double)macro["f1"]!).PadLeft(6));
    }

    private static string Cut(string name) => name.Length <= MaxName ? name : name[..(MaxName - 1)] + "…";

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
