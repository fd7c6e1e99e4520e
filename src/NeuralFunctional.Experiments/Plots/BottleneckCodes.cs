using System.Globalization;
using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments.Plots;

/// <summary>One row's 2-unit bottleneck code, with the class of its (unused) label: the index of the largest value of
/// a one-hot label, the value of a one-number label, <c>null</c> for an unlabelled row.</summary>
public sealed record CodePoint(string Id, double X, double Y, string? Class, bool IsTest);

/// <summary>The bottleneck codes of an autoencoder's output document, one point per prediction row (training rows
/// first, then test rows), and the classes (numeric order when they are numbers).</summary>
public sealed record BottleneckCodes(string File, ImmutableArray<CodePoint> Points, ImmutableArray<string> Classes)
{
    /// <summary>The codes of every prediction row; an error unless every row has a <c>code</c> of exactly 2 numbers.</summary>
    public static Validation<ExperimentError, BottleneckCodes> Of(string file, JObject doc)
    {
        var rows = PredictionRows(doc).ToList();
        if (rows.Count == 0)
            return Fail<ExperimentError, BottleneckCodes>(ErrorCatalog.PlotNeedsCodes(new Site(file, "predictions", null, null), "this document has no prediction rows"));
        var bad = rows.FirstOrDefault(r => r.Row["code"] is not JArray { Count: 2 } code || code.Any(v => Doubles.Of(v) is null));
        if (bad.Row is not null)
        {
            var found = bad.Row["code"] is JArray c ? $"row `{(string?)bad.Row["id"]}` has a code of {c.Count} numbers" : "its rows have no code";
            return Fail<ExperimentError, BottleneckCodes>(ErrorCatalog.PlotNeedsCodes(new Site(file, bad.Path, null, null), found));
        }
        var points = rows.Select(r => new CodePoint((string?)r.Row["id"] ?? "", Doubles.Of(r.Row["code"]![0])!.Value,
            Doubles.Of(r.Row["code"]![1])!.Value, ClassOf(r.Row["y"]), r.IsTest)).ToImmutableArray();
        var classes = Ordered(points.Select(p => p.Class).OfType<string>().Distinct(StringComparer.Ordinal));
        return Success<ExperimentError, BottleneckCodes>(new BottleneckCodes(file, points, classes));
    }

    /// <summary>The mean code of the rows of class <paramref name="name"/> (where its label is drawn when there are many points).</summary>
    public (double X, double Y) Centre(string name)
    {
        var members = Points.Where(p => p.Class == name).ToList();
        var (x, y) = members.Aggregate((0.0, 0.0), (sum, p) => (sum.Item1 + p.X, sum.Item2 + p.Y));
        return members.Count == 0 ? (double.NaN, double.NaN) : (x / members.Count, y / members.Count);
    }

    /// <summary>Above this many points, each class is labelled once at its <see cref="Centre"/>, not at every point.</summary>
    public const int MaxLabelledPoints = 60;

    /// <summary>The class of a label: argmax (first largest) of a one-hot label of several values, the value itself
    /// for one number, <c>null</c> when there is none.</summary>
    public static string? ClassOf(JToken? y)
    {
        var values = y is JArray a ? a.Select(Doubles.Of).ToList() : [];
        if (values.Count == 0 || values.Any(v => v is null)) return null;
        if (values.Count == 1) return values[0]!.Value.ToString("R", CultureInfo.InvariantCulture);
        var best = 0;
        for (var i = 1; i < values.Count; i++)
            if (values[i]!.Value > values[best]!.Value) best = i;
        return best.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Class names in numeric order when every one is a number (argmax indices, numeric labels), else in order
    /// of first appearance.</summary>
    public static ImmutableArray<string> Ordered(IEnumerable<string> classes)
    {
        var list = classes.ToList();
        var numbers = list.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null).ToList();
        return numbers.All(n => n is not null)
            ? list.Select((c, i) => (Name: c, Value: numbers[i]!.Value)).OrderBy(x => x.Value).Select(x => x.Name).ToImmutableArray()
            : list.ToImmutableArray();
    }

    /// <summary>Every prediction row with its JSON path and whether it is a test row (training rows first).</summary>
    public static IEnumerable<(JObject Row, string Path, bool IsTest)> PredictionRows(JObject doc) =>
        new[] { ("train", false), ("test", true) }.SelectMany(set =>
            (doc["predictions"]?[set.Item1] as JArray ?? []).OfType<JObject>()
                .Select((row, i) => (row, $"predictions.{set.Item1}[{i}]", set.Item2)));
}
