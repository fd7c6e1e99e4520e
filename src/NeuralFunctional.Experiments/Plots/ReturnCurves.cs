using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments.Plots;

/// <summary>One reinforcement-learning run's episode returns (episode n counted from 1), their mean over the last
/// <see cref="Window"/> episodes at each episode (as the run's goal and trace compute it), and the goal: the mean return
/// it asks for and the episode that reached it (null when none did, or there is no goal).</summary>
public sealed record ReturnSeries(string Label, ImmutableArray<double> Episodes, ImmutableArray<double> Returns,
    ImmutableArray<double> MeanReturns, int Window, double? Goal, int? ReachedAt);

/// <summary>The learning curves of reinforcement-learning output documents (<c>nf plot --kind returns</c>): every
/// episode's return and its moving mean, labelled as loss curves are (what differs in the configuration).</summary>
public static class ReturnCurves
{
    /// <summary>True for a reinforcement-learning output document.</summary>
    public static bool IsReinforcement(JObject doc) => (string?)doc["format"] == ReinforcementDocument.Format;

    /// <summary>The curves of <paramref name="docs"/>, or for each document that is not a reinforcement-learning output
    /// an error saying which kinds draw it.</summary>
    public static Validation<ExperimentError, ImmutableArray<ReturnSeries>> Of(IReadOnlyList<(string File, JObject Doc)> docs)
    {
        var wrong = docs.Where(d => !IsReinforcement(d.Doc)).Select(d => ErrorCatalog.PlotNeedsReturns(new Site(d.File, "format", null, null))).ToList();
        if (wrong.Count > 0) return Fail<ExperimentError, ImmutableArray<ReturnSeries>>(toSeq(wrong));
        var labels = LossCurves.Labels(docs.Select(d => d.Doc).ToList());
        return Success<ExperimentError, ImmutableArray<ReturnSeries>>(docs.Select((d, i) => Series(labels[i], d.Doc)).ToImmutableArray());
    }

    private static ReturnSeries Series(string label, JObject doc)
    {
        var returns = (doc["returns"] as JArray ?? []).Select(v => Doubles.Of(v) ?? double.NaN).ToList();
        var window = (int?)doc["experiment"]?["training"]?["record"]?["window"] ?? 100;
        var means = Enumerable.Range(1, returns.Count).Select(n => ReinforcementRunner.MeanOfLast(returns.GetRange(0, n), window)).ToImmutableArray();
        var goal = doc["goal"] is JObject g ? Doubles.Of(g["meanReturn"]) : null;
        var reached = doc["goal"]?["reachedAt"] is JValue { Type: JTokenType.Integer } r ? (int?)r : null;
        return new ReturnSeries(label, Enumerable.Range(1, returns.Count).Select(n => (double)n).ToImmutableArray(),
            [.. returns], means, window, goal, reached);
    }
}
