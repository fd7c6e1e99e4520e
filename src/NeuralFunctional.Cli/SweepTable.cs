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

    private static Table Variation(JArray points)
    {
        var axes = points.Count > 0 ? ((JObject)points[0]["overrides"]!).Properties().Select(p => p.Name).ToList() : [];
        var multi = points.Any(p => p["test"]!.Any(t => ((JArray)t["output"]!).Count > 1));
        var table = new Table();
        foreach (var axis in axes) table.AddColumn(Column(axis));
        table.AddColumn(Column("seeds", right: true));
        table.AddColumn(Column("test row"));
        if (multi) table.AddColumn(Column("output", right: true));
        foreach (var h in new[] { "min", "median", "max", "spread" }) table.AddColumn(Column(h, right: true));
        foreach (var point in points)
            foreach (var test in point["test"]!)
            {
                var outputs = (JArray)test["output"]!;
                for (var o = 0; o < outputs.Count; o++)
                {
                    var cells = axes.Select(a => Value(point["overrides"]![a]!)).ToList();
                    cells.Add(Value(point["seeds"]!));
                    cells.Add((string)test["id"]!);
                    if (multi) cells.Add(o.ToString(CultureInfo.InvariantCulture));
                    cells.AddRange(new[] { "min", "median", "max", "spread" }.Select(k => Value(outputs[o][k]!)));
                    table.AddRow(cells.Select(c => (IRenderable)new Text(c)));
                }
            }
        return table;
    }

    private static Table Variants(JArray rows)
    {
        var settings = rows.Count > 0 ? ((JObject)rows[0]["overrides"]!).Properties().Select(p => p.Name).ToList() : [];
        var ids = rows.Count > 0 ? rows[0]["test"]!.Select(t => (string)t["id"]!).ToList() : [];
        var testLoss = rows.Any(r => r["testLoss"] is not null);
        var table = new Table();
        table.AddColumn(Column("#", right: true));
        foreach (var s in settings) table.AddColumn(Column(s));
        table.AddColumn(Column("status"));
        table.AddColumn(Column("train loss", right: true));
        if (testLoss) table.AddColumn(Column("test loss", right: true));
        foreach (var id in ids) table.AddColumn(Column(id, right: true));
        foreach (var row in rows)
        {
            var cells = new List<string> { Value(row["index"]!) };
            cells.AddRange(settings.Select(s => Value(row["overrides"]![s]!)));
            cells.Add((string)row["status"]!);
            cells.Add(row["trainLoss"] is { } l ? Value(l) : "");
            if (testLoss) cells.Add(row["testLoss"] is { } t ? Value(t) : "");
            cells.AddRange(row["test"]!.Select(t => Vector((JArray)t["output"]!)));
            table.AddRow(cells.Select(c => (IRenderable)new Text(c)));
        }
        return table;
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
