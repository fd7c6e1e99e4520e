using System.Text;
using CsCheck;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary>Fuzzing the two texts a user hands nf besides the experiment (issue 13): the CSV file it reads and the
/// <c>--set</c> overrides. Whatever the text, nf trains (exit 0) or says what is wrong (exit 2, an NF code), and never
/// shows a stack trace or an internal error (exit 70).</summary>
public class FuzzTests
{
    private static void AssertHandled(int exit, string stdout, string stderr, string input)
    {
        Assert.True(exit is 0 or 2, $"exit {exit} for {input}\n{stderr}");
        if (exit == 2) Assert.Matches(@"error NF\d{4}", stderr);
        Assert.DoesNotContain("   at ", stderr + stdout);
        Assert.DoesNotContain("internal error", stderr);
        Assert.DoesNotContain("Exception", stderr);
    }

    // --- CSV ---

    private static readonly string Iris = File.ReadAllText(Path.Combine(Repo.Root, "data", "iris.csv"));

    /// <summary>Characters a CSV file may hold by accident: separators, quotes, line ends, signs, digits, letters,
    /// a BOM, a NUL, a non-ASCII letter. (No exponent letters: a value like 5e300 is a real number that makes training
    /// diverge, exit 3, which is not the point here.)</summary>
    private const string Noise = ",,;\"\"\n\r\t .-+0123456789abcsxyzNa\uFEFF\0é ";

    private enum CsvEdit { Delete, Insert, Replace, DuplicateLine, DropLine, Truncate }

    private static string Mutate(string text, IReadOnlyList<(CsvEdit Edit, int At, int Char)> edits)
    {
        var s = new StringBuilder(text);
        foreach (var (edit, at, ch) in edits)
        {
            if (s.Length == 0) { s.Append(Noise[ch % Noise.Length]); continue; }
            var i = at % s.Length;
            var lines = s.ToString().Split('\n').ToList();
            var line = at % lines.Count;
            switch (edit)
            {
                case CsvEdit.Delete: s.Remove(i, Math.Min(1 + ch % 3, s.Length - i)); break;
                case CsvEdit.Insert: s.Insert(i, Noise[ch % Noise.Length]); break;
                case CsvEdit.Replace: s[i] = Noise[ch % Noise.Length]; break;
                case CsvEdit.DuplicateLine: lines.Insert(line, lines[line]); s.Clear().Append(string.Join('\n', lines)); break;
                case CsvEdit.DropLine: lines.RemoveAt(line); s.Clear().Append(string.Join('\n', lines)); break;
                case CsvEdit.Truncate: s.Length = i; break;
            }
        }
        return s.ToString();
    }

    /// <summary>Writes e.json in <paramref name="temp"/>: iris reading d.csv beside it, trained for a few epochs.</summary>
    private static void IrisOverDCsv(TempDir temp, int epochs)
    {
        var experiment = JObject.Parse(File.ReadAllText(Repo.Experiment("iris")));
        experiment.Remove("$schema");
        experiment["data"]!["csv"]!["path"] = "d.csv";
        experiment["training"]!["epochs"] = epochs;
        File.WriteAllText(temp.File("e.json"), experiment.ToString());
    }

    [Fact]
    public void Csv_AnyMutationOfIris_TrainsOrIsRefusedWithACode()
    {
        using var temp = new TempDir();
        IrisOverDCsv(temp, epochs: 2);
        var edit = from kind in Gen.Enum<CsvEdit>() from at in Gen.Int[0, 100_000] from ch in Gen.Int[0, 1000] select (kind, at, ch);
        var gen = Gen.Frequency((1, edit.Array[1, 3]), (3, edit.Array[1, 40]), (1, edit.Array[200, 600]));
        gen.Sample(edits =>
        {
            var text = Mutate(Iris, edits);
            File.WriteAllText(temp.File("d.csv"), text);
            var (exit, stdout, stderr) = Cli.Run("run", temp.File("e.json"), "--out", temp.File("o.json"), "--quiet");
            AssertHandled(exit, stdout, stderr, $"a CSV of {text.Length} characters: {Shown(text)}");
        }, iter: 250, threads: 1);
    }

    [Fact]
    public void Csv_RandomText_IsRefusedWithACode()
    {
        using var temp = new TempDir();
        IrisOverDCsv(temp, epochs: 1);
        Gen.String[Gen.Char[Noise], 0, 400].Sample(text =>
        {
            File.WriteAllText(temp.File("d.csv"), text);
            var (exit, stdout, stderr) = Cli.Run("run", temp.File("e.json"), "--out", temp.File("o.json"), "--quiet");
            AssertHandled(exit, stdout, stderr, Shown(text));
        }, iter: 200, threads: 1);
    }

    private static string Shown(string text) => text.Length <= 200 ? JValue.CreateString(text).ToString(Newtonsoft.Json.Formatting.None) : $"{JValue.CreateString(text[..200]).ToString(Newtonsoft.Json.Formatting.None)}…";

    // --- --set ---

    private static readonly string[] Keys =
    [
        "seed", "name", "data", "train", "test", "x", "y", "id", "features", "targets", "transform", "kind", "network", "inputs",
        "layers", "units", "activation", "init", "mean", "std", "training", "loss", "optimizer", "learningRate", "beta", "epochs",
        "batchSize", "shuffle", "record", "every", "sweep", "grid", "seeds", "from", "count", "earlyStopping", "validation",
        "patience", "schedule", "weightDecay", "csv", "path", "recurrent", "", "x y", "é", "$schema", "__proto__",
    ];

    private static readonly Gen<string> Segment = Gen.Frequency(
        (6, Gen.OneOf(Keys)),
        (2, Gen.Int[-2, 5].Select(i => $"[{i}]")),
        (1, Gen.OneOf("[", "]", "[x]", "[]", "[1", ".", "..", "[0][0]", "[99999999999]")),
        (1, Gen.String[Gen.Char["abc.[]=0 "], 1, 6]));

    private static readonly Gen<string> OverridePath =
        Segment.Array[1, 5].Select(parts => string.Concat(parts.Select((p, i) => i == 0 || p.StartsWith('[') ? p : "." + p)));

    private static readonly Gen<string> Value = Gen.Frequency(
        (3, Gen.Int[-3, 12].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.Double[-10, 10].Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("true", "false", "null", "[]", "{}", "[1, 2]", "[[0, 1]]", "\"sigmoid\"", "tanh", "relu", "sgd",
            """{"kind": "adam", "learningRate": 0.1}""", """{"units": 2, "activation": "tanh"}""", """[{"id": "a", "x": [1, 2], "y": [1]}]""",
            "NaN", "Infinity", "1e999", "-0", "0.5.5", "[1,", "{\"a\":", "\"", "", " ", "é")),
        (1, Gen.String[Gen.Char["abc01{}[]\",:. "], 0, 12]));

    [Fact]
    public void Set_AnyPathAndValue_TrainsOrIsRefusedWithACode()
    {
        using var temp = new TempDir();
        var gen = from overrides in Gen.Select(OverridePath, Value).Array[1, 3] select overrides;
        gen.Sample(overrides =>
        {
            // The fuzzed overrides first; then two that keep the run short (they may fail, e.g. when training was
            // replaced by a number: that is a refusal too).
            var args = new List<string> { "run", Repo.Experiment("hiring"), "--out", temp.File("o.json"), "--quiet" };
            foreach (var (path, value) in overrides) args.AddRange(["--set", $"{path}={value}"]);
            args.AddRange(["--set", "training.epochs=2", "--set", "training.record.every=1"]);
            var (exit, stdout, stderr) = Cli.Run([.. args]);
            AssertHandled(exit, stdout, stderr, string.Join(" ", overrides.Select(o => $"--set '{o.Item1}={o.Item2}'")));
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void Set_WithoutAnEqualsSign_OrAnEmptyPath_IsRefused()
    {
        foreach (var bad in new[] { "training.epochs", "=5", "", "=", ".=1", "[0]=1" })
        {
            var (exit, stdout, stderr) = Cli.Run("run", Repo.Experiment("hiring"), "--out", "-", "--quiet", "--set", bad);
            Assert.Equal(2, exit);
            AssertHandled(exit, stdout, stderr, bad);
        }
    }
}
