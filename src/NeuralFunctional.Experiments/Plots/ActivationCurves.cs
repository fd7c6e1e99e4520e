using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments.Plots;

/// <summary>One activation's curve from a curves document: its label, the z values, a(z) and a'(z).</summary>
public sealed record ActivationCurveSeries(string Label, ImmutableArray<double> Z, ImmutableArray<double> A, ImmutableArray<double> Derivative);

/// <summary>The curves of a curves document (<c>nf run experiments/activations.json</c>), ready to draw.</summary>
public static class ActivationCurves
{
    public static Validation<ExperimentError, ImmutableArray<ActivationCurveSeries>> Of(string file, JObject doc)
    {
        if ((string?)doc["format"] != Curves.Format)
            return Fail<ExperimentError, ImmutableArray<ActivationCurveSeries>>(ErrorCatalog.PlotNeedsCurves(new Site(file, "format", null, null)));
        return Success<ExperimentError, ImmutableArray<ActivationCurveSeries>>((doc["curves"] as JArray ?? [])
            .OfType<JObject>()
            .Select(c => new ActivationCurveSeries(Label(c["activation"]), Numbers(c["z"]), Numbers(c["a"]), Numbers(c["derivative"])))
            .ToImmutableArray());
    }

    /// <summary><c>sigmoid</c>, or <c>leakyRelu (alpha 0.1)</c> for an activation with parameters.</summary>
    public static string Label(JToken? activation) => activation switch
    {
        JValue { Type: JTokenType.String } s => (string)s!,
        JObject o => (string?)o["kind"] + (o.Properties().Where(p => p.Name != "kind").Select(p => $"{p.Name} {Doubles.Text(Doubles.Of(p.Value) ?? double.NaN)}").ToList()
            is { Count: > 0 } ps ? $" ({string.Join(", ", ps)})" : ""),
        _ => "?",
    };

    private static ImmutableArray<double> Numbers(JToken? values) =>
        (values as JArray ?? []).Select(v => Doubles.Of(v) ?? double.NaN).ToImmutableArray();
}
