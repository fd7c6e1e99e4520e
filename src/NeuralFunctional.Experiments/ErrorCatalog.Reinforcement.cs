namespace NeuralFunctional.Experiments;

// NF17xx: reinforcement learning (environment, policy network, REINFORCE settings, checkpoints). NF1714 (--checkpoint and
// --resume refused on reinforcement-learning files) is retired: they work now.
public static partial class ErrorCatalog
{
    public static ExperimentError UnknownEnvironment(Site at, string name) =>
        UnknownKind("NF1701", at, "environment", name, Names.Environments);

    public static ExperimentError TooFewArms(Site at, int arms) =>
        Make("NF1702", at, $"a bandit needs at least 2 arms, got {arms}", "e.g. \"arms\": [{ \"p\": 0.2 }, { \"p\": 0.8 }]");

    public static ExperimentError ArmKind(Site at, bool both) =>
        Make("NF1703", at, both ? "an arm has either `p` or `mean`, not both" : "an arm needs `p` (Bernoulli) or `mean` (normal)",
            "{ \"p\": 0.3 } pays 1 with probability 0.3; { \"mean\": 1, \"std\": 1 } pays a normal draw");

    public static ExperimentError ArmRange(Site at, string detail) =>
        Make("NF1704", at, detail, null);

    public static ExperimentError MaxStepsNotPositive(Site at, long value) =>
        Make("NF1705", at, $"maxSteps must be at least 1, got {value}", "cart-pole is usually capped at 200 or 500 steps");

    public static ExperimentError PolicyInputs(Site at, int inputs, string environment, int observation) =>
        Make("NF1706", at, $"network.inputs is {inputs}, but a {environment} observation has {observation} value{(observation == 1 ? "" : "s")}",
            $"set network.inputs to {observation}");

    public static ExperimentError PolicyOutputs(Site at, int units, string environment, int actions, int layer) =>
        Make("NF1707", at, $"the output layer (layer {layer}) has {units} units, but the {environment} has {actions} actions",
            $"one output unit per action: set network.layers[{layer}].units to {actions}");

    public static ExperimentError PolicyNotSoftmax(Site at, string actual, int layer) =>
        Make("NF1708", at, $"a policy's output layer gives the probabilities of the actions and must be `softmax`, not `{actual}`",
            $"set network.layers[{layer}].activation to \"softmax\"");

    public static ExperimentError UnknownAlgorithm(Site at, string name) =>
        UnknownKind("NF1709", at, "training kind", name, ["reinforce"]);

    public static ExperimentError EpisodesNotPositive(Site at, long value) =>
        Make("NF1710", at, $"episodes must be at least 1, got {value}", null);

    public static ExperimentError GammaRange(Site at, double value) =>
        Make("NF1711", at, $"gamma must be in [0, 1], got {Num(value)}", "0.99 weighs a reward 100 steps ahead by about 0.37");

    public static ExperimentError UnknownBaseline(Site at, string name) =>
        UnknownKind("NF1712", at, "baseline", name, ["none", "mean"]);

    public static ExperimentError WindowNotPositive(Site at, long value) =>
        Make("NF1713", at, $"record.window must be at least 1, got {value}", "100 episodes is the usual window for cart-pole");

    /// <summary>A checkpoint of the other kind of run: a reinforcement-learning run's given to a supervised experiment
    /// (<paramref name="reinforcement"/>), or a supervised run's given to a reinforcement-learning experiment.</summary>
    public static ExperimentError CheckpointOfOtherKind(string file, bool reinforcement) =>
        new("NF1715", file, "", null, null,
            reinforcement
                ? $"is the checkpoint of a reinforcement-learning run (`{CheckpointKind.ReinforcementFormat}`), but the experiment trains a network on data"
                : $"is the checkpoint of a supervised training run (`{CheckpointKind.SupervisedFormat}`), but the experiment is a reinforcement-learning one",
            "resume a checkpoint with the experiment it came from");
}
