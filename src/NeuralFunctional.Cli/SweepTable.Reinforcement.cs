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
        var window = Window(rows);
        var measures = new List<Col>
        {
            new("episodes", true, r => Value(r["episodes"]!)),
            new($"mean return, first {window}", true, r => Optional(r["firstMeanReturn"])),
            new($"mean return, last {window}", true, r => Optional(r["lastMeanReturn"])),
        };
        if (rows.Any(r => r["goalReachedAt"] is not null))
            measures.Add(new Col("goal reached at", true, r => r["goalReachedAt"] is JValue { Type: JTokenType.Integer } n ? Value(n) : "not reached"));
        if (rows.Any(r => r["bestArmProbability"] is not null))
            measures.Add(new Col("p(best arm)", true, r => r["bestArmProbability"] is { } p ? $"{Value(p)} (arm {Value(r["bestArm"]!)})" : ""));
        return VariantTable(rows, measures);
    }

    private static Table ReinforcementVariation(JArray points, JArray rows)
    {
        var window = Window(rows);
        return VariationTable(points, ["measure"], point =>
        {
            var quantities = new List<(IReadOnlyList<string>, JToken)> { ([$"mean return, last {window}"], point["lastMeanReturn"]!) };
            if (point["bestArmProbability"] is { } best) quantities.Add((["p(best arm)"], best));
            if (point["goalReachedAt"] is { } reached)
                quantities.Add(([$"goal reached at ({Value(point["goalReached"]!)} of {Value(point["seeds"]!)} seeds)"], reached));
            return quantities;
        });
    }

    /// <summary>The rows' window (<c>training.record.window</c>) when they share one, else "window".</summary>
    private static string Window(JArray rows)
    {
        var windows = rows.Select(r => Value(r["window"]!)).Distinct().ToList();
        return windows.Count == 1 ? windows[0] : "window";
    }

    private static string Optional(JToken? token) => token is null or { Type: JTokenType.Null } ? "" : Value(token);
}
