namespace NeuralFunctional.Experiments;

// Overrides (--set path=value), paths (overrides and sweep grids), sweeps, shards and merging shard summaries.
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
        Make("NF1611", at, $"`--shard {text}` is not k/n with 1 ≤ k ≤ n", "e.g. --shard 2/3 runs the second of three equal slices of the variants");

    public static ExperimentError NotASummary(Site at, string detail) =>
        Make("NF1612", at, $"not a sweep summary: {detail}", "give the summary files that `nf sweep --shard k/n` wrote (summary-shard-k-of-n.json)");

    public static ExperimentError ShardsDiffer(Site at, string what, string first, string firstFile, string here) =>
        Make("NF1613", at, $"this shard comes from a different {what} ({here}) than {firstFile} ({first})",
            "merge only shards of one sweep of one experiment, run with the same --set overrides");

    public static ExperimentError ShardsOverlap(Site at, string these, string other, string otherFile) =>
        Make("NF1614", at, $"this shard covers variants {these}, which overlap {otherFile} ({other})", "give each shard once");

    public static ExperimentError ShardsMissing(Site at, string missing, int total) =>
        Make("NF1615", at, $"no shard covers variants {missing} (of {total})", "run the missing shards with nf sweep --shard k/n and merge them all");
}
