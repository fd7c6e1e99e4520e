using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>Where a document is described to, value by value: <see cref="CanonicalWriter"/> writes its canonical text
/// straight away, <see cref="JsonTree"/> builds its tree. One description (e.g. of an output document) gives both, so
/// they cannot disagree. Arrays are of two kinds, as <see cref="CanonicalJson"/> writes them: an array of containers
/// (<see cref="StartArray"/>, one item a line) and an array of numbers (<see cref="Numbers"/>, on one line).</summary>
internal interface IJsonSink
{
    void StartObject();
    void EndObject();
    void Property(string name);
    /// <summary>An array one item a line (for objects or arrays; an array of plain values is <see cref="Numbers"/>).</summary>
    void StartArray();
    void EndArray();
    void Number(double value);
    void Integer(long value);
    void String(string value);
    void Null();
    /// <summary>An array of numbers.</summary>
    void Numbers(ReadOnlySpan<double> values);
    /// <summary>A whole tree, as <see cref="CanonicalJson.Write"/> writes it.</summary>
    void Token(JToken token);
    /// <summary>Describes properties of the current object with <paramref name="write"/> and returns <c>sha256:</c>
    /// and the hex SHA-256 of the canonical bytes of an object holding just those properties.</summary>
    string Hashed(Action<IJsonSink> write);
}

/// <summary>Writes canonical JSON (<see cref="CanonicalJson"/>: two-space indentation, LF line ends, doubles in
/// shortest round-trip form, arrays of plain values on one line) as it is described, without building a tree: each
/// number is formatted once, straight into the text.</summary>
public sealed class CanonicalWriter : IJsonSink
{
    private enum Kind { Object, Lines, Inline }

    private struct Frame(Kind kind)
    {
        public readonly Kind Kind = kind;
        public int Count;
    }

    private readonly ArrayBufferWriter<char> text;
    private readonly List<Frame> open = [];
    private bool afterName;

    /// <summary>Where the text goes as it is written (null: kept whole, see <see cref="Finish"/>).</summary>
    private readonly TextWriter? sink;

    /// <summary>While above 0 (a hashed part is being written, whose text must stay at hand), nothing is passed on.</summary>
    private int holding;

    /// <summary>The text is passed on to the sink once this many characters are waiting.</summary>
    private const int PassOnAt = 1 << 20;

    /// <summary>A writer with room for <paramref name="capacity"/> characters to start with.</summary>
    public CanonicalWriter(int capacity = 4096) => text = new ArrayBufferWriter<char>(Math.Max(capacity, 16));

    /// <summary>A writer that passes its text on to <paramref name="sink"/> as it goes (about a megabyte at a time), so
    /// that a document of any size costs only that much memory; <see cref="Complete"/> ends it.</summary>
    public CanonicalWriter(TextWriter sink) : this(PassOnAt + (1 << 16)) => this.sink = sink;

    /// <summary>Ends the document written to the sink: the rest of the text and the final newline.</summary>
    public void Complete()
    {
        if (open.Count > 0) throw new InvalidOperationException("The document has an object or array still open.");
        Put('\n');
        PassOn(force: true);
    }

    private void PassOn(bool force = false)
    {
        if (sink is null || holding > 0 || (!force && text.WrittenCount < PassOnAt)) return;
        sink.Write(text.WrittenSpan);
        text.ResetWrittenCount();
    }

    /// <summary>The text written so far (no final newline).</summary>
    public ReadOnlySpan<char> Written => text.WrittenSpan;

    /// <summary>The text written and a final newline: the document.</summary>
    public string Finish()
    {
        if (open.Count > 0) throw new InvalidOperationException("The document has an object or array still open.");
        Put('\n');
        return new string(text.WrittenSpan);
    }

    /// <summary>Opens an object (<c>{}</c> when no property follows).</summary>
    public void StartObject()
    {
        BeginValue(container: true);
        Put('{');
        open.Add(new Frame(Kind.Object));
    }

    /// <summary>Closes the open object.</summary>
    public void EndObject()
    {
        if (afterName) throw new InvalidOperationException("A property has no value.");
        End(Kind.Object, '}');
        PassOn();
    }

    /// <summary>A property of the open object: its name; its value follows.</summary>
    public void Property(string name)
    {
        if (open.Count == 0 || open[^1].Kind != Kind.Object || afterName)
            throw new InvalidOperationException($"Property {name} is not in an object.");
        NextLine(ref CollectionsMarshal.AsSpan(open)[^1]);
        PutString(name);
        Put(": ");
        afterName = true;
    }

    /// <summary>Opens an array of objects or arrays, one a line (<c>[]</c> when empty).</summary>
    public void StartArray()
    {
        BeginValue(container: true);
        Put('[');
        open.Add(new Frame(Kind.Lines));
    }

    /// <summary>Closes the open array.</summary>
    public void EndArray()
    {
        End(open.Count > 0 && open[^1].Kind == Kind.Inline ? Kind.Inline : Kind.Lines, ']');
        PassOn();
    }

    /// <summary>A double in shortest round-trip form (non-finite: the strings <c>"NaN"</c>, <c>"Infinity"</c>,
    /// <c>"-Infinity"</c>).</summary>
    public void Number(double value)
    {
        BeginValue(container: false);
        PutNumber(value);
    }

    /// <summary>An integer.</summary>
    public void Integer(long value)
    {
        BeginValue(container: false);
        var span = text.GetSpan(24);
        if (!value.TryFormat(span, out var n, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException();
        text.Advance(n);
    }

    /// <summary>A string, escaped as Newtonsoft.Json's <c>JsonConvert.ToString</c> escapes it.</summary>
    public void String(string value)
    {
        BeginValue(container: false);
        PutString(value);
    }

    /// <summary><c>null</c>.</summary>
    public void Null()
    {
        BeginValue(container: false);
        Put("null");
    }

    /// <summary>An array of numbers, on one line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Numbers(ReadOnlySpan<double> values)
    {
        BeginValue(container: true);
        Put('[');
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) Put(", ");
            PutNumber(values[i]);
        }
        Put(']');
    }

    /// <summary>A tree: objects' keys in the order the tree holds them, arrays whose items are all plain values on one
    /// line, other arrays one item a line.</summary>
    public void Token(JToken token)
    {
        switch (token)
        {
            case JObject obj:
                StartObject();
                foreach (var property in obj.Properties())
                {
                    Property(property.Name);
                    Token(property.Value);
                }
                EndObject();
                return;
            case JArray array:
                BeginValue(container: true);
                Put('[');
                open.Add(new Frame(array.All(item => item is JValue) ? Kind.Inline : Kind.Lines));
                foreach (var item in array) Token(item);
                EndArray();
                return;
            case JValue value:
                BeginValue(container: false);
                PutValue(value);
                return;
            default:
                throw new ArgumentException($"Cannot write a {token.Type} token canonically.");
        }
    }

    string IJsonSink.Hashed(Action<IJsonSink> write)
    {
        // A property of the document's top object after others is written as ",\n  \"name\": value", its value indented
        // as in an object of its own at the top: "{" and the text from the "\n" on, closed by "\n}\n", is that object.
        if (open.Count == 1 && open[0].Kind == Kind.Object && open[0].Count > 0 && !afterName)
        {
            var (from, count) = (text.WrittenCount, open[0].Count);
            holding++;
            try { write(this); }
            finally { holding--; }
            if (open.Count == 1 && open[0].Count > count && !afterName)
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                Append(hash, "{");
                Append(hash, text.WrittenSpan[(from + 1)..]);
                Append(hash, "\n}\n");
                return Hex(hash);
            }
        }
        else write(this);
        return Standalone(write);
    }

    /// <summary><c>sha256:</c> and the hex SHA-256 of the canonical bytes of an object holding the properties
    /// <paramref name="write"/> describes.</summary>
    internal static string Standalone(Action<IJsonSink> write)
    {
        var w = new CanonicalWriter();
        w.StartObject();
        write(w);
        w.EndObject();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, w.Finish());
        return Hex(hash);
    }

    private static void Append(IncrementalHash hash, ReadOnlySpan<char> chars)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(chars.Length));
        var n = Encoding.UTF8.GetBytes(chars, bytes);
        hash.AppendData(bytes, 0, n);
        ArrayPool<byte>.Shared.Return(bytes);
    }

    private static string Hex(IncrementalHash hash) => "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());

    private void BeginValue(bool container)
    {
        if (open.Count == 0) return;
        ref var top = ref CollectionsMarshal.AsSpan(open)[^1];
        switch (top.Kind)
        {
            case Kind.Object:
                if (!afterName) throw new InvalidOperationException("A value in an object needs a property name first.");
                afterName = false;
                return;
            case Kind.Inline:
                if (container) throw new InvalidOperationException("An array of plain values cannot hold an object or array.");
                if (top.Count++ > 0) Put(", ");
                return;
            default:
                NextLine(ref top);
                return;
        }
    }

    private void NextLine(ref Frame top)
    {
        Put(top.Count++ > 0 ? ",\n" : "\n");
        var indent = open.Count * 2;
        text.GetSpan(indent)[..indent].Fill(' ');
        text.Advance(indent);
    }

    private void End(Kind kind, char close)
    {
        if (open.Count == 0 || open[^1].Kind != kind) throw new InvalidOperationException($"No open {(close == '}' ? "object" : "array")} to close.");
        var frame = open[^1];
        open.RemoveAt(open.Count - 1);
        if (frame.Count > 0 && kind != Kind.Inline)
        {
            Put('\n');
            var indent = open.Count * 2;
            text.GetSpan(indent)[..indent].Fill(' ');
            text.Advance(indent);
        }
        Put(close);
    }

    private void PutValue(JValue value)
    {
        switch (value.Type)
        {
            case JTokenType.Null: Put("null"); return;
            case JTokenType.Boolean: Put((bool)value.Value! ? "true" : "false"); return;
            case JTokenType.Integer: Put(Convert.ToString(value.Value, CultureInfo.InvariantCulture)!); return;
            case JTokenType.Float: PutNumber(Convert.ToDouble(value.Value, CultureInfo.InvariantCulture)); return;
            case JTokenType.String:
                if (value.Value is string s) PutString(s);
                else Put(JsonConvert.ToString((string?)value.Value));
                return;
            default: throw new ArgumentException($"Cannot write a {value.Type} value canonically.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PutNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            Put(double.IsNaN(value) ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
            return;
        }
        var span = text.GetSpan(32);
        if (value.TryFormat(span, out var n, "R", CultureInfo.InvariantCulture)) text.Advance(n);
        else Put(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Printable ASCII other than <c>"</c> and <c>\</c> is never escaped; anything else is left to
    /// <c>JsonConvert.ToString</c>, so strings are written exactly as before.</summary>
    private void PutString(string value)
    {
        foreach (var c in value)
            if (c < ' ' || c > '~' || c == '"' || c == '\\')
            {
                Put(JsonConvert.ToString(value));
                return;
            }
        var span = text.GetSpan(value.Length + 2);
        span[0] = '"';
        value.AsSpan().CopyTo(span[1..]);
        span[value.Length + 1] = '"';
        text.Advance(value.Length + 2);
    }

    private void Put(char c)
    {
        text.GetSpan(1)[0] = c;
        text.Advance(1);
    }

    private void Put(ReadOnlySpan<char> s) => text.Write(s);
}

/// <summary>Builds the tree of a described document (<see cref="IJsonSink"/>), the same tree a hand-built
/// <see cref="JObject"/> would be: doubles as float values, integers as integer values.</summary>
/// <summary>A document written straight from the values: its canonical text (the bytes of <see cref="CanonicalJson.Write"/>
/// of its tree) and its outline, the few fields a summary reads back.</summary>
public sealed record WrittenDocument(string Text, JObject Outline);

/// <summary>The two outputs of one description of a document (see <see cref="IJsonSink"/>): its tree and its text.</summary>
internal static class Described
{
    /// <summary>The tree <paramref name="describe"/> gives (for reading back and comparing).</summary>
    public static JObject Tree(Func<IJsonSink, JObject> describe)
    {
        var tree = new JsonTree();
        describe(tree);
        return tree.Root;
    }

    /// <summary>Writes the canonical text <paramref name="describe"/> gives to <paramref name="to"/> as it goes;
    /// returns the outline.</summary>
    public static JObject Stream(Func<IJsonSink, JObject> describe, TextWriter to)
    {
        var writer = new CanonicalWriter(to);
        var outline = describe(writer);
        writer.Complete();
        return outline;
    }

    /// <summary>The canonical text <paramref name="describe"/> gives, with the outline it returns.</summary>
    public static WrittenDocument Text(Func<IJsonSink, JObject> describe)
    {
        var writer = new CanonicalWriter(1 << 16);
        var outline = describe(writer);
        return new WrittenDocument(writer.Finish(), outline);
    }
}

internal sealed class JsonTree : IJsonSink
{
    private readonly List<JContainer> open = [];
    private string? name;

    /// <summary>The described object, once closed.</summary>
    public JObject Root { get; private set; } = new();

    public void StartObject() => Open(new JObject());
    public void EndObject() => Close();
    public void Property(string name) => this.name = name;
    public void StartArray() => Open(new JArray());
    public void EndArray() => Close();
    public void Number(double value) => Add(new JValue(value));
    public void Integer(long value) => Add(new JValue(value));
    public void String(string value) => Add(new JValue(value));
    public void Null() => Add(JValue.CreateNull());

    public void Numbers(ReadOnlySpan<double> values)
    {
        var array = new JArray();
        foreach (var v in values) array.Add(new JValue(v));
        Add(array);
    }

    public void Token(JToken token) => Add(token);

    public string Hashed(Action<IJsonSink> write)
    {
        write(this);
        return CanonicalWriter.Standalone(write);
    }

    private void Open(JContainer container)
    {
        if (open.Count == 0) Root = (JObject)container;
        else Add(container);
        open.Add(container);
    }

    private void Close() => open.RemoveAt(open.Count - 1);

    private void Add(JToken token)
    {
        switch (open[^1])
        {
            case JObject obj: obj[name!] = token; name = null; return;
            case var array: array.Add(token); return;
        }
    }
}
