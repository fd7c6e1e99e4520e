using System.Text;

namespace NeuralFunctional.Experiments;

/// <summary>Plain-text tables that read well in a terminal and in a log: columns padded to their widest cell, two
/// spaces apart, no colours, no trailing spaces.</summary>
public static class TextTable
{
    public static string Render(IReadOnlyList<IReadOnlyList<string>> rows, string indent = "  ")
    {
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Count ? r[c].Length : 0)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            var line = new StringBuilder(indent);
            for (var c = 0; c < row.Count; c++)
                line.Append(c == row.Count - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            sb.Append(line.ToString().TrimEnd()).Append('\n');
        }
        return sb.ToString();
    }
}
