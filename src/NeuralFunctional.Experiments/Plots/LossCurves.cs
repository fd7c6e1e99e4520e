using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments.Plots;

/// <summary>One run's recorded training loss: the trace's epochs and losses, labelled.</summary>
public sealed record LossSeries(string Label, ImmutableArray<double> Epochs, ImmutableArray<double> Losses);

/// <summary>Loss curves of one or several output documents, each labelled by what differs in its configuration from
/// the others (<c>learningRate=1</c>, from <see cref="JsonDiff"/> of the recorded experiments, name and description
/// left out), or by its experiment name when nothing (or too much) differs.</summary>
public static partial class LossCurves
{
    /// <summary>Longest label made of configuration differences; a longer one falls back to the experiment name.</summary>
    public const int MaxLabel = 48;

    private static readonly string[] Ignored = ["name", "description"];

    public static ImmutableArray<LossSeries> Of(IReadOnlyList<JObject> docs) =>
        docs.Zip(Labels(docs), (d, label) => new LossSeries(label, Numbers(d, "epoch"), Numbers(d, "loss"))).ToImmutableArray();

    /// <summary>Each document's label: what differs in its recorded experiment from the others', or its name.</summary>
    public static ImmutableArray<string> Labels(IReadOnlyList<JObject> docs)
    {
        var paths = docs.Skip(1)
            .SelectMany(d => JsonDiff.Compare(docs[0]["experiment"], d["experiment"]))
            .Select(c => c.Path).Where(p => !Ignored.Contains(p)).Distinct().ToList();
        return docs.Select(d => Label(d, paths)).ToImmutableArray();
    }

    /// <summary>True when a logarithmic loss axis shows the curves better: every loss positive and finite, spanning
    /// more than two orders of magnitude.</summary>
    public static bool WantsLogScale(IEnumerable<LossSeries> series)
    {
        var all = series.SelectMany(s => s.Losses).ToList();
        return all.Count > 0 && all.All(v => v > 0 && double.IsFinite(v)) && all.Max() / all.Min() > 100;
    }

    private static string Label(JObject doc, IReadOnlyList<string> paths)
    {
        var name = (string?)doc["experiment"]?["name"] ?? "run";
        var parts = paths.Select(p => (Key: ShortName(p), Value: doc["experiment"]?.SelectToken(p)))
            .Where(x => x.Value is not null)
            .Select(x => $"{x.Key}={Text(x.Value!)}").Distinct().ToList();
        var label = string.Join(", ", parts);
        return label.Length == 0 || label.Length > MaxLabel ? name : label;
    }

    /// <summary>The last property name on a path (<c>training.optimizer.learningRate</c> → <c>learningRate</c>);
    /// <c>.kind</c> and indices name their parent (<c>network.layers[0].activation.kind</c> → <c>activation</c>).</summary>
    public static string ShortName(string path)
    {
        var names = Segment().Matches(path).Select(m => m.Value).Where(n => n != "kind").ToList();
        return names.Count == 0 ? path : names[^1];
    }

    private static string Text(JToken value) => value switch
    {
        JValue { Type: JTokenType.String } s => (string)s!,
        JValue v when Doubles.Of(v) is { } d && v.Type == JTokenType.Float => Doubles.Text(d),
        JObject o when o["kind"] is JValue k => (string)k! + (o.Count > 1 ? o.ToString(Newtonsoft.Json.Formatting.None) : ""),
        _ => value.ToString(Newtonsoft.Json.Formatting.None),
    };

    private static ImmutableArray<double> Numbers(JObject doc, string key) =>
        (doc["trace"] as JArray ?? []).Select(p => Doubles.Of(p[key]) ?? double.NaN).ToImmutableArray();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Segment();
}
