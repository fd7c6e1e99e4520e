using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>Where a token starts in the source (1-based line and column) and, for a plain value, its text as written
/// (to tell <c>1e400</c> from <c>Infinity</c>). Attached to tokens as a Newtonsoft annotation by <see cref="SourcePositions.Annotate"/>.</summary>
internal sealed record TokenStart(int Line, int Column, string? Source = null, int End = 0)
{
    /// <summary>The token's text as written (a value's; null for a key or a container): cut from its source line only
    /// when asked, so that annotating a large file does not copy every number.</summary>
    public string? Raw => Source?[(Column - 1)..End];
}

/// <summary>Newtonsoft records where a token ends; editors want where it starts. This maps one to the other by
/// reading the source line backwards from the end position.</summary>
internal static class SourcePositions
{
    /// <summary>The source's lines, split at <c>\r\n</c>, <c>\r</c> or <c>\n</c> (a plain loop: building a regex costs more
    /// start-up time than reading the file).</summary>
    public static IReadOnlyList<string> Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\r' && c != '\n') continue;
            lines.Add(text[start..i]);
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        lines.Add(text[start..]);
        return lines;
    }

    /// <summary>Attaches a <see cref="TokenStart"/> to every token with line information (the elements of an array of
    /// plain numbers: to the array, see <see cref="ElementLines"/>), and turns an integer written as <c>-0</c> into the
    /// double −0.0 (Newtonsoft reads it as the integer 0, losing the sign).</summary>
    public static void Annotate(JToken token, IReadOnlyList<string> lines)
    {
        if (token is IJsonLineInfo info && info.HasLineInfo())
        {
            var start = token switch
            {
                JProperty => Start(KeyStart(lines, info.LineNumber, info.LinePosition)),
                JValue => ValueStart(lines, info.LineNumber, info.LinePosition),
                _ => new TokenStart(info.LineNumber, info.LinePosition),
            };
            token.AddAnnotation(start);
            NegativeZero(token, start);
        }
        if (token is JArray array && IsNumberArray(array))
        {
            array.AddAnnotation(new ElementLines(lines));
            foreach (var element in array)
                if (element is JValue { Type: JTokenType.Integer, Value: 0L } && StartOf(element) is { } start) NegativeZero(element, start);
            return;
        }
        if (token is JContainer container)
            foreach (var child in container.Children()) Annotate(child, lines);
    }

    /// <summary>The lines of the source an array of plain numbers was read from: its elements' starts are found from them
    /// when asked (<see cref="StartOf"/>) instead of being attached one by one, which for a file of data rows would
    /// cost more than reading it.</summary>
    private sealed record ElementLines(IReadOnlyList<string> Lines);

    private static bool IsNumberArray(JArray array)
    {
        if (array.Count == 0) return false;
        foreach (var element in array)
            if (element.Type is not (JTokenType.Integer or JTokenType.Float)) return false;
        return true;
    }

    private static void NegativeZero(JToken token, TokenStart start)
    {
        if (token is JValue { Type: JTokenType.Integer, Value: 0L } zero && start.Raw is { } raw && raw.StartsWith('-'))
            zero.Value = -0.0;
    }

    /// <summary>A token's start: attached, or (an element of an array of plain numbers) found from its array's lines.</summary>
    private static TokenStart? StartOf(JToken token)
    {
        if (token.Annotation<TokenStart>() is { } start) return start;
        if (token.Parent is JArray array && array.Annotation<ElementLines>() is { } source && token is IJsonLineInfo info && info.HasLineInfo())
            return ValueStart(source.Lines, info.LineNumber, info.LinePosition);
        return null;
    }

    /// <summary>Line and column of a token: its start if known, else Newtonsoft's (end) position, else none.</summary>
    public static (int? Line, int? Column) Of(JToken token)
    {
        if (StartOf(token) is { } start) return (start.Line, start.Column);
        if (token is IJsonLineInfo info && info.HasLineInfo()) return (info.LineNumber, info.LinePosition);
        return (null, null);
    }

    public static string? Raw(JToken token) => StartOf(token)?.Raw;

    /// <summary>Start of a property's key, given the position Newtonsoft reports for it (the colon, or the key's end).</summary>
    public static (int Line, int Column) KeyStart(IReadOnlyList<string> lines, int line, int position)
    {
        if (line < 1 || line > lines.Count) return (Math.Max(line, 1), Math.Max(position, 1));
        var text = lines[line - 1];
        var i = Math.Min(position, text.Length) - 1;
        if (i >= 0 && text[i] == ':') i--;
        while (i >= 0 && char.IsWhiteSpace(text[i])) i--;
        if (i < 0) return (line, Math.Max(position, 1));
        var start = text[i] is '"' or '\'' ? QuoteStart(text, i) : IdentifierStart(text, i);
        return (line, start + 1);
    }

    /// <summary>The first non-blank character at or after the 0-based <paramref name="position"/> on <paramref name="line"/>
    /// (or on a later line): where a reader stopped, and what it found there.</summary>
    public static (int Line, int Column) NextNonSpace(IReadOnlyList<string> lines, int line, int position)
    {
        for (var l = Math.Max(line, 1); l <= lines.Count; l++)
        {
            var text = lines[l - 1];
            for (var i = l == line ? Math.Max(position, 0) : 0; i < text.Length; i++)
                if (!char.IsWhiteSpace(text[i])) return (l, i + 1);
        }
        return (Math.Max(line, 1), Math.Max(position, 1));
    }

    private static TokenStart ValueStart(IReadOnlyList<string> lines, int line, int position)
    {
        if (line < 1 || line > lines.Count || position < 1 || position > lines[line - 1].Length)
            return new TokenStart(line, Math.Max(position, 1));
        var text = lines[line - 1];
        var end = position - 1;
        var start = text[end] is '"' or '\'' ? QuoteStart(text, end) : IdentifierStart(text, end);
        return new TokenStart(line, start + 1, text, end + 1);
    }

    private static TokenStart Start((int Line, int Column) at) => new(at.Line, at.Column);

    /// <summary>Index of the opening quote matching the closing quote at <paramref name="end"/> (an escaped quote does not count).</summary>
    private static int QuoteStart(string text, int end)
    {
        var quote = text[end];
        for (var i = end - 1; i >= 0; i--)
        {
            if (text[i] != quote) continue;
            var backslashes = 0;
            for (var k = i - 1; k >= 0 && text[k] == '\\'; k--) backslashes++;
            if (backslashes % 2 == 0) return i;
        }
        return end;
    }

    /// <summary>Index of the first character of a bare token (number, literal, unquoted key) ending at <paramref name="end"/>.</summary>
    private static int IdentifierStart(string text, int end)
    {
        var i = end;
        while (i > 0 && !char.IsWhiteSpace(text[i - 1]) && text[i - 1] is not (',' or ':' or '[' or '{' or '/' or '*')) i--;
        return i;
    }
}
