namespace NeuralFunctional.Experiments;

// NF24xx: Elman networks and their sequence data.
public static partial class ErrorCatalog
{
    public static ExperimentError UnknownNetworkKind(Site at, string name) => UnknownKind("NF2401", at, "network kind", name, Names.NetworkKinds);

    public static ExperimentError HiddenActivation(Site at) =>
        Make("NF2402", at, "the hidden layer of an elman network cannot use softmax", "use \"tanh\" (the default) or another activation that acts on each unit");

    public static ExperimentError TruncateNegative(Site at, long value) =>
        Make("NF2403", at, $"bptt.truncate must be at least 0, got {value}", "0 is full backpropagation through time; k ≥ 1 lets each loss term's gradient flow back k steps");

    public static ExperimentError SequenceNeedsElman(Site at, string what) =>
        Make("NF2404", at, $"{what} is a sequence of vectors, but the network is feed-forward",
            "set network.kind to \"elman\" (with a network.hidden layer) to read sequences, or give one vector per row");

    public static ExperimentError UnknownSequenceTargets(Site at, string name) =>
        UnknownKind("NF2405", at, "sequence target mode", name, Names.SequenceTargetModes.Keys);

    public static ExperimentError NotASequence(Site at) =>
        Make("NF2406", at, "an elman network reads x as a sequence of vectors, one per time step",
            "write x as a list of vectors with network.inputs numbers each, e.g. [[1], [0], [1]]");

    public static ExperimentError EmptySequence(Site at) =>
        Make("NF2407", at, "a sequence needs at least one step", "give x at least one vector");

    public static ExperimentError StepsMismatch(Site at, int ySteps, int xSteps) =>
        Make("NF2408", at, $"y has {ySteps} steps but x has {xSteps}", "with targets perStep, y holds one vector per step of x");

    public static ExperimentError PerStepTargetsNeedSteps(Site at) =>
        Make("NF2409", at, "with targets perStep, y is a list of vectors, one per step of x", "e.g. \"y\": [[0], [1], [1]]; or set data.sequence.targets to \"last\"");

    public static ExperimentError LastTargetIsOneVector(Site at) =>
        Make("NF2410", at, "with targets last, y is one vector (the target after the last step)", "e.g. \"y\": [1]; or set data.sequence.targets to \"perStep\"");

    public static ExperimentError SequenceNotForDense(Site at) =>
        Make("NF2411", at, "data.sequence applies to elman networks only", "set network.kind to \"elman\", or remove data.sequence");
}
