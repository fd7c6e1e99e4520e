using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The one way this tool writes JSON: keys in the order the tree holds them, two-space indentation, LF line
/// ends, a final newline, doubles in shortest round-trip form (<c>0.1</c>, <c>1E-05</c>, <c>-0</c>), non-finite doubles
/// as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>, and arrays of plain values on one line.</summary>
public static class CanonicalJson
{
    public static string Write(JToken token)
    {
        var sb = new StringBuilder();
        WriteToken(sb, token, 0);
        sb.Append('\n');
        return sb.ToString();
    }

    /// <summary>A double in shortest round-trip form, as a JSON number (or a string for non-finite values).</summary>
    public static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture)
        : double.IsNaN(value) ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"";

    private static void WriteToken(StringBuilder sb, JToken token, int depth)
    {
        switch (token)
        {
            case JObject obj:
                if (!obj.HasValues) { sb.Append("{}"); return; }
                sb.Append("{\n");
                var first = true;
                foreach (var property in obj.Properties())
                {
                    if (!first) sb.Append(",\n");
                    first = false;
                    Indent(sb, depth + 1);
                    sb.Append(JsonConvert.ToString(property.Name)).Append(": ");
                    WriteToken(sb, property.Value, depth + 1);
                }
                sb.Append('\n');
                Indent(sb, depth);
                sb.Append('}');
                return;
            case JArray array:
                if (array.Count == 0) { sb.Append("[]"); return; }
                if (array.All(item => item is JValue))
                {
                    sb.Append('[');
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        WriteToken(sb, array[i], depth);
                    }
                    sb.Append(']');
                    return;
                }
                sb.Append("[\n");
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) sb.Append(",\n");
                    Indent(sb, depth + 1);
                    WriteToken(sb, array[i], depth + 1);
                }
                sb.Append('\n');
                Indent(sb, depth);
                sb.Append(']');
                return;
            case JValue value:
                sb.Append(Value(value));
                return;
            default:
                throw new ArgumentException($"Cannot write a {token.Type} token canonically.");
        }
    }

    private static string Value(JValue value) => value.Type switch
    {
        JTokenType.Null => "null",
        JTokenType.Boolean => (bool)value.Value! ? "true" : "false",
        JTokenType.Integer => Convert.ToString(value.Value, CultureInfo.InvariantCulture)!,
        JTokenType.Float => Number(Convert.ToDouble(value.Value, CultureInfo.InvariantCulture)),
        JTokenType.String => JsonConvert.ToString((string)value.Value!),
        _ => throw new ArgumentException($"Cannot write a {value.Type} value canonically."),
    };

    private static void Indent(StringBuilder sb, int depth) => sb.Append(' ', depth * 2);
}
