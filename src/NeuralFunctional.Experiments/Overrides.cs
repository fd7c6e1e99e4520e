using System.Diagnostics.Contracts;
using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary><c>--set path=value</c>: changes one field of an experiment's JSON tree before it is validated, so an
/// override is checked exactly like the file (unknown keys with "did you mean", JSON types, every rule), and each
/// problem it causes names the override instead of a line of the file. The value is JSON when it reads as JSON
/// (<c>200</c>, <c>true</c>, <c>null</c>, <c>[]</c>, <c>{"kind": "center"}</c>, <c>"quoted"</c>) and a plain string
/// otherwise (<c>tanh</c>). Missing objects on the way are created where the schema has them
/// (<c>training.record.every</c> without a <c>record</c>); array elements are never created.</summary>
public static class Overrides
{
    /// <summary>Applies <paramref name="overrides"/> in order to a copy of <paramref name="tree"/> (a later one wins and
    /// may go into what an earlier one set). Every malformed override is reported, not just the first.</summary>
    [Pure]
    public static Validation<ExperimentError, JToken> Apply(JToken tree, IReadOnlyList<string> overrides)
    {
        var (copy, errors) = ApplyWhatApplies(tree, overrides, typeof(ExperimentDto));
        return errors.Count == 0 ? Success<ExperimentError, JToken>(copy) : Fail<ExperimentError, JToken>(toSeq(errors));
    }

    /// <summary>The copy with every well-formed override applied, and the problems of the others.</summary>
    private static (JToken Tree, List<ExperimentError> Errors) ApplyWhatApplies(JToken tree, IReadOnlyList<string> overrides, Type root)
    {
        // The tree is never changed in place: without overrides it is used as it is (a large data file is not copied).
        var copy = overrides.Count == 0 ? tree : tree.DeepClone();
        var errors = new List<ExperimentError>();
        foreach (var text in overrides)
        {
            var source = Source(text);
            var eq = text.IndexOf('=');
            if (eq < 0) { errors.Add(ErrorCatalog.OverrideSyntax(new Site(source, "", null, null), text)); continue; }
            var (path, problem) = ExperimentPath.Parse(text[..eq]);
            if (path is null) { errors.Add(ErrorCatalog.BadPath(new Site(source, text[..eq], null, null), text[..eq], problem!)); continue; }
            if (copy is not JObject) continue; // FromTree reports a root that is not an object
            if (Set(copy, path, Value(text[(eq + 1)..]), p => new Site(source, p, null, null), root) is { } error) errors.Add(error);
        }
        return (copy, errors);
    }

    /// <summary>Overrides, then <see cref="ExperimentParser.FromTree"/>; a problem at or under an overridden path is
    /// reported as the override's (file <c>--set path=value</c>, no line), the others as the file's.</summary>
    [Pure]
    public static Validation<ExperimentError, Experiment> FromTree(string file, JToken tree, IReadOnlyList<string> overrides) =>
        FromTree(tree, overrides, typeof(ExperimentDto), changed => ExperimentParser.FromTree(file, changed));

    /// <summary>The same for any kind of file: <paramref name="root"/> is the DTO class of the file's root (its keys are
    /// what paths may name) and <paramref name="validate"/> its parser.</summary>
    [Pure]
    public static Validation<ExperimentError, T> FromTree<T>(JToken tree, IReadOnlyList<string> overrides, Type root,
        Func<JToken, Validation<ExperimentError, T>> validate)
    {
        var (changed, errors) = ApplyWhatApplies(tree, overrides, root);
        var validated = validate(changed);
        if (validated.IsSuccess && errors.Count == 0) return validated;
        // Problems of the file first (in its order), then each override's, in the order they were given.
        var all = validated.FailToSeq().Map(error => Attribute(error, overrides)).Concat(errors)
            .OrderBy(e => OverrideIndex(e, overrides) is var k && k == int.MaxValue ? -1 : k);
        return Fail<ExperimentError, T>(toSeq(all));
    }

    /// <summary>Text → validated experiment with overrides: <see cref="ExperimentParser.ParseTree"/> then <see cref="FromTree"/>.</summary>
    [Pure]
    public static Validation<ExperimentError, Experiment> Parse(string file, string text, IReadOnlyList<string> overrides) =>
        ExperimentParser.ParseTree(file, text).Bind(tree => FromTree(file, tree, overrides));

    /// <summary>How errors name an override: <c>--set training.epochs=200</c>.</summary>
    public static string Source(string text) => "--set " + text;

    /// <summary>The value of an override: JSON if it reads as JSON, else the text as a string.</summary>
    public static JToken Value(string text) =>
        ExperimentParser.ParseTree("--set", text).Match(Succ: tree => tree, Fail: _ => new JValue(text));

    /// <summary>Puts <paramref name="value"/> at <paramref name="path"/> in <paramref name="root"/> (changed in place),
    /// walking the DTO types beside the tree. Null on success, else the problem, located by <paramref name="site"/>.</summary>
    internal static ExperimentError? Set(JToken root, ExperimentPath path, JToken value, Func<string, Site> site, Type? rootType = null)
    {
        var current = root;
        var type = rootType ?? typeof(ExperimentDto);
        for (var i = 0; i < path.Segments.Length; i++)
        {
            var segment = path.Segments[i];
            var last = i == path.Segments.Length - 1;
            var next = PathSchema.Step(type, segment, i, out var problem);
            if (next is null) return Error(problem!, path, site);
            if (segment is PathSegment.Key && type == typeof(ActivationDto) && current is JValue { Type: JTokenType.String } name)
            {
                var expanded = new JObject { ["kind"] = name.DeepClone() };
                current.Replace(expanded);
                current = expanded;
            }
            JToken? child;
            switch (segment)
            {
                case PathSegment.Key key when current is JObject obj:
                    if (last) { obj[key.Name] = value.DeepClone(); return null; }
                    child = obj[key.Name];
                    if (child is null or { Type: JTokenType.Null } && path.Segments[i + 1] is PathSegment.Key)
                    {
                        if (PathSchema.Step(next, path.Segments[i + 1], i + 1, out var deeper) is null) return Error(deeper!, path, site);
                        obj[key.Name] = child = new JObject();
                    }
                    break;
                case PathSegment.Index index when current is JArray array:
                    if (index.Position >= array.Count)
                        return ErrorCatalog.IndexOutOfRange(site(path.Format(i + 1)), path.Format(i), index.Position, array.Count);
                    if (last) { array[index.Position] = value.DeepClone(); return null; }
                    child = array[index.Position];
                    break;
                default:
                    return ErrorCatalog.NotAContainer(site(path.Format(i + 1)), path.Format(i), Holds(current), segment is PathSegment.Index);
            }
            if (child is null or { Type: JTokenType.Null })
                return ErrorCatalog.IndexOutOfRange(site(path.Format(i + 2)), path.Format(i + 1), ((PathSegment.Index)path.Segments[i + 1]).Position, 0);
            current = child;
            type = next;
        }
        return null;
    }

    private static ExperimentError Error(PathProblem problem, ExperimentPath path, Func<string, Site> site) => problem switch
    {
        PathProblem.UnknownKey u => ErrorCatalog.UnknownKey(site(path.Format(u.At + 1)), u.Key, u.Allowed),
        PathProblem.NotContainer n => ErrorCatalog.NotAContainer(site(path.Format(n.At + 1)), path.Format(n.At), n.Holds,
            path.Segments[n.At] is PathSegment.Index),
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    private static string Holds(JToken token) => token.Type switch
    {
        JTokenType.Object => "an object",
        JTokenType.Array => "an array",
        JTokenType.String => "a string",
        JTokenType.Integer or JTokenType.Float => "a number",
        JTokenType.Boolean => "true or false",
        _ => "null",
    };

    private static ExperimentError Attribute(ExperimentError error, IReadOnlyList<string> overrides)
    {
        var index = OverrideIndex(error, overrides);
        return index == int.MaxValue ? error : error with { File = Source(overrides[index]), Line = null, Column = null };
    }

    /// <summary>The last override whose path is the error's path or one of its ancestors; int.MaxValue for none.</summary>
    private static int OverrideIndex(ExperimentError error, IReadOnlyList<string> overrides)
    {
        if (error.File.StartsWith("--set ", StringComparison.Ordinal))
            for (var i = overrides.Count - 1; i >= 0; i--)
                if (error.File == Source(overrides[i])) return i;
        for (var i = overrides.Count - 1; i >= 0; i--)
        {
            var eq = overrides[i].IndexOf('=');
            if (eq < 0 || ExperimentPath.Parse(overrides[i][..eq]).Path is not { } path) continue;
            var p = path.Text;
            if (error.Path == p || error.Path.StartsWith(p + ".", StringComparison.Ordinal) || error.Path.StartsWith(p + "[", StringComparison.Ordinal))
                return i;
        }
        return int.MaxValue;
    }
}
