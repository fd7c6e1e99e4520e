using System.Globalization;
using System.Text;
using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>A stopped run, saved whole: the resolved experiment it came from, the state training goes on from, and
/// the progress so far (a supervised run's trace, or a reinforcement run's returns). Resuming it gives the same output
/// bytes as a run that never stopped. What is saved of each kind's state is <see cref="SupervisedCheckpoint"/>'s and
/// <see cref="ReinforcementCheckpoint"/>'s; everything else is <see cref="CheckpointFile"/>'s, once.</summary>
public sealed record Checkpoint<TState, TProgress>(JObject Experiment, TState State, TProgress Progress);

/// <summary>What tells the kinds of checkpoint apart: the format, the count the state is at (<c>epoch</c> or
/// <c>episode</c>; <c>training.epochs</c> or <c>training.episodes</c> may grow on resume), and the key of the
/// progress so far (<c>trace</c> or <c>returns</c>).</summary>
public sealed record CheckpointKind(string Format, string Count, string ProgressKey, bool IsReinforcement)
{
    public const string SupervisedFormat = "neuralfunctional/checkpoint@1";
    public const string ReinforcementFormat = "neuralfunctional/reinforce-checkpoint@1";

    public static readonly CheckpointKind Supervised = new(SupervisedFormat, "epoch", "trace", IsReinforcement: false);
    public static readonly CheckpointKind Reinforcement = new(ReinforcementFormat, "episode", "returns", IsReinforcement: true);

    /// <summary>The setting that may be larger when a checkpoint is resumed.</summary>
    public string Growing => $"training.{Count}s";

    /// <summary>The other kind (its checkpoint is refused as such, NF1715).</summary>
    public CheckpointKind Other => IsReinforcement ? Supervised : Reinforcement;
}

/// <summary>What every kind of checkpoint shares (<see cref="SupervisedCheckpoint"/>, <see cref="ReinforcementCheckpoint"/>): the
/// envelope (<c>format</c>, the resolved <c>experiment</c>, <c>state</c>, and last <c>checkpointHash</c>, the SHA-256 of
/// the canonical JSON of everything before it), sealing one, and opening one: the format, then the hash (an edited
/// checkpoint is refused as modified, NF1905, before anything in it is believed), then the experiment (the same one,
/// only the growing count may differ), then every value of the state checked by <see cref="CheckpointFields"/>. Every
/// problem is an error value with the JSON path and line; no .NET message reaches the user.</summary>
public static class CheckpointFile
{
    /// <summary>The key of the content hash.</summary>
    public const string HashKey = "checkpointHash";

    /// <summary>The checkpoint with its <c>checkpointHash</c> added last.</summary>
    public static JObject Seal(JObject checkpoint)
    {
        checkpoint[HashKey] = Hash(checkpoint);
        return checkpoint;
    }

    /// <summary><c>sha256:</c> and the hex SHA-256 of the canonical JSON of <paramref name="checkpoint"/> without its hash.</summary>
    public static string Hash(JObject checkpoint)
    {
        var content = (JObject)checkpoint.DeepClone();
        content.Remove(HashKey);
        return DataFiles.Sha256(Encoding.UTF8.GetBytes(CanonicalJson.Write(content)));
    }

    /// <summary>A checkpoint of <paramref name="kind"/> as canonical JSON: its format, the resolved experiment, the
    /// state, the progress so far (under <see cref="CheckpointKind.ProgressKey"/>), sealed with its hash.</summary>
    public static JObject Build(CheckpointKind kind, JObject experiment, JObject state, JToken progress) =>
        Seal(new JObject
        {
            ["format"] = kind.Format,
            ["experiment"] = experiment,
            ["state"] = state,
            [kind.ProgressKey] = progress,
        });

    /// <summary>Reads a checkpoint of <paramref name="kind"/> for the experiment whose resolved JSON is
    /// <paramref name="now"/>: refused unless it is of this kind (NF1715 for the other kind, NF1901 for anything else),
    /// unmodified (NF1905, NF1906), of the same experiment but for a larger count (NF1902; NF1903 when its count is
    /// beyond <paramref name="limit"/>), and every value of its state is what nf writes (NF1904, all at once). The
    /// count is read first; <paramref name="read"/> reads the rest of the kind's state and progress with the count,
    /// or null when the count itself is wrong (then nothing is checked against it, so a bad count is not echoed).</summary>
    public static Validation<ExperimentError, Checkpoint<TState, TProgress>> Read<TState, TProgress>(string file, string text, CheckpointKind kind,
        JObject now, int limit, Func<CheckpointFields, Opened, int?, (TState State, TProgress Progress)> read) =>
        Open(file, text, kind, now).Bind(opened =>
        {
            var f = new CheckpointFields(file);
            var at = $"state.{kind.Count}";
            var count = (int)f.Integer(f.Get(opened.State, kind.Count, at), at, 0, int.MaxValue);
            var known = f.Problems.Count == 0 ? count : (int?)null;
            if (known > limit)
                return Fail<ExperimentError, Checkpoint<TState, TProgress>>(ErrorCatalog.CheckpointBeyondEpochs(file, count, limit, kind.Count));
            var (state, progress) = read(f, opened, known);
            return f.Problems.Count > 0
                ? Fail<ExperimentError, Checkpoint<TState, TProgress>>(toSeq(f.Problems))
                : Success<ExperimentError, Checkpoint<TState, TProgress>>(new Checkpoint<TState, TProgress>(opened.Experiment, state, progress));
        });

    /// <summary>A checkpoint opened: its root, the experiment it records and its <c>state</c>, each trusted as written by nf.</summary>
    public sealed record Opened(JObject Root, JObject Experiment, JObject State);

    /// <summary>Parses <paramref name="text"/> and checks the envelope: the format (the other kind's is NF1715), the
    /// hash, and that its experiment is <paramref name="now"/> but for the kind's growing count.</summary>
    private static Validation<ExperimentError, Opened> Open(string file, string text, CheckpointKind kind, JObject now) =>
        ExperimentParser.ParseTree(file, text).Bind(tree =>
        {
            var root = tree as JObject;
            var found = (string?)(root?["format"] as JValue);
            if (found == kind.Other.Format) return Fail<ExperimentError, Opened>(ErrorCatalog.CheckpointOfOtherKind(file, reinforcement: kind.Other.IsReinforcement));
            if (root is null || found != kind.Format) return Fail<ExperimentError, Opened>(ErrorCatalog.NotACheckpoint(file, found, expected: kind.Format));
            if (root[HashKey] is not JValue { Type: JTokenType.String } recordedHash)
                return Fail<ExperimentError, Opened>(ErrorCatalog.CheckpointUnsealed(Site(file, HashKey, root)));
            var actual = Hash(root);
            if ((string)recordedHash! != actual)
                return Fail<ExperimentError, Opened>(ErrorCatalog.CheckpointModified(Site(file, HashKey, recordedHash), (string)recordedHash!, actual));
            if (root["experiment"] is not JObject recorded || root["state"] is not JObject state)
                return Fail<ExperimentError, Opened>(ErrorCatalog.NotACheckpoint(file, detail: "it has no `experiment` or no `state` object"));
            // Compare as read back from canonical text, so 12 and 12.0 (same double) are the same value.
            var differences = Differences(JToken.Parse(CanonicalJson.Write(now)), recorded, "", kind.Growing).ToList();
            return differences.Count > 0
                ? Fail<ExperimentError, Opened>(ErrorCatalog.CheckpointFromOtherExperiment(file, differences, kind.Growing))
                : Success<ExperimentError, Opened>(new Opened(root, recorded, state));
        });

    /// <summary>Where <paramref name="token"/> is: the file, the JSON path and its line.</summary>
    internal static Site Site(string file, string path, JToken token)
    {
        var (line, column) = SourcePositions.Of(token);
        return new Site(file, path, line, column);
    }

    /// <summary>An rng state as four 16-digit hex strings (a JSON number cannot hold 64 bits exactly).</summary>
    internal static JArray Words(RngState rng) =>
        new(new[] { rng.S0, rng.S1, rng.S2, rng.S3 }.Select(w => w.ToString("x16", CultureInfo.InvariantCulture)));

    /// <summary>An optimizer's state: its step count and moments (doubles in shortest round-trip form).</summary>
    internal static JObject Optimizer(OptimizerState optimizer) => new()
    {
        ["step"] = optimizer.Step,
        ["moments"] = new JArray(optimizer.Moments.Select(m => new JArray(m.Select(v => new JValue(v))))),
    };

    /// <summary>Paths where two resolved experiments differ (as <c>path: a (checkpoint) vs b (now)</c>), ignoring the
    /// path that may grow (<paramref name="growing"/>: <c>training.epochs</c>, or <c>training.episodes</c>).</summary>
    internal static IEnumerable<string> Differences(JToken now, JToken then, string path, string growing)
    {
        if (path == growing) yield break;
        if (now is JObject a && then is JObject b)
        {
            foreach (var key in a.Properties().Select(p => p.Name).Union(b.Properties().Select(p => p.Name)))
                foreach (var d in Differences(a[key] ?? JValue.CreateNull(), b[key] ?? JValue.CreateNull(), path.Length == 0 ? key : $"{path}.{key}", growing))
                    yield return d;
        }
        else if (now is JArray x && then is JArray y && x.Count == y.Count)
        {
            for (var i = 0; i < x.Count; i++)
                foreach (var d in Differences(x[i], y[i], $"{path}[{i}]", growing)) yield return d;
        }
        else if (!JToken.DeepEquals(now, then))
        {
            yield return $"{path}: {Short(then)} (checkpoint) vs {Short(now)} (now)";
        }
    }

    private static string Short(JToken t)
    {
        var s = t.ToString(Newtonsoft.Json.Formatting.None);
        return s.Length > 40 ? s[..37] + "..." : s;
    }
}

/// <summary>Reads the values of a checkpoint's <c>state</c>, each checked where it stands: a missing key, a wrong type,
/// a number out of its range, a non-integer count, a non-finite or non-numeric parameter, a shape that does not fit
/// the experiment's network or optimizer. Every problem is collected (NF1904, with its JSON path and line); a reader
/// returns a placeholder after a problem, so that the rest is still checked, and the caller uses the values only when
/// <see cref="Problems"/> is empty. Local mutation of the list this reader owns.</summary>
public sealed class CheckpointFields(string file)
{
    private readonly List<ExperimentError> problems = [];

    /// <summary>Every problem found so far.</summary>
    public IReadOnlyList<ExperimentError> Problems => problems;

    private void Problem(JToken? at, string path, string expected, JToken? parent = null)
    {
        var where = at ?? parent;
        var site = where is null ? new Site(file, path, null, null) : CheckpointFile.Site(file, path, where);
        problems.Add(ErrorCatalog.CheckpointValue(site, expected, at is null ? "nothing (the key is missing)" : Shown(at)));
    }

    private static string Shown(JToken t)
    {
        var s = t.ToString(Newtonsoft.Json.Formatting.None);
        return s.Length > 40 ? s[..37] + "..." : s;
    }

    /// <summary>A value that may not be there: <paramref name="expected"/> says what should be.</summary>
    public void Unexpected(JToken t, string path, string expected) => Problem(t, path, expected);

    /// <summary>The value at <paramref name="key"/> of <paramref name="parent"/>, or null (and a problem) when absent.</summary>
    public JToken? Get(JToken parent, string key, string path)
    {
        var value = (parent as JObject)?[key];
        if (value is null) Problem(null, path, "a value", parent);
        return value;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long Integer(JToken? t, string path, long min, long max)
    {
        if (t is null) return min;
        if (t is JValue { Type: JTokenType.Integer } v && v.Value is long n && n >= min && n <= max) return n;
        Problem(t, path, max >= int.MaxValue ? $"an integer of at least {min}"
            : min > max ? $"an integer of at least {min} and at most {max}, which none is" : $"an integer from {min} to {max}");
        return min;
    }

    /// <summary>A number, finite unless <paramref name="nonFinite"/> (then also "NaN", "Infinity", "-Infinity" as the
    /// canonical writer puts them).</summary>
    public double Number(JToken? t, string path, bool nonFinite = false)
    {
        if (t is null) return 0;
        if (t is JValue { Type: JTokenType.Integer or JTokenType.Float } v)
        {
            var d = Convert.ToDouble(v.Value, CultureInfo.InvariantCulture);
            if (double.IsFinite(d)) return d;
        }
        if (nonFinite && t is JValue { Type: JTokenType.String } s)
            switch ((string?)s)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
        Problem(t, path, nonFinite ? "a number" : "a finite number");
        return 0;
    }

    public bool Boolean(JToken? t, string path)
    {
        if (t is null) return false;
        if (t is JValue { Type: JTokenType.Boolean } v) return (bool)v;
        Problem(t, path, "true or false");
        return false;
    }

    /// <summary>An array of exactly <paramref name="count"/> elements (any count when null).</summary>
    public JArray Array(JToken? t, string path, int? count = null)
    {
        if (t is null) return [];
        if (t is JArray a && (count is null || a.Count == count)) return a;
        Problem(t, path, count is { } n ? $"an array of {n} element{(n == 1 ? "" : "s")}" : "an array");
        return [];
    }

    /// <summary>Numbers, <paramref name="count"/> of them, finite unless <paramref name="nonFinite"/>.</summary>
    public double[] Numbers(JToken? t, string path, int count, bool nonFinite = false)
    {
        var a = Array(t, path, count);
        return a.Count != count ? new double[count] : a.Select((v, i) => Number(v, $"{path}[{i}]", nonFinite)).ToArray();
    }

    /// <summary>An rng state: four 16-digit hex words, not all zero (xoshiro's one state that never leaves zero).</summary>
    public RngState Rng(JToken? t, string path)
    {
        var a = Array(t, path, 4);
        if (a.Count != 4) return new RngState(1, 0, 0, 0);
        var words = new ulong[4];
        for (var i = 0; i < 4; i++)
        {
            if (a[i] is JValue { Type: JTokenType.String } s && ((string)s!).Length == 16
                && ulong.TryParse((string)s!, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var w))
                words[i] = w;
            else Problem(a[i], $"{path}[{i}]", "a word of 16 hex digits");
        }
        if (words.All(w => w == 0)) { Problem(t, path, "an rng state that is not all zero"); return new RngState(1, 0, 0, 0); }
        return new RngState(words[0], words[1], words[2], words[3]);
    }

    /// <summary>The parameters of an output document's <c>parameters</c> object, in <see cref="Network.Parameters"/>
    /// order, with the shape of <paramref name="shape"/>'s layers (weights units × inputs, biases units): numbers, or
    /// the canonical "NaN" / "Infinity" / "-Infinity" of a run that diverged (the hash vouches for them).</summary>
    public Network Parameters(JToken? t, string path, Network shape)
    {
        var values = new List<double>(Network.ParameterCount(shape));
        var layers = Array(t is null ? null : Get(t, "layers", $"{path}.layers"), $"{path}.layers", shape.Layers.Length);
        if (layers.Count != shape.Layers.Length) return shape;
        for (var l = 0; l < shape.Layers.Length; l++)
        {
            var at = $"{path}.layers[{l}]";
            var layer = shape.Layers[l];
            var rows = Array(Get(layers[l], "weights", $"{at}.weights"), $"{at}.weights", layer.Units);
            for (var j = 0; j < layer.Units; j++)
                values.AddRange(Numbers(j < rows.Count ? rows[j] : null, $"{at}.weights[{j}]", layer.Inputs, nonFinite: true));
            values.AddRange(Numbers(Get(layers[l], "biases", $"{at}.biases"), $"{at}.biases", layer.Units, nonFinite: true));
        }
        return values.Count == Network.ParameterCount(shape) ? Network.WithParameters(shape, values.ToArray()) : shape;
    }

    /// <summary>An optimizer state fitting a fresh one (<paramref name="fresh"/>: as many moments, each one number per
    /// parameter), its step at least 0.</summary>
    public OptimizerState Optimizer(JToken? t, string path, OptimizerState fresh)
    {
        if (t is null) return fresh;
        var step = Integer(Get(t, "step", $"{path}.step"), $"{path}.step", 0, long.MaxValue);
        var moments = Array(Get(t, "moments", $"{path}.moments"), $"{path}.moments", fresh.Moments.Length);
        if (moments.Count != fresh.Moments.Length) return fresh;
        var read = fresh.Moments.Select((m, i) => Numbers(moments[i], $"{path}.moments[{i}]", m.Length, nonFinite: true).ToImmutableArray()).ToImmutableArray();
        return new OptimizerState(step, read);
    }
}
