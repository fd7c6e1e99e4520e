using System.Globalization;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NeuralFunctional.Cli;

/// <summary>Prints a sweep summary as a table: for seed sweeps how each test prediction varies across the seeds of
/// each grid point (min, median, max, spread), else one row per variant (settings, losses, test predictions). A
/// reinforcement-learning sweep shows returns instead: per variant the mean return of the first and of the last window,
/// the goal's episode and a bandit's best arm; across seeds the last window's mean return and the goal's episode. ASCII
/// borders and no colour unless writing to a terminal.</summary>
public static partial class SweepTable
{
    public static void Write(TextWriter writer, JObject summary)
    {
        var reinforcement = (string?)summary["format"] == SweepSummary.ReinforcementFormat;
        var table = summary["variation"] is JArray variation
            ? reinforcement ? ReinforcementVariation(variation, (JArray)summary["rows"]!) : Variation(variation)
            : reinforcement ? ReinforcementVariants((JArray)summary["rows"]!) : Variants((JArray)summary["rows"]!);
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        table.Border = terminal ? TableBorder.Rounded : TableBorder.Ascii;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = terminal ? Math.Max(80, SafeWindowWidth()) : 200;
        console.Write(table);
    }

    /// <summary>One column of a table: its header, its alignment and each row's cell.</summary>
    private sealed record Col(string Header, bool Right, Func<JToken, string> Cell);

    /// <summary>The table of a seed sweep, for either kind: per grid point (its axes and seed count) one line per measured
    /// quantity (<paramref name="lines"/>: the quantity's labels under <paramref name="labels"/>, and its min, median,
    /// max and spread over the seeds).</summary>
    private static Table VariationTable(JArray points, IReadOnlyList<string> labels, Func<JToken, IEnumerable<(IReadOnlyList<string> Labels, JToken Stats)>> lines)
    {
        var axes = points.Count > 0 ? ((JObject)points[0]["overrides"]!).Properties().Select(p => p.Name).ToList() : [];
        var table = new Table();
        foreach (var axis in axes) table.AddColumn(Column(axis));
        table.AddColumn(Column("seeds", right: true));
        foreach (var label in labels) table.AddColumn(Column(label));
        foreach (var h in Spread) table.AddColumn(Column(h, right: true));
        foreach (var point in points)
            foreach (var (cellsOfLabels, stats) in lines(point))
            {
                var cells = axes.Select(a => Value(point["overrides"]![a]!)).ToList();
                cells.Add(Value(point["seeds"]!));
                cells.AddRange(cellsOfLabels);
                cells.AddRange(Spread.Select(k => Value(stats[k]!)));
                table.AddRow(cells.Select(c => (IRenderable)new Text(c)));
            }
        return table;
    }

    private static readonly string[] Spread = ["min", "median", "max", "spread"];

    /// <summary>The table of a sweep without seeds, for either kind: one row per variant (#, its settings, its status),
    /// then <paramref name="measures"/>.</summary>
    private static Table VariantTable(JArray rows, IEnumerable<Col> measures)
    {
        var settings = rows.Count > 0 ? ((JObject)rows[0]["overrides"]!).Properties().Select(p => p.Name).ToList() : [];
        var columns = new List<Col> { new("#", true, r => Value(r["index"]!)) };
        columns.AddRange(settings.Select(s => new Col(s, false, r => Value(r["overrides"]![s]!))));
        columns.Add(new Col("status", false, r => (string)r["status"]!));
        columns.AddRange(measures);
        var table = new Table();
        foreach (var c in columns) table.AddColumn(Column(c.Header, c.Right));
        foreach (var row in rows) table.AddRow(columns.Select(c => (IRenderable)new Text(c.Cell(row))));
        return table;
    }

    private static Table Variation(JArray points)
    {
        var multi = points.Any(p => p["test"]!.Any(t => ((JArray)t["output"]!).Count > 1));
        return VariationTable(points, multi ? ["test row", "output"] : ["test row"], point =>
            point["test"]!.SelectMany(test => ((JArray)test["output"]!).Select((stats, o) =>
                ((IReadOnlyList<string>)(multi ? [(string)test["id"]!, o.ToString(CultureInfo.InvariantCulture)] : [(string)test["id"]!]), stats))));
    }

    private static Table Variants(JArray rows)
    {
        var ids = rows.Count > 0 ? rows[0]["test"]!.Select(t => (string)t["id"]!).ToList() : [];
        var measures = new List<Col> { new("train loss", true, r => r["trainLoss"] is { } l ? Value(l) : "") };
        if (rows.Any(r => r["testLoss"] is not null)) measures.Add(new Col("test loss", true, r => r["testLoss"] is { } t ? Value(t) : ""));
        measures.AddRange(ids.Select((id, k) => new Col(id, true, r => Vector((JArray)r["test"]![k]!["output"]!))));
        return VariantTable(rows, measures);
    }

    private static TableColumn Column(string header, bool right = false)
    {
        var column = new TableColumn(new Text(header)) { NoWrap = true };
        return right ? column.RightAligned() : column;
    }

    private static string Vector(JArray values) => values.Count == 1 ? Value(values[0]) : "[" + string.Join(", ", values.Select(Value)) + "]";

    private static string Value(JToken token) => token switch
    {
        JValue { Type: JTokenType.Float } v => ((double)v).ToString("G4", CultureInfo.InvariantCulture),
        JValue { Type: JTokenType.Boolean } v => (bool)v ? "true" : "false",
        JValue { Type: JTokenType.Integer or JTokenType.String } v => Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? "",
        _ => token.ToString(Newtonsoft.Json.Formatting.None),
    };

    private static int SafeWindowWidth()
    {
        try { return Console.WindowWidth; } catch (IOException) { return 80; }
    }
}
