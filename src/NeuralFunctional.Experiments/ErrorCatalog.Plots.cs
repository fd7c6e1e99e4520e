namespace NeuralFunctional.Experiments;

/// <summary>NF205x: an output document that cannot be drawn as the plot asked for (<c>nf plot</c>). NF207x, below: what
/// <c>nf report</c> refuses.</summary>
public static partial class ErrorCatalog
{
    public static ExperimentError PlotNeedsRun(Site at, string kind) =>
        Make("NF2050", at, $"a {kind} plot draws a training run's output, and this is a curves document",
            "plot curves documents with --kind activations");

    public static ExperimentError PlotNeedsCurves(Site at) =>
        Make("NF2051", at, "an activations plot draws a curves document (the output of a `curves` experiment)",
            "e.g. nf plot experiments/activations.json --kind activations --out activations.png");

    public static ExperimentError BoundaryNeedsTwoInputs(Site at, int inputs) =>
        Make("NF2052", at, $"a decision boundary is drawn for a network with 2 inputs, and this one has {inputs}",
            "plot it with --kind loss or --kind network instead");

    public static ExperimentError PlotTakesOneDocument(Site at, string kind, int count) =>
        Make("NF2053", at, $"a {kind} plot draws one document, got {count}",
            "only --kind loss overlays several outputs");
}

/// <summary>NF207x: what <c>nf report</c> cannot make a page of.</summary>
public static partial class ErrorCatalog
{
    public static ExperimentError ReportNeedsHtml(string path) =>
        new("NF2070", "--out", "", null, null, $"the report is an HTML page, and `{path}` does not end in .html",
            $"e.g. --out {Path.ChangeExtension(path, ".html")}");

    public static ExperimentError ComparisonNeedsOut(int count) =>
        new("NF2071", "--out", "", null, null, $"a comparison of {count} documents has no obvious file name to write",
            "give one: --out comparison.html");

    public static ExperimentError NoSweepSummary(string folder) =>
        Make("NF2072", new Site(folder, "", null, null), "this folder holds no sweep summary (summary.json or summary-partial.json)",
            "run `nf sweep EXPERIMENT --out FOLDER` first, or `nf merge FOLDER` (with --partial while shards are missing) when it holds shard summaries");

    public static ExperimentError NotASweepSummary(Site at, string? format) =>
        Make("NF2073", at, $"a sweep report reads a sweep summary ({string.Join(" or ", SweepSummary.Formats)}), and this is {(format is null ? "not one" : $"`{format}`")}",
            "give the folder `nf sweep --out` wrote");

    public static ExperimentError SweepFolderAlone(string folder) =>
        Make("NF2074", new Site(folder, "", null, null), "a sweep folder is reported on its own, not compared with other files",
            "nf report FOLDER for the sweep; nf report A.json B.json to compare runs");
}
