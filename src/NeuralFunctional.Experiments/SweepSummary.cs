using System.Diagnostics.Contracts;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>What identifies a sweep in its summaries: the experiment's name, the hash of its resolved JSON (with the
/// sweep and every <c>--set</c> applied), the data files it reads (path, size, SHA-256, rows; none for inline rows),
/// the sweep section, the number of variants and the summary's format (which says what its rows hold:
/// <see cref="SweepSummary.Format"/> for network experiments, <see cref="SweepSummary.ReinforcementFormat"/> for
/// reinforcement-learning ones).</summary>
public sealed record SweepHeader(string Experiment, string ExperimentHash, JObject Sweep, int Variants, string Format = SweepSummary.Format)
{
    /// <summary>The data files every variant reads (empty for inline rows and reinforcement learning).</summary>
    public ImmutableArray<DataFile> DataFiles { get; init; } = [];

    /// <summary>True when the sweep runs several seeds per grid point (then the summary has a <c>variation</c>).</summary>
    public bool HasSeeds => Sweep["seeds"] is not null;

    /// <summary>The sweep's identity: the experiment's hash when it reads no data file, else the SHA-256 of that hash and
    /// each data file's, so that shards of the same experiment over changed data are different sweeps.</summary>
    public string Identity => DataFiles.IsEmpty ? ExperimentHash
        : NeuralFunctional.Experiments.DataFiles.Sha256(Encoding.UTF8.GetBytes(string.Join("\n", [ExperimentHash, .. DataFiles.Select(f => f.Sha256)])));

    /// <summary>The first 12 hex digits of <see cref="Identity"/>: what names a sweep's shard files.</summary>
    public string ShortId => Identity.Substring("sha256:".Length, 12);

    /// <summary>How messages name the sweep: the experiment and its short identity.</summary>
    public string Shown => $"{Experiment} ({ShortId})";
}

/// <summary>The <c>Index</c>-th (1-based) of <c>Count</c> slices: the variants [<c>From</c>, <c>To</c>).</summary>
public sealed record ShardInfo(int Index, int Count, int From, int To);

/// <summary>The summary document of a sweep (canonical JSON): the header, one row per variant (its settings, output
/// document, status, final train and test loss, test predictions by id; for reinforcement learning the mean return of
/// the first and of the last window, the goal's episode, a bandit's best arm) and, for seed sweeps, how much each test
/// prediction (the last window's mean return) varies across the seeds of each grid point (<see cref="SweepVariation"/>). A shard's summary has a
/// <c>shard</c> and its slice of rows and no variation; <see cref="SweepMerge"/> joins shards into the very bytes an
/// unsharded sweep writes, because both come from <see cref="Build"/> over the same rows.</summary>
public static partial class SweepSummary
{
    /// <summary>Identifies the document's shape; bumped when a field changes meaning.</summary>
    public const string Format = "neuralfunctional/sweep-summary@1";

    /// <summary>The format of a reinforcement-learning sweep's summary: the same header, rows about returns.</summary>
    public const string ReinforcementFormat = "neuralfunctional/reinforce-sweep-summary@1";

    /// <summary>Both formats, as <see cref="SweepMerge"/> accepts them.</summary>
    public static readonly IReadOnlyList<string> Formats = [Format, ReinforcementFormat];

    [Pure]
    public static SweepHeader Header(Experiment e) => Header(e.Name, ExperimentJson.ToJson(e), e.Sweep, Format) with { DataFiles = NeuralFunctional.Experiments.DataFiles.Of(e) };

    [Pure]
    public static SweepHeader Header(ReinforcementExperiment e) => Header(e.Name, ReinforcementJson.ToJson(e), e.Sweep, ReinforcementFormat);

    private static SweepHeader Header(string name, JObject resolved, SweepPlan? plan, string format)
    {
        var canonical = CanonicalJson.Write(resolved);
        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var sweep = plan is not null ? ExperimentJson.Sweep(plan) : new JObject();
        return new SweepHeader(name, hash, sweep, plan?.Count ?? 1, format);
    }

    /// <summary>A variant's row, read from its output document.</summary>
    [Pure]
    public static JObject Row(Variant variant, string output, JObject document)
    {
        var row = new JObject
        {
            ["index"] = variant.Index,
            ["overrides"] = variant.Settings.DeepClone(),
            ["output"] = output,
            ["status"] = document["status"]!.DeepClone(),
        };
        if (document["metrics"]?["train"]?["loss"] is { } trainLoss) row["trainLoss"] = trainLoss.DeepClone();
        if (document["metrics"]?["test"]?["loss"] is { } testLoss) row["testLoss"] = testLoss.DeepClone();
        row["test"] = new JArray(document["predictions"]!["test"]!.Select(p => new JObject { ["id"] = p["id"]!.DeepClone(), ["output"] = p["output"]!.DeepClone() }));
        return row;
    }

    /// <summary>A reinforcement-learning variant's row, read from its output document: status, episodes played, the
    /// window (<c>training.record.window</c>), the mean return of the first and of the last window (of all episodes
    /// when fewer; null when none was played), with a goal the episode that reached it (or null), and for a bandit the
    /// final policy's probability of pulling the best arm (the first with the highest expected reward).</summary>
    [Pure]
    public static JObject Row(ReinforcementVariant variant, string output, JObject document)
    {
        var window = variant.Experiment.Training.Window;
        var returns = document["returns"]!.Select(r => (double)r).ToList();
        var row = new JObject
        {
            ["index"] = variant.Index,
            ["overrides"] = variant.Settings.DeepClone(),
            ["output"] = output,
            ["status"] = document["status"]!.DeepClone(),
            ["episodes"] = returns.Count,
            ["window"] = window,
            ["firstMeanReturn"] = returns.Count == 0 ? JValue.CreateNull() : new JValue(ReinforcementRunner.MeanOfFirst(returns, window)),
            ["lastMeanReturn"] = returns.Count == 0 ? JValue.CreateNull() : new JValue(ReinforcementRunner.MeanOfLast(returns, window)),
        };
        if (document["goal"] is JObject goal) row["goalReachedAt"] = goal["reachedAt"]!.DeepClone();
        if (document["arms"] is JArray arms && arms.Count > 0)
        {
            var best = arms.Aggregate((a, b) => (double)b["expectedReward"]! > (double)a["expectedReward"]! ? b : a);
            row["bestArm"] = best["arm"]!.DeepClone();
            row["bestArmProbability"] = best["probability"]!.DeepClone();
        }
        return row;
    }

    /// <summary>The summary document from its header and rows (in variant order).</summary>
    [Pure]
    public static JObject Build(SweepHeader header, IReadOnlyList<JObject> rows, ShardInfo? shard)
    {
        var doc = new JObject
        {
            ["format"] = header.Format,
            ["experiment"] = header.Experiment,
            ["experimentHash"] = header.ExperimentHash,
        };
        if (!header.DataFiles.IsEmpty) doc[NeuralFunctional.Experiments.DataFiles.Key] = NeuralFunctional.Experiments.DataFiles.Json(header.DataFiles);
        doc["sweep"] = header.Sweep.DeepClone();
        doc["variants"] = header.Variants;
        if (shard is not null)
            doc["shard"] = new JObject { ["index"] = shard.Index, ["count"] = shard.Count, ["from"] = shard.From, ["to"] = shard.To };
        doc["rows"] = new JArray(rows.Select(r => r.DeepClone()));
        if (shard is null && header.HasSeeds)
            doc["variation"] = header.Format == ReinforcementFormat ? SweepVariation.BuildReinforcement(rows) : SweepVariation.Build(rows);
        return doc;
    }

    /// <summary>The summary's file name: <c>summary.json</c>, or for a shard <c>summary-ID-shard-K-of-N.json</c> with ID
    /// the sweep's <see cref="SweepHeader.ShortId"/>, so that the shards of several sweeps can share one folder.</summary>
    public static string FileName(SweepHeader header, ShardInfo? shard) =>
        shard is null ? WholeFileName : $"summary-{header.ShortId}-shard-{shard.Index}-of-{shard.Count}.json";

    /// <summary>An unsharded (or merged) sweep's summary: <c>summary.json</c>.</summary>
    public const string WholeFileName = "summary.json";

    /// <summary>The pattern of shard summary file names (<see cref="FileName"/>).</summary>
    public const string ShardPattern = "summary-*-shard-*-of-*.json";

    /// <summary>What a shard file's name says (<see cref="FileName"/>, or its running mark <c>.running</c> beside it):
    /// the sweep's short identity, the shard's index and count, and whether it is the running mark; null for any other
    /// name, or a shard index outside 1..count.</summary>
    public static ShardFileName? ParseShardFileName(string fileName)
    {
        var match = ShardFileNameRegex().Match(fileName);
        if (!match.Success) return null;
        var index = Int(match.Groups[2].Value);
        var count = Int(match.Groups[3].Value);
        return index >= 1 && index <= count ? new ShardFileName(match.Groups[1].Value, index, count, match.Groups[4].Value == "running") : null;
    }

    [GeneratedRegex(@"^summary-([0-9a-f]{12})-shard-([0-9]+)-of-([0-9]+)\.(json|running)$")]
    private static partial Regex ShardFileNameRegex();

    private static int Int(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
}

/// <summary>A shard file's name, read (<see cref="SweepSummary.ParseShardFileName"/>): the sweep's short identity
/// (<see cref="SweepHeader.ShortId"/>), the shard's index (from 1) and count, and whether the file is the running mark.</summary>
public sealed record ShardFileName(string Id, int Index, int Count, bool Running);
