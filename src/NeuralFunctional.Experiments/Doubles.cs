using System.Globalization;
using System.Numerics;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>Comparing two doubles as a reproducibility check must: bit for bit, or within a relative tolerance,
/// and how far apart they are in units in the last place (ulps).</summary>
public static class Doubles
{
    /// <summary>Equal when the bits are equal, or (for a tolerance T &gt; 0 and finite values) when
    /// |a − b| ≤ T·max(1, |a|, |b|). With T = 0 this is bit equality: 0 and −0 differ, NaN equals the same NaN.</summary>
    public static bool Same(double a, double b, double tolerance) =>
        BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b)
        || (tolerance > 0 && double.IsFinite(a) && double.IsFinite(b)
            && Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b))));

    /// <summary>The number of doubles between a and b: the distance of their bit patterns mapped to ordered integers
    /// (negative doubles mirrored below zero, so −0 and 0 are both 0). Null when either is NaN.</summary>
    public static ulong? Ulps(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return null;
        var (x, y) = (Ordered(a), Ordered(b));
        return x >= y ? unchecked((ulong)x - (ulong)y) : unchecked((ulong)y - (ulong)x);
    }

    /// <summary>|a − b| / max(|a|, |b|), 0 when both are 0.</summary>
    public static double Relative(double a, double b)
    {
        var scale = Math.Max(Math.Abs(a), Math.Abs(b));
        return scale == 0 ? 0 : Math.Abs(a - b) / scale;
    }

    /// <summary>A JSON value as a double: numbers, and the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>
    /// that <see cref="CanonicalJson"/> writes for non-finite values. Null for anything else.</summary>
    public static double? Of(JToken? token) => token is JValue value ? value.Type switch
    {
        JTokenType.Float or JTokenType.Integer when value.Value is BigInteger big => (double)big,
        JTokenType.Float or JTokenType.Integer => Convert.ToDouble(value.Value, CultureInfo.InvariantCulture),
        JTokenType.String => (string?)value.Value switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => null,
        },
        _ => null,
    } : null;

    /// <summary>Shortest round-trip text of a double, as the output document writes it (<c>NaN</c>, <c>Infinity</c> bare).</summary>
    public static string Text(double value) => CanonicalJson.Number(value).Trim('"');

    private static long Ordered(double x)
    {
        var bits = BitConverter.DoubleToInt64Bits(x);
        return bits < 0 ? long.MinValue - bits : bits;
    }
}
