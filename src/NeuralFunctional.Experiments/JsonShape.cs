using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace NeuralFunctional.Experiments;

/// <summary>Checks a JSON tree against the DTO classes (the keys each object may hold, the JSON type of each value,
/// finite numbers, integer ranges) and returns a clean copy holding only what passed, so that deserializing it cannot
/// fail. Every problem is recorded, not just the first; a value that fails is left out of the copy and its path is
/// "poisoned", so later checks do not report it again as missing or mis-sized. Driven by the DTOs' Newtonsoft
/// contracts: the DTO classes are the one list of keys.</summary>
internal sealed partial class JsonShape(string file)
{
    private static readonly DefaultContractResolver Resolver = new();
    private readonly List<ExperimentError> errors = [];

    public IReadOnlyList<ExperimentError> Errors => errors;

    public Locator Locator { get; } = new(file);

    /// <summary>The serializer that turns a clean copy into DTOs (unknown keys would be errors, but the copy has none).</summary>
    public static JsonSerializer Serializer() => JsonSerializer.Create(new JsonSerializerSettings
    {
        MissingMemberHandling = MissingMemberHandling.Error,
        FloatParseHandling = FloatParseHandling.Double,
        DateParseHandling = DateParseHandling.None,
        MaxDepth = 64,
    });

    /// <summary>The clean copy of <paramref name="token"/> read as <paramref name="type"/>, or null if it does not
    /// have that shape at all (then the error is recorded and <paramref name="path"/> poisoned).</summary>
    public JToken? Check(JToken token, Type type, string path)
    {
        Locator.Remember(path, token);
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var clean = target switch
        {
            _ when target == typeof(string) => token.Type == JTokenType.String ? new JValue((string?)token) : Wrong(token, path, "a string"),
            _ when target == typeof(bool) => token.Type == JTokenType.Boolean ? new JValue((bool)token) : Wrong(token, path, "true or false"),
            _ when target == typeof(double) => Number(token, path),
            _ when target == typeof(int) => Integer(token, path, int.MinValue, int.MaxValue, "an integer"),
            _ when target == typeof(ulong) => Integer(token, path, 0, ulong.MaxValue, "a whole number ≥ 0"),
            _ when target == typeof(ActivationDto) && token.Type == JTokenType.String => new JValue((string?)token),
            _ when target == typeof(ValuesDto) => Values(token, path),
            _ when target == typeof(JToken) => token.DeepClone(),
            _ when target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>) => List(token, target.GetGenericArguments()[0], path),
            _ when Resolver.ResolveContract(target) is JsonDictionaryContract map => Map(token, map.DictionaryValueType!, path),
            _ when Resolver.ResolveContract(target) is JsonObjectContract contract => Object(token, contract, path),
            _ => throw new InvalidOperationException($"JsonShape cannot check {target.Name}."),
        };
        if (clean is null) Locator.Poison(path);
        return clean;
    }

    private JObject? Object(JToken token, JsonObjectContract contract, string path)
    {
        if (token is not JObject obj)
            return (JObject?)Wrong(token, path, contract.UnderlyingType == typeof(ActivationDto) ? "an activation name or object" : "an object");
        var clean = new JObject();
        var allowed = contract.Properties.Where(p => !p.Ignored).Select(p => p.PropertyName!).ToList();
        foreach (var property in obj.Properties())
        {
            var childPath = Child(path, property.Name);
            var declared = contract.Properties.GetClosestMatchProperty(property.Name);
            if (declared is null || declared.Ignored || declared.PropertyName != property.Name)
            {
                Locator.Remember(childPath, property);
                errors.Add(ErrorCatalog.UnknownKey(Locator.At(childPath), property.Name, allowed.Where(a => a != "$schema")));
                Locator.Poison(childPath);
                continue;
            }
            if (property.Value.Type == JTokenType.Null) { Locator.Remember(childPath, property.Value); continue; }
            var value = Check(property.Value, declared.PropertyType!, childPath);
            if (value is not null) clean.Add(property.Name, value);
        }
        return clean;
    }

    /// <summary>An object whose keys are free (a sweep grid's paths): each value checked as <paramref name="value"/>.</summary>
    private JObject? Map(JToken token, Type value, string path)
    {
        if (token is not JObject obj) return (JObject?)Wrong(token, path, "an object");
        var clean = new JObject();
        foreach (var property in obj.Properties())
        {
            var childPath = Child(path, property.Name);
            Locator.Remember(childPath, property);
            var checkedValue = property.Value.Type == JTokenType.Null ? Wrong(property.Value, childPath, Describe(value)) : Check(property.Value, value, childPath);
            if (checkedValue is not null) clean.Add(property.Name, checkedValue);
        }
        return clean;
    }

    /// <summary>A list's elements are checked one by one. A bad object element is kept as <c>{}</c> (so the others keep
    /// their indices and are still checked); a bad plain element drops the whole list.</summary>
    private JArray? List(JToken token, Type element, string path)
    {
        if (token is not JArray array) return (JArray?)Wrong(token, path, Describe(element));
        if (Plain(array, element) is { } plain) return plain;
        var clean = new JArray();
        var whole = true;
        for (var i = 0; i < array.Count; i++)
        {
            var value = array[i].Type == JTokenType.Null ? Wrong(array[i], Index(path, i), Describe(element)) : Check(array[i], element, Index(path, i));
            if (value is not null) clean.Add(value);
            else if (Resolver.ResolveContract(element) is JsonObjectContract) clean.Add(new JObject());
            else whole = false;
        }
        return whole ? clean : null;
    }

    /// <summary>The clean copy of an array of finite numbers (<paramref name="element"/> double), or of arrays of them
    /// (List&lt;double&gt;), when every element is one: the common case of a data file's rows, checked without a path or
    /// a located token per number (<see cref="Locator.At"/> finds an element from its array). Null otherwise: the
    /// element-by-element check then finds and reports what is wrong.</summary>
    private static JArray? Plain(JArray array, Type element)
    {
        if (element == typeof(double)) return Numbers(array);
        if (element != typeof(List<double>)) return null;
        var clean = new JArray();
        foreach (var item in array)
        {
            if (item is not JArray inner || Numbers(inner) is not { } numbers) return null;
            clean.Add(numbers);
        }
        return clean;
    }

    /// <summary>The clean copy of an array whose every element is a finite number (as <see cref="Number"/> reads it), else null.</summary>
    private static JArray? Numbers(JArray array)
    {
        var values = new JValue[array.Count];
        for (var i = 0; i < values.Length; i++)
        {
            double x;
            switch (array[i])
            {
                case JValue { Type: JTokenType.Float, Value: double d }: x = d; break;
                case JValue { Type: JTokenType.Integer, Value: long l }: x = l; break;
                default: return null;
            }
            if (!double.IsFinite(x)) return null;
            values[i] = new JValue(x);
        }
        return new JArray(values);
    }

    /// <summary>A row's x or y: an array of numbers, or (when it holds any array) an array of arrays of numbers. When every
    /// number is finite the clean copy holds each vector packed (<see cref="Packed"/>), not one token per number.</summary>
    private JToken? Values(JToken token, string path)
    {
        if (token is not JArray array) return List(token, typeof(double), path);
        if (array.Any(e => e.Type == JTokenType.Array))
        {
            var steps = new JToken[array.Count];
            for (var i = 0; i < steps.Length; i++)
                if (array[i] is not JArray step || Packed(step) is not { } packed) return List(token, typeof(List<double>), path);
                else steps[i] = packed;
            return new JArray(steps);
        }
        return (JToken?)Packed(array) ?? List(token, typeof(double), path);
    }

    /// <summary>An array whose every element is a finite number (as <see cref="Number"/> reads it) as one value: its doubles'
    /// bytes (a JSON <c>bytes</c> token, which <see cref="ValuesDtoConverter"/> reads back as the vector), else null.
    /// A data file's rows are most of its tokens; this keeps their clean copy to one token per vector.</summary>
    private static JValue? Packed(JArray array)
    {
        var values = new double[array.Count];
        for (var i = 0; i < values.Length; i++)
        {
            switch (array[i])
            {
                case JValue { Type: JTokenType.Float, Value: double d }: values[i] = d; break;
                case JValue { Type: JTokenType.Integer, Value: long l }: values[i] = l; break;
                default: return null;
            }
            if (!double.IsFinite(values[i])) return null;
        }
        return new JValue(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    private JValue? Number(JToken token, string path)
    {
        var raw = SourcePositions.Raw(token);
        double? value = token switch
        {
            JValue { Type: JTokenType.Integer, Value: BigInteger big } => (double)big,
            JValue { Type: JTokenType.Integer or JTokenType.Float } v => Convert.ToDouble(v.Value, CultureInfo.InvariantCulture),
            _ => null,
        };
        if (value is not { } x) return (JValue?)Wrong(token, path, "a number");
        if (double.IsFinite(x)) return new JValue(x);
        var written = raw ?? CanonicalJson.Number(x).Trim('"');
        errors.Add(raw is not null && NumberLiteral().IsMatch(raw)
            ? ErrorCatalog.NumberTooLarge(Locator.At(path), written, "a number")
            : ErrorCatalog.NotFinite(Locator.At(path), written));
        return null;
    }

    private JValue? Integer(JToken token, string path, BigInteger min, BigInteger max, string expected)
    {
        BigInteger? value = token switch
        {
            JValue { Type: JTokenType.Integer, Value: BigInteger big } => big,
            JValue { Type: JTokenType.Integer } v => Convert.ToInt64(v.Value, CultureInfo.InvariantCulture),
            JValue { Type: JTokenType.Float, Value: double d } when double.IsFinite(d) && Math.Floor(d) == d => new BigInteger(d),
            _ => null,
        };
        if (value is not { } n)
        {
            if (token is JValue { Type: JTokenType.Float, Value: double d } && !double.IsFinite(d))
            {
                var written = SourcePositions.Raw(token) ?? CanonicalJson.Number(d).Trim('"');
                errors.Add(NumberLiteral().IsMatch(written)
                    ? ErrorCatalog.NumberTooLarge(Locator.At(path), written, expected)
                    : ErrorCatalog.NotFinite(Locator.At(path), written));
                return null;
            }
            return (JValue?)Wrong(token, path, expected);
        }
        if (n > max) { errors.Add(ErrorCatalog.NumberTooLarge(Locator.At(path), Written(token), expected)); return null; }
        if (n < min) return (JValue?)Wrong(token, path, expected);
        return max > long.MaxValue ? new JValue((ulong)n) : new JValue((long)n);
    }

    private JToken? Wrong(JToken token, string path, string expected)
    {
        errors.Add(ErrorCatalog.WrongType(Locator.At(path), expected, Actual(token)));
        Locator.Poison(path);
        return null;
    }

    private static string Actual(JToken token) => token.Type switch
    {
        JTokenType.Object => "an object",
        JTokenType.Array => "an array",
        JTokenType.String => $"the string {Shorten(JsonConvert.ToString((string?)token))}",
        JTokenType.Integer or JTokenType.Float => $"the number {Written(token)}",
        JTokenType.Boolean => (bool)token ? "true" : "false",
        JTokenType.Null => "null",
        _ => token.Type.ToString(),
    };

    private static string Written(JToken token) =>
        SourcePositions.Raw(token) ?? (token is JValue v ? Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? "" : token.ToString());

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "…\"";

    private static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(double)) return "a number";
        if (t == typeof(string)) return "a string";
        if (t == typeof(int)) return "an integer";
        if (t == typeof(ValuesDto)) return "an array of numbers (or of arrays of numbers, for a sequence)";
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>))
            return Describe(t.GetGenericArguments()[0]) switch { "a number" => "an array of numbers", "a string" => "an array of strings", _ => "an array" };
        if (t == typeof(JToken)) return "a value other than null";
        return t == typeof(ActivationDto) ? "an activation name or object" : "an object";
    }

    /// <summary><c>parent.key</c>, or <c>parent['odd key']</c> for keys that are not plain identifiers.</summary>
    public static string Child(string parent, string key) =>
        PlainKey().IsMatch(key) ? (parent.Length == 0 ? key : $"{parent}.{key}") : $"{parent}[{JsonConvert.ToString(key, '\'')}]";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    [GeneratedRegex(@"^\$?[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainKey();

    [GeneratedRegex(@"^[-+]?(\d|\.\d)")]
    private static partial Regex NumberLiteral();
}

/// <summary>Maps JSON paths to the tokens they name, to give every error its line and column, and remembers which
/// paths already failed (so one mistake is reported once).</summary>
internal sealed class Locator(string file)
{
    private readonly Dictionary<string, JToken> tokens = new(StringComparer.Ordinal);
    private readonly System.Collections.Generic.HashSet<string> poisoned = new(StringComparer.Ordinal);

    public void Remember(string path, JToken token) => tokens.TryAdd(path, token);

    public void Poison(string path) => poisoned.Add(path);

    public bool Has(string path) => tokens.ContainsKey(path);

    /// <summary>True when <paramref name="path"/> or one of its ancestors failed the shape check.</summary>
    public bool IsPoisoned(string path)
    {
        for (var p = path; ; p = Parent(p))
        {
            if (poisoned.Contains(p)) return true;
            if (p.Length == 0) return false;
        }
    }

    /// <summary>The site of <paramref name="path"/>: its own token's position, or its nearest located ancestor's
    /// (a missing key is reported at the object that lacks it).</summary>
    public Site At(string path)
    {
        for (var p = path; ; p = Parent(p))
        {
            if (tokens.TryGetValue(p, out var token) && SourcePositions.Of(Descend(token, path[p.Length..])) is ({ } line, var column))
                return new Site(file, path, line, column);
            if (p.Length == 0) return new Site(file, path, null, null);
        }
    }

    /// <summary>The token <paramref name="rest"/> (array indices, <c>[3][0]</c>) leads to from <paramref name="token"/>, as
    /// far as it goes: the elements of plain number arrays are not remembered one by one.</summary>
    private static JToken Descend(JToken token, string rest)
    {
        var at = 0;
        while (at < rest.Length && rest[at] == '[' && token is JArray array)
        {
            var close = rest.IndexOf(']', at);
            if (close < 0 || !int.TryParse(rest.AsSpan(at + 1, close - at - 1), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var index) || index >= array.Count) break;
            token = array[index];
            at = close + 1;
        }
        return token;
    }

    /// <summary>The site of the first of <paramref name="paths"/> that is in the file (else of the last).</summary>
    public Site AtFirst(params string[] paths) => At(paths.FirstOrDefault(Has) ?? paths[^1]);

    private static string Parent(string path)
    {
        if (path.Length == 0) return "";
        var dot = path.LastIndexOf('.');
        var bracket = path.LastIndexOf('[');
        var cut = Math.Max(dot, bracket);
        return cut <= 0 ? "" : path[..cut];
    }
}
