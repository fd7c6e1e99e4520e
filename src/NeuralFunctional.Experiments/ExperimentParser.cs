using System.Diagnostics.Contracts;
using System.Text.RegularExpressions;
using LanguageExt;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>Experiment file → <see cref="Experiment"/>, in three stages: text → <see cref="JToken"/> (with line
/// information; <see cref="ParseTree"/>), tree → DTO (keys and JSON types checked; <see cref="JsonShape"/>), DTO →
/// domain (meaning checked, defaults filled in; <see cref="ExperimentRules"/>). Every stage reports all the problems it
/// finds, each with file, JSON path, line and column; no exception escapes for any input.</summary>
public static class ExperimentParser
{
    /// <summary>The whole way from text to a validated experiment. <paramref name="file"/> only names the source in errors.</summary>
    [Pure]
    public static Validation<ExperimentError, Experiment> Parse(string file, string text) =>
        ParseTree(file, text).Bind(tree => FromTree(file, tree));

    /// <summary>Text → JSON tree with line information (token start positions), or the one syntax error that stops reading.
    /// Comments are allowed; anything but a comment after the root value is an error.</summary>
    [Pure]
    public static Validation<ExperimentError, JToken> ParseTree(string file, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Fail<ExperimentError, JToken>(ErrorCatalog.NotJson(new Site(file, "", 1, 1), "the file is empty"));
        var lines = SourcePositions.Lines(text);
        try
        {
            using var reader = new JsonTextReader(new StringReader(text))
            {
                FloatParseHandling = FloatParseHandling.Double,
                DateParseHandling = DateParseHandling.None,
                MaxDepth = 64,
            };
            var tree = JToken.ReadFrom(reader, new JsonLoadSettings
            {
                LineInfoHandling = LineInfoHandling.Load,
                DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
                CommentHandling = CommentHandling.Ignore,
            });
            while (reader.Read())
                if (reader.TokenType != JsonToken.Comment)
                    return Fail<ExperimentError, JToken>(ErrorCatalog.TrailingContent(SiteOf(file, lines, reader.LineNumber, reader.LinePosition)));
            SourcePositions.Annotate(tree, lines);
            return Success<ExperimentError, JToken>(tree);
        }
        catch (JsonReaderException e)
        {
            return Fail<ExperimentError, JToken>(ReaderError(file, lines, e));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail<ExperimentError, JToken>(ErrorCatalog.NotJson(new Site(file, "", null, null), e.Message));
        }
    }

    /// <summary>JSON tree → validated experiment. The tree may come from <see cref="ParseTree"/> (then errors carry
    /// line and column) or be edited or built in code (tokens without line information are located at their nearest
    /// ancestor that has it). The tree is not changed.</summary>
    [Pure]
    public static Validation<ExperimentError, Experiment> FromTree(string file, JToken tree)
    {
        try
        {
            var shape = new JsonShape(file);
            var clean = shape.Check(tree, typeof(ExperimentDto), "");
            var ruled = clean is null
                ? Fail<ExperimentError, Experiment>(Seq<ExperimentError>()) // the shape check says why
                : ExperimentRules.ToDomain(clean.ToObject<ExperimentDto>(JsonShape.Serializer())
                                           ?? throw new InvalidOperationException("the file's object deserialized to null"), shape.Locator);
            return Verdict(shape, ruled, experiment => experiment.Sweep is null ? [] : SweepVariants.Check(experiment, shape.Locator.At));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail<ExperimentError, Experiment>(ErrorCatalog.Internal(new Site(file, "", null, null), e.Message));
        }
    }

    /// <summary>A file's verdict once its rules have run (<paramref name="ruled"/>): the shape check's problems and the
    /// rules' (less those about values the shape check already rejected), ordered by position; when there are none, the
    /// problems of the sweep's variants (<paramref name="variants"/>); when there are none either, the value.</summary>
    internal static Validation<ExperimentError, T> Verdict<T>(JsonShape shape, Validation<ExperimentError, T> ruled,
        Func<T, IEnumerable<ExperimentError>> variants) =>
        ruled.Match(
            Succ: value => shape.Errors.Count > 0 ? Ordered<T>(shape.Errors)
                : variants(value).ToList() is { Count: > 0 } wrong ? Ordered<T>(wrong)
                : Success<ExperimentError, T>(value),
            Fail: errors => Ordered<T>(shape.Errors.Concat(errors.Where(e => !shape.Locator.IsPoisoned(e.Path)))));

    /// <summary>Every problem in <paramref name="errors"/>, by line and column (those without a position last, in their order).</summary>
    private static Validation<ExperimentError, T> Ordered<T>(IEnumerable<ExperimentError> errors) =>
        Fail<ExperimentError, T>(toSeq(errors.OrderBy(e => e.Line ?? int.MaxValue).ThenBy(e => e.Column ?? 0).ToList()));

    private static ExperimentError ReaderError(string file, IReadOnlyList<string> lines, JsonReaderException e)
    {
        var detail = Regex.Replace(e.Message, @"\s*Path '.*', line \d+, position \d+\.$|\s*line \d+, position \d+\.$", "");
        if (e.Message.StartsWith("Additional text encountered", StringComparison.Ordinal))
        {
            var (line, column) = SourcePositions.NextNonSpace(lines, e.LineNumber, e.LinePosition);
            return ErrorCatalog.TrailingContent(new Site(file, "", line, column));
        }
        var duplicate = Regex.Match(e.Message, "^Property with the name '(.*)' already exists");
        if (duplicate.Success)
        {
            var (line, column) = SourcePositions.KeyStart(lines, e.LineNumber, e.LinePosition);
            return ErrorCatalog.DuplicateKey(new Site(file, JsonShape.Child(ParentPath(e.Path ?? ""), duplicate.Groups[1].Value), line, column),
                duplicate.Groups[1].Value);
        }
        return ErrorCatalog.NotJson(SiteOf(file, lines, e.LineNumber, e.LinePosition), detail.TrimEnd('.'));
    }

    /// <summary>Newtonsoft's path of the duplicate names the key itself; its parent is everything before the last segment.</summary>
    private static string ParentPath(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf("['", StringComparison.Ordinal));
        return cut < 0 ? "" : path[..cut];
    }

    private static Site SiteOf(string file, IReadOnlyList<string> lines, int line, int position) =>
        line <= 0 ? new Site(file, "", null, null) : new Site(file, "", line, Math.Max(1, Math.Min(position, lines[Math.Min(line, lines.Count) - 1].Length + 1)));
}
