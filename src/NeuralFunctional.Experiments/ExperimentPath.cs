using System.Globalization;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace NeuralFunctional.Experiments;

/// <summary>One step of a path into an experiment: a key of an object or an index into an array.</summary>
public abstract record PathSegment
{
    /// <summary><c>.name</c>, or <c>['odd key']</c>.</summary>
    public sealed record Key(string Name) : PathSegment;

    /// <summary><c>[3]</c>, 0-based.</summary>
    public sealed record Index(int Position) : PathSegment;
}

/// <summary>A JSON path into an experiment file, as overrides (<c>--set training.epochs=200</c>) and sweep grids
/// (<c>"network.layers[0].units": [2, 3]</c>) name a field: keys joined by <c>.</c>, array indices in brackets, and
/// keys that are not plain names quoted in brackets (<c>sweep.grid['training.epochs']</c>). <see cref="Text"/> is the
/// canonical form, the same the parser uses in its error paths.</summary>
public sealed record ExperimentPath(ImmutableArray<PathSegment> Segments)
{
    /// <summary>The canonical text: <c>network.layers[0].units</c>.</summary>
    public string Text => Format(Segments.Length);

    /// <summary>The canonical text of the first <paramref name="count"/> segments ("" for none: the root).</summary>
    public string Format(int count)
    {
        var text = "";
        for (var i = 0; i < count; i++)
            text = Segments[i] switch
            {
                PathSegment.Key k => JsonShape.Child(text, k.Name),
                PathSegment.Index n => JsonShape.Index(text, n.Position),
                _ => text,
            };
        return text;
    }

    /// <summary>Reads <c>a.b[0]['c.d']</c>; null (and why) when it is not a path.</summary>
    public static (ExperimentPath? Path, string? Problem) Parse(string text)
    {
        var segments = ImmutableArray.CreateBuilder<PathSegment>();
        var i = 0;
        if (text.Length == 0) return (null, "the path is empty");
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (i + 1 < text.Length && text[i + 1] is '\'' or '"')
                {
                    var quote = text[i + 1];
                    var end = text.IndexOf(quote, i + 2);
                    if (end < 0 || end + 1 >= text.Length || text[end + 1] != ']') return (null, $"unclosed quoted key at character {i + 1}");
                    segments.Add(new PathSegment.Key(text[(i + 2)..end]));
                    i = end + 2;
                }
                else
                {
                    if (close < 0) return (null, $"unclosed `[` at character {i + 1}");
                    var inside = text[(i + 1)..close];
                    if (!int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                        return (null, $"`[{inside}]` is not an array index (a whole number ≥ 0)");
                    segments.Add(new PathSegment.Index(index));
                    i = close + 1;
                }
            }
            else
            {
                if (text[i] == '.')
                {
                    if (segments.Count == 0) return (null, "the path starts with `.`");
                    i++;
                }
                var start = i;
                while (i < text.Length && text[i] is not ('.' or '[' or ']')) i++;
                if (i == start) return (null, $"empty key at character {start + 1}");
                segments.Add(new PathSegment.Key(text[start..i]));
                if (i < text.Length && text[i] == ']') return (null, $"unexpected `]` at character {i + 1}");
            }
        }
        return (new ExperimentPath(segments.ToImmutable()), null);
    }
}

/// <summary>What the experiment's DTO classes allow at a place in the tree: the keys of an object, an array's
/// element, a map's values, or any JSON (grid values). Newtonsoft's contracts of the DTOs are the one list of keys.</summary>
internal static class DtoSchema
{
    private static readonly DefaultContractResolver Resolver = new();

    /// <summary>The type at <paramref name="key"/> under <paramref name="type"/>, or null and the keys allowed there.</summary>
    public static (Type? Child, IReadOnlyList<string> Allowed) Key(Type type, string key)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(JToken)) return (typeof(JToken), []);
        switch (Resolver.ResolveContract(t))
        {
            case JsonDictionaryContract dictionary:
                return (dictionary.DictionaryValueType, []);
            case JsonObjectContract contract:
                var allowed = contract.Properties.Where(p => !p.Ignored && p.PropertyName != "$schema").Select(p => p.PropertyName!).ToList();
                var property = contract.Properties.FirstOrDefault(p => !p.Ignored && p.PropertyName == key);
                return (property?.PropertyType, allowed);
            default:
                return (null, []);
        }
    }

    /// <summary>The element type when <paramref name="type"/> is an array (or any JSON), else null.</summary>
    public static Type? Element(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(JToken)) return typeof(JToken);
        // A row's x or y: an array of numbers, or of vectors (a sequence), so an element is a number or an array.
        if (t == typeof(ValuesDto)) return typeof(JToken);
        return t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) ? t.GetGenericArguments()[0] : null;
    }

    /// <summary>True for types written as a JSON object (a DTO or a map): a missing one may be created empty.</summary>
    public static bool IsObject(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t != typeof(string) && t != typeof(JToken) && Resolver.ResolveContract(t) is JsonObjectContract or JsonDictionaryContract;
    }

    /// <summary>How the schema describes a leaf type, for "has no key" messages.</summary>
    public static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(double) || t == typeof(int) || t == typeof(ulong)) return "a number";
        if (t == typeof(string)) return "a string";
        if (t == typeof(bool)) return "true or false";
        if (Element(t) is not null) return "an array";
        return "an object";
    }
}

/// <summary>Why a path does not name a field the schema has: an unknown key, or a step into a plain value
/// (<see cref="At"/> is the index of the failing segment).</summary>
internal abstract record PathProblem(int At)
{
    public sealed record UnknownKey(int At, string Key, IReadOnlyList<string> Allowed) : PathProblem(At);

    public sealed record NotContainer(int At, string Holds) : PathProblem(At);
}

/// <summary>Checks a path against the DTO types alone (no tree): what sweep grids are validated with.</summary>
internal static class PathSchema
{
    /// <summary>The type the path names in a file whose root DTO is <paramref name="root"/>, or the first problem on the way.</summary>
    public static (Type? Type, PathProblem? Problem) Resolve(ExperimentPath path, Type root)
    {
        var type = root;
        for (var i = 0; i < path.Segments.Length; i++)
        {
            var next = Step(type, path.Segments[i], i, out var problem);
            if (next is null) return (null, problem);
            type = next;
        }
        return (type, null);
    }

    /// <summary>One step down: the child type, or null and the problem.</summary>
    public static Type? Step(Type type, PathSegment segment, int at, out PathProblem? problem)
    {
        problem = null;
        if (segment is PathSegment.Index)
        {
            if (DtoSchema.Element(type) is { } element) return element;
            problem = new PathProblem.NotContainer(at, DtoSchema.Describe(type));
            return null;
        }
        var key = ((PathSegment.Key)segment).Name;
        if (!DtoSchema.IsObject(type) && (Nullable.GetUnderlyingType(type) ?? type) != typeof(JToken))
        {
            problem = new PathProblem.NotContainer(at, DtoSchema.Describe(type));
            return null;
        }
        var (child, allowed) = DtoSchema.Key(type, key);
        if (child is null) problem = new PathProblem.UnknownKey(at, key, allowed);
        return child;
    }
}
