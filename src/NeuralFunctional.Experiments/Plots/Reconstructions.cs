using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments.Plots;

/// <summary>One row's input (as the network saw it: the document's fitted transforms applied to the row's x) and the
/// autoencoder's reconstruction of it.</summary>
public sealed record ReconstructedRow(string Id, string? Class, bool IsTest, ImmutableArray<double> Input, ImmutableArray<double> Output, double? Error);

/// <summary>A few rows of an autoencoder's output document, input beside reconstruction. <see cref="ImageRows"/> and
/// <see cref="ImageColumns"/> give the picture shape for the inputs that are small images (64 values: 8×8,
/// 35 values: 7 rows of 5); both are 0 otherwise (drawn as bars).</summary>
public sealed record Reconstructions(string File, ImmutableArray<ReconstructedRow> Rows, int ImageRows, int ImageColumns)
{
    /// <summary>How many rows are shown by default.</summary>
    public const int DefaultCount = 10;

    /// <summary>Up to <paramref name="count"/> rows: the first row (training rows first, then test rows) of each class
    /// in class order, then further rows in order until there are <paramref name="count"/>.</summary>
    public static Validation<ExperimentError, Reconstructions> Of(string file, JObject doc, int count = DefaultCount)
    {
        if ((string?)doc["experiment"]?["training"]?["objective"] != "reconstruct")
            return Fail<ExperimentError, Reconstructions>(ErrorCatalog.PlotNeedsReconstructions(new Site(file, "experiment.training.objective", null, null)));
        var all = BottleneckCodes.PredictionRows(doc)
            .Where(r => r.Row["x"] is JArray && r.Row["output"] is JArray)
            .Select(r => new ReconstructedRow((string?)r.Row["id"] ?? "", BottleneckCodes.ClassOf(r.Row["y"]), r.IsTest,
                Transformed(doc, Numbers(r.Row["x"]!)), Numbers(r.Row["output"]!), Doubles.Of(r.Row["reconstructionError"])))
            .ToList();
        if (all.Count == 0)
            return Fail<ExperimentError, Reconstructions>(ErrorCatalog.PlotNeedsReconstructions(new Site(file, "predictions", null, null)));
        var classes = BottleneckCodes.Ordered(all.Select(r => r.Class).OfType<string>().Distinct(StringComparer.Ordinal));
        var firstOfClass = classes.Select(c => all.First(r => r.Class == c));
        var ordered = firstOfClass.Concat(all).Distinct().Take(count).ToImmutableArray();
        var (rows, columns) = ImageShape(ordered[0].Input.Length);
        return Success<ExperimentError, Reconstructions>(new Reconstructions(file, ordered, rows, columns));
    }

    /// <summary>The picture shape of an input of <paramref name="length"/> values: 8×8 for 64, 7 rows of 5 for 35, (0, 0) otherwise.</summary>
    public static (int Rows, int Columns) ImageShape(int length) => length switch
    {
        64 => (8, 8),
        35 => (7, 5),
        _ => (0, 0),
    };

    /// <summary>A raw input with the document's recorded transforms applied in order: x'_k = (x_k − offset_k) / scale_k
    /// (what the reconstruction is compared with).</summary>
    public static ImmutableArray<double> Transformed(JObject doc, ImmutableArray<double> raw) =>
        (doc["transform"] as JArray ?? []).Aggregate(raw, (x, t) =>
            t["offset"] is JArray offset && t["scale"] is JArray scale && offset.Count == x.Length && scale.Count == x.Length
                ? x.Select((v, k) => (v - (Doubles.Of(offset[k]) ?? 0)) / (Doubles.Of(scale[k]) ?? 1)).ToImmutableArray()
                : x);

    private static ImmutableArray<double> Numbers(JToken array) =>
        array.Select(v => Doubles.Of(v) ?? double.NaN).ToImmutableArray();
}
