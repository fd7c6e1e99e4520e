using System.Diagnostics.Contracts;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>What identifies a sweep in its summaries: the experiment's name, the hash of its resolved JSON (with the
/// sweep and every <c>--set</c> applied), the sweep section and the number of variants.</summary>
public sealed record SweepHeader(string Experiment, string ExperimentHash, JObject Sweep, int Variants)
{
    /// <summary>True when the sweep runs several seeds per grid point (then the summary has a <c>variation</c>).</summary>
    public bool HasSeeds => Sweep["seeds"] is not null;
}

/// <summary>The <c>Index</c>-th (1-based) of <c>Count</c> slices: the variants [<c>From</c>, <c>To</c>).</summary>
public sealed record ShardInfo(int Index, int Count, int From, int To);

/// <summary>The summary document of a sweep (canonical JSON): the header, one row per variant (its settings, output
/// document, status, final train and test loss, test predictions by id) and, for seed sweeps, how much each test
/// prediction varies across the seeds of each grid point (<see cref="SweepVariation"/>). A shard's summary has a
/// <c>shard</c> and its slice of rows and no variation; <see cref="SweepMerge"/> joins shards into the very bytes an
/// unsharded sweep writes, because both come from <see cref="Build"/> over the same rows.</summary>
public static class SweepSummary
{
    /// <summary>Identifies the document's shape; bumped when a field changes meaning.</summary>
    public const string Format = "neuralfunctional/sweep-summary@1";

    [Pure]
    public static SweepHeader Header(Experiment e)
    {
        var canonical = CanonicalJson.Write(ExperimentJson.ToJson(e));
        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var sweep = e.Sweep is { } plan ? ExperimentJson.Sweep(plan) : new JObject();
        return new SweepHeader(e.Name, hash, sweep, e.Sweep?.Count ?? 1);
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

    /// <summary>The summary document from its header and rows (in variant order).</summary>
    [Pure]
    public static JObject Build(SweepHeader header, IReadOnlyList<JObject> rows, ShardInfo? shard)
    {
        var doc = new JObject
        {
            ["format"] = Format,
            ["experiment"] = header.Experiment,
            ["experimentHash"] = header.ExperimentHash,
            ["sweep"] = header.Sweep.DeepClone(),
            ["variants"] = header.Variants,
        };
        if (shard is not null)
            doc["shard"] = new JObject { ["index"] = shard.Index, ["count"] = shard.Count, ["from"] = shard.From, ["to"] = shard.To };
        doc["rows"] = new JArray(rows.Select(r => r.DeepClone()));
        if (shard is null && header.HasSeeds) doc["variation"] = SweepVariation.Build(rows);
        return doc;
    }

    /// <summary>The summary's file name: <c>summary.json</c>, or <c>summary-shard-K-of-N.json</c> for a shard.</summary>
    public static string FileName(ShardInfo? shard) =>
        shard is null ? "summary.json" : $"summary-shard-{shard.Index}-of-{shard.Count}.json";
}
