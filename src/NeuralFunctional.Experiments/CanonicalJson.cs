using System.Globalization;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The one way this tool writes JSON: keys in the order the tree holds them, two-space indentation, LF line
/// ends, a final newline, doubles in shortest round-trip form (<c>0.1</c>, <c>1E-05</c>, <c>-0</c>), non-finite doubles
/// as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>, and arrays of plain values on one line.</summary>
public static class CanonicalJson
{
    /// <summary>The canonical text of <paramref name="token"/>, with a final newline (<see cref="CanonicalWriter"/>).</summary>
    public static string Write(JToken token)
    {
        var writer = new CanonicalWriter();
        writer.Token(token);
        return writer.Finish();
    }

    /// <summary>A double in shortest round-trip form, as a JSON number (or a string for non-finite values).</summary>
    public static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture)
        : double.IsNaN(value) ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
}
