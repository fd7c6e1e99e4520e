using System.Diagnostics;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary>A sharded sweep's progress, read from its output folder alone (what many scheduler tasks share): a shard
/// is <b>done</b> when its summary <c>summary-ID-shard-K-of-N.json</c> is there, <b>running</b> while its
/// <c>summary-ID-shard-K-of-N.running</c> file is (written when the shard starts, removed when it ends; it lists the
/// output documents the shard will write, so their count is its progress), and <b>missing</b> otherwise.
/// <c>nf sweep --status DIR</c> prints it; <c>nf sweep</c> uses <see cref="FinishedShard"/> to skip a shard already done.</summary>
public static partial class SweepStatus
{
    /// <summary>The format of a <c>.running</c> file.</summary>
    public const string RunningFormat = "neuralfunctional/sweep-shard-running@1";

    /// <summary>The rows of the shard summary at <paramref name="path"/> when it is this very shard of this very sweep
    /// (same experiment hash and data, same slice, every row there), else null: a file from another sweep or a broken
    /// one is not trusted, and the shard runs again.</summary>
    public static IReadOnlyList<JObject>? FinishedShard(string path, SweepHeader header, ShardInfo shard)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return SweepMerge.Merge([(path, File.ReadAllText(path))], partial: true).MatchUnsafe(
                Succ: merged => (string?)merged.Summary["experimentHash"] == header.ExperimentHash && SameData(merged.Summary, header)
                                && merged.Summary["rows"] is JArray rows && rows.Count == shard.To - shard.From
                    ? rows.Cast<JObject>().ToList() : null,
                Fail: _ => null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool SameData(JObject summary, SweepHeader header) =>
        JToken.DeepEquals(summary[DataFiles.Key] ?? new JArray(), DataFiles.Json(header.DataFiles));

    /// <summary>Writes the running mark of a shard about to run (atomically) and returns its path, to delete when the
    /// shard ends. It names the sweep, the shard, the host and process, and the output documents to come.</summary>
    public static string MarkRunning(string summaryPath, SweepHeader header, ShardInfo shard, IEnumerable<string> outputs)
    {
        var path = Path.ChangeExtension(summaryPath, ".running");
        var mark = new JObject
        {
            ["format"] = RunningFormat,
            ["experiment"] = header.Experiment,
            ["experimentHash"] = header.ExperimentHash,
            ["sweep"] = header.ShortId,
            ["variants"] = header.Variants,
            ["shard"] = new JObject { ["index"] = shard.Index, ["count"] = shard.Count, ["from"] = shard.From, ["to"] = shard.To },
            ["host"] = Environment.MachineName,
            ["pid"] = Environment.ProcessId,
            ["outputs"] = new JArray(outputs),
        };
        AtomicFile.WriteAllText(path, CanonicalJson.Write(mark));
        return path;
    }

    /// <summary>One shard file found in the folder.</summary>
    private sealed record Found(ShardFileName Name, string Path);

    /// <summary><c>nf sweep --status DIR</c>: for each sweep with shard files in DIR, its shards done, running (with how
    /// many of their output documents are written, and whether the process is gone when it ran on this host) and
    /// missing (with their variants), and what to run next. Exit 0; 2 when DIR is not a folder or holds no shard files.</summary>
    public static int Execute(string folder, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(folder))
            return SweepCommand.Reject(stderr, [File.Exists(folder)
                ? ErrorCatalog.BadOption("--status", $"{folder} is a file; give the sweep's output folder (the --out of its shards)")
                : ErrorCatalog.NoSuchFile(folder, "Give the output folder the shards write to (their --out).")]);
        var found = Directory.EnumerateFiles(folder)
            .Select(f => SweepSummary.ParseShardFileName(Path.GetFileName(f)) is { } name ? new Found(name, f) : null)
            .OfType<Found>()
            .ToList();
        if (found.Count == 0)
            return SweepCommand.Reject(stderr, [ErrorCatalog.NoShardFiles(new Site(folder, "", null, null), SweepCommand.Relative(folder))]);

        var shown = SweepCommand.Relative(folder);
        foreach (var group in found.GroupBy(f => (f.Name.Id, f.Name.Count)).OrderBy(g => g.Key.Id, StringComparer.Ordinal).ThenBy(g => g.Key.Count))
            Report(stdout, shown, folder, group.Key.Id, group.Key.Count, group.ToList());
        return ExitCode.Ok;
    }

    private static void Report(TextWriter stdout, string shown, string folder, string id, int count, List<Found> files)
    {
        var headers = files.Select(f => Header(f.Path)).Where(h => h is not null).Select(h => h!).ToList();
        var (experiment, variants) = headers.Count > 0 ? (headers[0].Experiment, headers[0].Variants) : ("?", -1);
        var done = files.Where(f => !f.Name.Running).Select(f => f.Name.Index).ToHashSet();
        var running = files.Where(f => f.Name.Running && !done.Contains(f.Name.Index)).OrderBy(f => f.Name.Index).ToList();
        var missing = Enumerable.Range(1, count).Where(k => !done.Contains(k) && running.All(r => r.Name.Index != k)).ToList();

        stdout.WriteLine($"{experiment} ({id}): {(variants >= 0 ? $"{variants} variants in " : "")}{count} shard{(count == 1 ? "" : "s")} in {shown}: " +
                         $"{done.Count} done, {running.Count} running, {missing.Count} missing");
        if (done.Count > 0) stdout.WriteLine($"  done     {Shards(done.Order(), count)}");
        foreach (var r in running) stdout.WriteLine($"  running  {r.Name.Index}/{count}: {Progress(r.Path, folder)}");
        if (missing.Count > 0)
            stdout.WriteLine($"  missing  {string.Join(", ", missing.Select(k => variants >= 0 ? $"{k}/{count} (variants {Range(SweepVariants.Slice(variants, k, count))})" : $"{k}/{count}"))}");
        if (missing.Count == 0 && running.Count == 0)
        {
            var whole = Path.Combine(folder, SweepSummary.WholeFileName);
            stdout.WriteLine(File.Exists(whole) && Header(whole) is { } merged && headers.Any(h => h.ExperimentHash == merged.ExperimentHash)
                ? $"  merged   {SweepCommand.Relative(whole)}"
                : $"  next     nf merge {shown}");
        }
    }

    /// <summary>A running shard's progress: its output documents written so far, where it runs, and whether its
    /// process is gone (known only on the host it ran on).</summary>
    private static string Progress(string markPath, string folder)
    {
        JObject mark;
        try { mark = JObject.Parse(File.ReadAllText(markPath)); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException) { return "its running file cannot be read"; }
        var outputs = (mark["outputs"] as JArray)?.Select(o => (string?)o).Where(o => o is not null).ToList() ?? [];
        var written = outputs.Count(o => File.Exists(Path.Combine(folder, Path.GetFileName(o!))));
        var host = (string?)mark["host"];
        var pid = mark["pid"] is JValue { Type: JTokenType.Integer } p ? (int)p : -1;
        var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(markPath);
        var where = $"on {host ?? "?"}, pid {pid}, started {Age(age)} ago";
        var gone = host == Environment.MachineName && pid > 0 && !Alive(pid);
        return $"{written} of {outputs.Count} output documents written ({where})" +
               (gone ? "; that process is gone: the shard stopped (run it again)" : "");
    }

    private static bool Alive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private sealed record Head(string Experiment, string ExperimentHash, int Variants);

    /// <summary>The experiment's name, hash and variant count from a shard summary, running file or summary, or null.</summary>
    private static Head? Header(string path)
    {
        try
        {
            var doc = JObject.Parse(File.ReadAllText(path));
            return doc["experiment"] is JValue { Type: JTokenType.String } e && doc["experimentHash"] is JValue { Type: JTokenType.String } h
                   && doc["variants"] is JValue { Type: JTokenType.Integer } v
                ? new Head((string)e!, (string)h!, (int)v) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException or InvalidCastException or OverflowException)
        {
            return null;
        }
    }

    private static string Shards(IEnumerable<int> indices, int count) => string.Join(", ", indices.Select(k => $"{k}/{count}"));

    private static string Range((int From, int To) slice) =>
        slice.To == slice.From ? "none" : slice.To - slice.From == 1 ? $"{slice.From}" : $"{slice.From}–{slice.To - 1}";

    private static string Age(TimeSpan t) =>
        t.TotalSeconds < 90 ? $"{Math.Max(0, (int)t.TotalSeconds)} s" : t.TotalMinutes < 90 ? $"{(int)t.TotalMinutes} min" : $"{(int)t.TotalHours} h";
}
