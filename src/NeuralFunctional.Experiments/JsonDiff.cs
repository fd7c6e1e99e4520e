using System.Globalization;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>One difference between two JSON trees: where (<c>network.layers[0].units</c>) and the value on each side;
/// <see cref="A"/> is null for a key or element only B has (added), <see cref="B"/> null for one only A has (removed).</summary>
public sealed record JsonChange(string Path, JToken? A, JToken? B)
{
    /// <summary><c>added</c>, <c>removed</c> or <c>changed</c>.</summary>
    public string Kind => A is null ? "added" : B is null ? "removed" : "changed";
}

/// <summary>A structural diff of two JSON trees: objects key by key (A's keys in A's order, then keys only B has),
/// arrays element by element by index, values exactly (numbers bit for bit, integers digit for digit).</summary>
public static class JsonDiff
{
    /// <summary>Every difference, in document order; empty when the trees are equal.</summary>
    public static ImmutableArray<JsonChange> Compare(JToken? a, JToken? b)
    {
        var changes = ImmutableArray.CreateBuilder<JsonChange>();
        Walk("", a, b, changes);
        return changes.ToImmutable();
    }

    private static void Walk(string path, JToken? a, JToken? b, ImmutableArray<JsonChange>.Builder into)
    {
        switch (a, b)
        {
            case (null, null):
                return;
            case (JObject x, JObject y):
                foreach (var p in x.Properties())
                    Walk(JsonShape.Child(path, p.Name), p.Value, y.Property(p.Name, StringComparison.Ordinal)?.Value, into);
                foreach (var p in y.Properties().Where(p => x.Property(p.Name, StringComparison.Ordinal) is null))
                    Walk(JsonShape.Child(path, p.Name), null, p.Value, into);
                return;
            case (JArray x, JArray y):
                for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
                    Walk(JsonShape.Index(path, i), i < x.Count ? x[i] : null, i < y.Count ? y[i] : null, into);
                return;
            default:
                if (a is null || b is null || !SameValue(a, b)) into.Add(new JsonChange(path, a, b));
                return;
        }
    }

    /// <summary>Two JSON values are the same when both are integers with the same digits, both numbers with the same
    /// double bits, or otherwise deeply equal.</summary>
    public static bool SameValue(JToken a, JToken b)
    {
        if (a is JValue { Type: JTokenType.Integer } x && b is JValue { Type: JTokenType.Integer } y)
            return Digits(x) == Digits(y);
        if (a is JValue { Type: JTokenType.Integer or JTokenType.Float } && b is JValue { Type: JTokenType.Integer or JTokenType.Float })
            return BitConverter.DoubleToInt64Bits(Doubles.Of(a)!.Value) == BitConverter.DoubleToInt64Bits(Doubles.Of(b)!.Value);
        return JToken.DeepEquals(a, b);
    }

    private static string Digits(JValue v) => Convert.ToString(v.Value, CultureInfo.InvariantCulture)!;
}
