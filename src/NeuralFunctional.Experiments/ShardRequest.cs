using System.Diagnostics.Contracts;
using System.Globalization;
using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>Which shard of a sweep to run: the <c>Index</c>-th (1-based) of <c>Count</c> slices, and where the numbers
/// came from (<c>--shard 2/4</c>, a Slurm array task, a Kubernetes Indexed Job, <c>NF_SHARD</c>), as messages show it.</summary>
public sealed record ShardChoice(int Index, int Count, string Source);

/// <summary>The <c>--shard</c> option read: <c>k/n</c> as given, or <c>auto</c> / <c>auto/n</c>, which take the shard from
/// the job-array scheduler the process runs under. Pure: the environment comes in as a lookup.
/// <list type="bullet">
/// <item>Slurm job arrays: <c>SLURM_ARRAY_TASK_ID</c> with <c>_MIN</c>, <c>_MAX</c>, <c>_COUNT</c> and <c>_STEP</c>; the
/// task is shard (ID − MIN) / STEP + 1 of COUNT, so arrays that start at 1 (<c>--array=1-4</c>) or step
/// (<c>--array=0-30:10</c>) are right. Slurm (22.05) sets STEP = 1 for a list (<c>--array=1,3,5</c>: MIN 1, MAX 5,
/// COUNT 3), from which no shard follows: a list is refused unless its tasks are consecutive.</item>
/// <item>Kubernetes Indexed Jobs: <c>JOB_COMPLETION_INDEX</c> (from 0) is shard index + 1; the count is not in the
/// environment, so it comes from <c>--shard auto/n</c> or <c>NF_SHARD_COUNT</c> (the Job's <c>completions</c>).</item>
/// <item>Anything else (a CI matrix): <c>NF_SHARD=k/n</c>.</item>
/// </list>
/// Every source found must give the same shard, and <c>auto/n</c> or <c>NF_SHARD_COUNT</c> must agree with it.</summary>
public static class ShardRequest
{
    /// <summary>The environment variables <c>--shard auto</c> reads, in the order messages list them.</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        "NF_SHARD", "NF_SHARD_COUNT", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX",
        "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_STEP", "SLURM_ARRAY_JOB_ID", "SLURM_JOB_ID", "JOB_COMPLETION_INDEX",
    ];

    /// <summary>The shard <paramref name="text"/> asks for, reading <paramref name="environment"/> for <c>auto</c>.</summary>
    [Pure]
    public static Validation<ExperimentError, ShardChoice> Resolve(string text, Func<string, string?> environment)
    {
        var at = new Site("--shard", "", null, null);
        if (text == "auto") return Auto(at, null, environment);
        if (text.StartsWith("auto/", StringComparison.Ordinal))
            return Count(text["auto/".Length..]) is { } n ? Auto(at, n, environment) : Fail(ErrorCatalog.ShardSyntax(at, text));
        return Parse(text) is var (k, count) ? Success<ExperimentError, ShardChoice>(new ShardChoice(k, count, $"--shard {text}"))
            : Fail(ErrorCatalog.ShardSyntax(at, text));
    }

    /// <summary><c>k/n</c> with 1 ≤ k ≤ n (plain digits), or null.</summary>
    [Pure]
    public static (int K, int N)? Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || Count(parts[0]) is not { } k || Count(parts[1]) is not { } n || k > n) return null;
        return (k, n);
    }

    /// <summary>A positive count in plain digits, or null.</summary>
    private static int? Count(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : null;

    /// <summary>A non-negative integer in plain digits, or null.</summary>
    private static int? Natural(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static Validation<ExperimentError, ShardChoice> Auto(Site at, int? countOption, Func<string, string?> env)
    {
        var errors = new List<ExperimentError>();
        var found = new List<ShardChoice>();
        int? count = countOption;
        string countSource = $"--shard auto/{countOption}";
        if (env("NF_SHARD_COUNT") is { } countText)
        {
            if (Count(countText) is not { } n) errors.Add(ErrorCatalog.ShardVariable(at, "NF_SHARD_COUNT", countText, "a count of at least 1"));
            else if (count is { } c && c != n) errors.Add(ErrorCatalog.ShardsDisagree(at, [$"{countSource} says {c} shards", $"NF_SHARD_COUNT={n} says {n}"]));
            else (count, countSource) = (n, $"NF_SHARD_COUNT={n}");
        }

        if (env("NF_SHARD") is { } explicitText)
        {
            if (Parse(explicitText) is var (k, n)) found.Add(new ShardChoice(k, n, $"NF_SHARD={explicitText}"));
            else errors.Add(ErrorCatalog.ShardVariable(at, "NF_SHARD", explicitText, "k/n with 1 ≤ k ≤ n, e.g. 2/4"));
        }
        if (env("SLURM_ARRAY_TASK_ID") is not null) Slurm(at, env, found, errors);
        if (env("JOB_COMPLETION_INDEX") is { } indexText)
        {
            if (Natural(indexText) is not { } index) errors.Add(ErrorCatalog.ShardVariable(at, "JOB_COMPLETION_INDEX", indexText, "a completion index (0, 1, 2, …)"));
            else if (count is not { } n)
            {
                if (found.Count == 0) errors.Add(ErrorCatalog.ShardCountUnknown(at, index));
            }
            else if (index >= n) errors.Add(ErrorCatalog.ShardsDisagree(at, [$"JOB_COMPLETION_INDEX={index} is shard {index + 1}", $"{countSource} says there are {n}"]));
            else found.Add(new ShardChoice(index + 1, n, $"Kubernetes Indexed Job, JOB_COMPLETION_INDEX={index} of {countSource}"));
        }
        if (errors.Count > 0) return Fail<ExperimentError, ShardChoice>(toSeq(errors));

        if (found.Count == 0)
            return Fail(ErrorCatalog.NoScheduler(at, env("SLURM_JOB_ID") is not null));
        var first = found[0];
        var disagreeing = found.Where(f => f.Index != first.Index || f.Count != first.Count).ToList();
        if (disagreeing.Count > 0)
            return Fail(ErrorCatalog.ShardsDisagree(at, found.Select(f => $"{f.Source} gives shard {f.Index}/{f.Count}").ToList()));
        if (count is { } expected && expected != first.Count)
            return Fail(ErrorCatalog.ShardsDisagree(at, [$"{first.Source} gives shard {first.Index}/{first.Count}", $"{countSource} says {expected} shards"]));
        return Success<ExperimentError, ShardChoice>(first);
    }

    /// <summary>A Slurm array task's shard: (ID − MIN) / STEP + 1 of (MAX − MIN) / STEP + 1, which must be COUNT (MAX is
    /// the last task's id: <c>--array=2-9:3</c> has MAX 8). Without <c>_STEP</c> (Slurm 22.05 always sets it; a
    /// scheduler imitating Slurm may not), the step is inferred when the tasks are evenly spaced.</summary>
    private static void Slurm(Site at, Func<string, string?> env, List<ShardChoice> found, List<ExperimentError> errors)
    {
        var values = new Dictionary<string, int>();
        foreach (var name in new[] { "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_COUNT" })
        {
            var text = env(name);
            if (Natural(text) is { } v) values[name] = v;
            else errors.Add(ErrorCatalog.ShardVariable(at, name, text, "an integer from 0 (Slurm sets it in every array task)"));
        }
        var stepText = env("SLURM_ARRAY_TASK_STEP");
        int? step = stepText is null ? null : Count(stepText);
        if (stepText is not null && step is null) errors.Add(ErrorCatalog.ShardVariable(at, "SLURM_ARRAY_TASK_STEP", stepText, "a step of at least 1"));
        if (values.Count < 4 || (stepText is not null && step is null)) return;

        var (id, min, max, count) = (values["SLURM_ARRAY_TASK_ID"], values["SLURM_ARRAY_TASK_MIN"], values["SLURM_ARRAY_TASK_MAX"], values["SLURM_ARRAY_TASK_COUNT"]);
        var shown = $"SLURM_ARRAY_TASK_ID={id} (MIN={min}, MAX={max}, COUNT={count}{(stepText is null ? "" : $", STEP={step}")})";
        var s = step ?? (count > 1 && (max - min) % (count - 1) == 0 ? (max - min) / (count - 1) : 1);
        if (min > max || id < min || id > max || s < 1 || (max - min) % s != 0 || (id - min) % s != 0 || (max - min) / s + 1 != count)
        {
            errors.Add(ErrorCatalog.SlurmArrayNotARange(at, shown));
            return;
        }
        found.Add(new ShardChoice((id - min) / s + 1, count, $"Slurm array task {shown}"));
    }

    private static Validation<ExperimentError, ShardChoice> Fail(ExperimentError error) => Fail<ExperimentError, ShardChoice>(error);
}
