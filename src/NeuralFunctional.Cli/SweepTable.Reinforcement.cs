using Newtonsoft.Json.Linq;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NeuralFunctional.Cli;

/// <summary>The tables of a reinforcement-learning sweep: per variant its returns (first and last window, the goal's
/// episode, a bandit's best arm); across seeds the spread of the last window's mean return, the best arm's probability
/// and the goal's episode.</summary>
public static partial class SweepTable
{
    private static Table ReinforcementVariants(JArray rows)
    {
        var settings = rows.Count > 0 ? ((JObject)rows[0]["overrides"]!).Properties().Select(p => p.Name).ToList() : [];
        var window = Window(rows);
        var goal = rows.Any(r => r["goalReachedAt"] is not null);
        var arms = rows.Any(r => r["bestArmProbability"] is not null);
        var table = new Table();
        table.AddColumn(Column("#", right: true));
        foreach (var s in settings) table.AddColumn(Column(s));
        table.AddColumn(Column("status"));
        table.AddColumn(Column("episodes", right: true));
        table.AddColumn(Column($"mean return, first {window}", right: true));
        table.AddColumn(Column($"mean return, last {window}", right: true));
        if (goal) table.AddColumn(Column("goal reached at", right: true));
        if (arms) table.AddColumn(Column("p(best arm)", right: true));
        foreach (var row in rows)
        {
            var cells = new List<string> { Value(row["index"]!) };
            cells.AddRange(settings.Select(s => Value(row["overrides"]![s]!)));
            cells.Add((string)row["status"]!);
            cells.Add(Value(row["episodes"]!));
            cells.Add(Optional(row["firstMeanReturn"]));
            cells.Add(Optional(row["lastMeanReturn"]));
            if (goal) cells.Add(row["goalReachedAt"] is JValue { Type: JTokenType.Integer } n ? Value(n) : "not reached");
            if (arms) cells.Add(row["bestArmProbability"] is { } p ? $"{Value(p)} (arm {Value(row["bestArm"]!)})" : "");
            table.AddRow(cells.Select(c => (IRenderable)new Text(c)));
        }
        return table;
    }

    private static Table ReinforcementVariation(JArray points, JArray rows)
    {
        var axes = points.Count > 0 ? ((JObject)points[0]["overrides"]!).Properties().Select(p => p.Name).ToList() : [];
        var window = Window(rows);
        var table = new Table();
        foreach (var axis in axes) table.AddColumn(Column(axis));
        table.AddColumn(Column("seeds", right: true));
        table.AddColumn(Column("measure"));
        foreach (var h in new[] { "min", "median", "max", "spread" }) table.AddColumn(Column(h, right: true));
        foreach (var point in points)
        {
            var quantities = new List<(string Label, JToken Stats)> { ($"mean return, last {window}", point["lastMeanReturn"]!) };
            if (point["bestArmProbability"] is { } best) quantities.Add(("p(best arm)", best));
            if (point["goalReachedAt"] is { } reached)
                quantities.Add(($"goal reached at ({Value(point["goalReached"]!)} of {Value(point["seeds"]!)} seeds)", reached));
            foreach (var (label, stats) in quantities)
            {
                var cells = axes.Select(a => Value(point["overrides"]![a]!)).ToList();
                cells.Add(Value(point["seeds"]!));
                cells.Add(label);
                cells.AddRange(new[] { "min", "median", "max", "spread" }.Select(k => Value(stats[k]!)));
                table.AddRow(cells.Select(c => (IRenderable)new Text(c)));
            }
        }
        return table;
    }

    /// <summary>The rows' window (<c>training.record.window</c>) when they share one, else "window".</summary>
    private static string Window(JArray rows)
    {
        var windows = rows.Select(r => Value(r["window"]!)).Distinct().ToList();
        return windows.Count == 1 ? windows[0] : "window";
    }

    private static string Optional(JToken? token) => token is null or { Type: JTokenType.Null } ? "" : Value(token);
}
