namespace NeuralFunctional.Experiments;

// NF15xx: overrides (--set path=value) and paths (overrides and sweep grids); NF16xx: sweeps, shards and merging shard
// summaries.
public static partial class ErrorCatalog
{
    // --- overrides and paths ---
    public static ExperimentError OverrideSyntax(Site at, string text) =>
        Make("NF1501", at, $"`--set {text}` has no `=`: an override is path=value", "e.g. --set training.epochs=200 or --set network.layers[0].activation=tanh");

    public static ExperimentError BadPath(Site at, string path, string problem) =>
        Make("NF1502", at, $"`{path}` is not a path: {problem}",
            "keys are joined by `.`, array indices go in brackets, e.g. network.layers[0].units");

    public static ExperimentError NotAContainer(Site at, string parent, string holds, bool indexed) =>
        Make("NF1503", at, $"{(parent.Length == 0 ? "the experiment" : $"`{parent}`")} is {holds}: it has no {(indexed ? "elements to index" : "keys")}",
            $"set `{(parent.Length == 0 ? "…" : parent)}` itself instead");

    public static ExperimentError IndexOutOfRange(Site at, string array, int index, int count) =>
        Make("NF1504", at, $"index {index} is out of range: `{array}` has {count} element{(count == 1 ? "" : "s")}",
            count == 0 ? $"set the whole array instead, e.g. {array}=[…]" : $"indices run from 0 to {count - 1}; to change the length, set the whole array ({array}=[…])");

    // --- sweeps ---
    public static ExperimentError SweepVariesNothing(Site at) =>
        Make("NF1601", at, "the sweep varies nothing",
            "give `grid` (a path and its values, e.g. \"training.epochs\": [100, 1000]) and/or `seeds` ({ \"from\": 0, \"count\": 10 })");

    public static ExperimentError GridNoValues(Site at, string path) =>
        Make("NF1602", at, $"the grid gives no values for `{path}`", "list at least one value, e.g. [0.01, 0.1, 1]");

    public static ExperimentError GridPathNotAllowed(Site at, string path, string why) =>
        Make("NF1603", at, $"the grid cannot vary `{path}`: {why}", null);

    public static ExperimentError GridDuplicateValue(Site at, string path, string value) =>
        Make("NF1604", at, $"the grid lists the value {value} twice for `{path}`", "each value once; every variant is run once");

    public static ExperimentError SeedsCountNotPositive(Site at, long count) =>
        Make("NF1605", at, $"seeds.count must be at least 1, got {count}", "e.g. { \"from\": 0, \"count\": 100 }");

    public static ExperimentError SweepTooLarge(Site at, string count, int max) =>
        Make("NF1606", at, $"the sweep has {count} variants; at most {max} are allowed", "split it into several experiments, or use fewer values");

    public static ExperimentError SeedsOutOfRange(Site at) =>
        Make("NF1607", at, "the seeds run past the largest seed (2^64 − 1)", "start lower or count fewer");

    public static ExperimentError NoSweep(Site at) =>
        Make("NF1608", at, "the experiment has no `sweep` section, so there is nothing to sweep",
            "add one (e.g. \"sweep\": { \"seeds\": { \"from\": 0, \"count\": 10 } }), or give it on the command line: --set 'sweep={\"seeds\": {\"count\": 10}}'");

    public static ExperimentError BadVariant(Site at, string settings, ExperimentError inner) =>
        Make(inner.Code, at, $"the variant with {settings} is not a valid experiment: {inner.Message}{(inner.Path.Length > 0 ? $" (at {inner.Path})" : "")}", inner.Hint);

    // --- shards and merging ---
    public static ExperimentError ShardSyntax(Site at, string text) =>
        Make("NF1611", at, $"`--shard {text}` is not k/n with 1 ≤ k ≤ n, nor auto or auto/n",
            "e.g. --shard 2/3 runs the second of three equal slices of the variants; --shard auto takes the shard from a Slurm array, a Kubernetes Indexed Job (auto/n) or NF_SHARD=k/n");

    public static ExperimentError NotASummary(Site at, string detail) =>
        Make("NF1612", at, $"not a sweep summary: {detail}", "give the summary files that `nf sweep --shard k/n` wrote (summary-ID-shard-k-of-n.json)");

    public static ExperimentError ShardsDiffer(Site at, string what, string first, string firstFile, string here) =>
        Make("NF1613", at, $"this shard comes from a different {what} ({here}) than {firstFile} ({first})",
            "merge only shards of one sweep of one experiment, run with the same --set overrides");

    public static ExperimentError ShardTwice(Site at, int index, int count, string otherFile) =>
        Make("NF1621", at, $"shard {index}/{count} is given twice: here and in {otherFile}",
            "give each shard once (a shard that ran twice wrote the same file name; remove the copy)");

    public static ExperimentError SeveralSweeps(Site at, IReadOnlyList<string> sweeps) =>
        Make("NF1622", at, $"the shard files are of {sweeps.Count} different sweeps: {string.Join("; ", sweeps)}",
            "merge one sweep at a time, e.g. nf merge 'DIR/summary-ID-shard-*.json' with ID as listed; the sweep's identity covers the resolved experiment (with --set) and its data files");

    public static ExperimentError NoShardFiles(Site at, string folder) =>
        Make("NF1623", at, $"{folder} holds no shard summaries (summary-ID-shard-K-of-N.json)",
            "run the shards first: nf sweep EXPERIMENT --shard k/n (or --shard auto) --out DIR");

    public static ExperimentError ShardsOverlap(Site at, string these, string other, string otherFile) =>
        Make("NF1614", at, $"this shard covers variants {these}, which overlap {otherFile} ({other})", "give each shard once");

    public static ExperimentError ShardsMissing(Site at, string missing, int total, string? shards) =>
        Make("NF1615", at, $"no shard covers variants {missing} (of {total}){(shards is null ? "" : $": {shards} missing")}",
            "run the missing shards with nf sweep --shard k/n and merge them all, or merge what is there with --partial");

    // --- the shard from the scheduler's environment (--shard auto) ---
    public static ExperimentError ShardVariable(Site at, string name, string? value, string expected) =>
        Make("NF1616", at, value is null ? $"{name} is not set, but the other Slurm array variables are" : $"{name}={value} is not {expected}",
            "--shard auto reads " + (name.StartsWith("SLURM", StringComparison.Ordinal) ? "the variables Slurm sets in an array task (sbatch --array=…)" : name) + "; or give --shard k/n");

    public static ExperimentError ShardCountUnknown(Site at, int index) =>
        Make("NF1617", at, $"a Kubernetes Indexed Job gives this pod's index (JOB_COMPLETION_INDEX={index}) but not how many shards there are",
            "give the Job's completions as --shard auto/N or in NF_SHARD_COUNT");

    public static ExperimentError ShardsDisagree(Site at, IReadOnlyList<string> sources) =>
        Make("NF1618", at, $"the shard numbers disagree: {string.Join("; ", sources)}",
            "set one source, or make them agree (e.g. --shard auto/N with N the array's or the Job's task count)");

    public static ExperimentError NoScheduler(Site at, bool slurmJob) =>
        Make("NF1619", at, slurmJob ? "--shard auto: this Slurm job is not an array job (no SLURM_ARRAY_TASK_ID)"
            : "--shard auto: no job-array scheduler found (no SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or NF_SHARD)",
            slurmJob ? "submit it with sbatch --array=1-N, or give --shard k/n" : "run it as a Slurm array task or Kubernetes Indexed Job, set NF_SHARD=k/n (e.g. in a CI matrix), or give --shard k/n");

    public static ExperimentError SlurmArrayNotARange(Site at, string shown) =>
        Make("NF1620", at, $"the Slurm array is not an evenly stepped range, so this task's shard is unclear: {shown}",
            "submit the array as a range, e.g. --array=1-8 or --array=0-30:10 (a % limit is fine), or set NF_SHARD=k/n in the batch script");
}
