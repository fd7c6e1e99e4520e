namespace NeuralFunctional.Experiments;

/// <summary>NF205x: an output document that cannot be drawn as the plot asked for (<c>nf plot</c>).</summary>
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
