namespace NeuralFunctional.Experiments;

// NF25xx: unsupervised learning (the reconstruct objective, bottleneck layers, labels).
public static partial class ErrorCatalog
{
    public static ExperimentError UnknownObjective(Site at, string name) =>
        UnknownKind("NF2501", at, "objective", name, ["predict", "reconstruct"]);

    public static ExperimentError ReconstructionShape(Site at, int outputs, int inputs, int layer) =>
        Make("NF2502", at, $"the reconstruct objective needs as many output units as inputs: layer {layer} has {outputs}, network.inputs is {inputs}",
            $"set network.layers[{layer}].units to {inputs}: an autoencoder's output is its input again");

    public static ExperimentError ReconstructionLoss(Site at, string loss) =>
        Make("NF2503", at, $"the reconstruct objective measures the reconstruction error as mean squared error, not `{loss}`",
            "use \"loss\": \"mse\" (or leave it out)");

    public static ExperimentError BottleneckIsOutput(Site at, int layer) =>
        Make("NF2504", at, $"layer {layer} is the output layer; its activations are the output already",
            "mark a hidden layer as the bottleneck, usually the narrowest one");

    public static ExperimentError DuplicateBottleneck(Site at, string firstPath) =>
        Make("NF2505", at, $"only one layer can be the bottleneck; {firstPath} is already", "remove one of the marks");

    public static ExperimentError ReconstructionNeedsDense(Site at) =>
        Make("NF2507", at, "the reconstruct objective trains dense networks only, not an elman network",
            "use a dense network (leave network.kind out) for an autoencoder");

    public static ExperimentError LabelLength(Site at, int length, int expected) =>
        Make("NF2506", at, $"this label has {length} values, expected {expected} (as data.targets or the first labelled row)",
            "under the reconstruct objective a row's y is a label that training never sees; give every label the same length");
}
