using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

// Reinforcement experiments: the environment, the policy network against it, and the REINFORCE settings.
internal static partial class ExperimentRules
{
    /// <summary>Reinforcement DTO → domain: a known environment with valid settings, a policy network whose inputs
    /// match the observation and whose softmax output has one unit per action, and valid REINFORCE settings.</summary>
    public static Validation<ExperimentError, ReinforcementExperiment> ToReinforcement(ReinforcementExperimentDto dto, Locator at) =>
        (Name(dto.Name, at),
         // Without an environment the shape check has said so.
         dto.Environment is null ? Unavailable<AgentEnvironment>() : Environment(dto.Environment, at),
         dto.Network is null
             ? Invalid<NetworkPlan>(MissingError("network", "the policy network: inputs = the observation's length, a softmax output layer", at))
             : Network(dto.Network, trains: true, at),
         dto.Environment is { Kind: "bandit" or "cartpole" } env && dto.Network is not null && NetworkStands(dto.Network, at)
             ? Policy(env.Kind, env.Arms?.Count, Establishes(dto.Network, at), at)
             : Ok,
         dto.Training is null
             ? Invalid<ReinforcementPlan>(MissingError("training", "how to train the policy, e.g. { \"kind\": \"reinforce\", \"episodes\": 1000 }", at))
             : Reinforce(dto.Training, at),
         dto.Sweep is null ? Valid(Option<SweepPlan>.None) : Sweep(dto.Sweep, typeof(ReinforcementExperimentDto), at).Map(Some))
        .Apply((name, environment, network, _, training, sweep) =>
            new ReinforcementExperiment(name, dto.Description ?? "", dto.Seed ?? 0, environment, network, training, OrNull(sweep)));

    /// <summary>The environment: a known kind with only the settings it takes.</summary>
    private static Validation<ExperimentError, AgentEnvironment> Environment(EnvironmentDto dto, Locator at)
    {
        if (dto.Kind is null) return Invalid<AgentEnvironment>(MissingError("environment.kind", "bandit or cartpole", at));
        if (!Names.Environments.Contains(dto.Kind)) return Invalid<AgentEnvironment>(ErrorCatalog.UnknownEnvironment(at.At("environment.kind"), dto.Kind));
        var takes = dto.Kind == "bandit" ? new[] { "arms" } : ["maxSteps"];
        var settings = All(
            FailWhen(dto.Arms is not null && !takes.Contains("arms"), () => ErrorCatalog.ParameterNotForKind(at.At("environment.arms"), "arms", dto.Kind, takes)),
            FailWhen(dto.MaxSteps is not null && !takes.Contains("maxSteps"),
                () => ErrorCatalog.ParameterNotForKind(at.At("environment.maxSteps"), "maxSteps", dto.Kind, takes)));
        return (settings, dto.Kind == "cartpole" ? CartPoleBalance(dto, at) : Bandit(dto, at)).Apply((_, environment) => environment);
    }

    /// <summary>Cart-pole: episodes of at most maxSteps (500 unless given, at least 1) steps.</summary>
    private static Validation<ExperimentError, AgentEnvironment> CartPoleBalance(EnvironmentDto dto, Locator at) =>
        (dto.MaxSteps ?? 500) is < 1 and var maxSteps
            ? Invalid<AgentEnvironment>(ErrorCatalog.MaxStepsNotPositive(at.At("environment.maxSteps"), maxSteps))
            : Valid<AgentEnvironment>(new AgentEnvironment.CartPoleBalance(dto.MaxSteps ?? 500));

    /// <summary>A multi-armed bandit: at least two valid arms.</summary>
    private static Validation<ExperimentError, AgentEnvironment> Bandit(EnvironmentDto dto, Locator at)
    {
        if (dto.Arms is null) return Invalid<AgentEnvironment>(MissingError("environment.arms", "the bandit's arms, e.g. [{ \"p\": 0.2 }, { \"p\": 0.8 }]", at));
        if (dto.Arms.Count < 2) return Invalid<AgentEnvironment>(ErrorCatalog.TooFewArms(at.At("environment.arms"), dto.Arms.Count));
        return Each(dto.Arms.Select((arm, i) => Arm(arm, $"environment.arms[{i}]", at)))
            .Map(arms => (AgentEnvironment)new AgentEnvironment.MultiArmedBandit(arms));
    }

    /// <summary>An arm: Bernoulli (p, a probability) or normal (mean, and std ≥ 0, 1 unless given), not both.</summary>
    private static Validation<ExperimentError, Arm> Arm(ArmDto dto, string path, Locator at)
    {
        if (dto.P is not null && dto.Mean is not null) return Invalid<Arm>(ErrorCatalog.ArmKind(at.At($"{path}.mean"), both: true));
        if (dto.P is { } p)
        {
            if (dto.Std is not null) return Invalid<Arm>(ErrorCatalog.ParameterNotForKind(at.At($"{path}.std"), "std", "a Bernoulli arm (p)", ["p"]));
            if (p is < 0 or > 1) return Invalid<Arm>(ErrorCatalog.ArmRange(at.At($"{path}.p"), $"an arm's p is a probability in [0, 1], got {Num(p)}"));
            return Valid<Arm>(new Arm.Bernoulli(p));
        }
        if (dto.Mean is not { } mean) return Invalid<Arm>(ErrorCatalog.ArmKind(at.At(path), both: false));
        var std = dto.Std ?? 1.0;
        if (std < 0) return Invalid<Arm>(ErrorCatalog.ArmRange(at.At($"{path}.std"), $"an arm's std must be ≥ 0, got {Num(std)}"));
        return Valid<Arm>(new Arm.Normal(mean, std));
    }

    /// <summary>The network against the environment (checked when the network's plan stands, even when the
    /// environment's settings have errors): inputs = observation length, softmax output, one unit per action (per arm,
    /// when the arms are given).</summary>
    private static Validation<ExperimentError, Unit> Policy(string kind, int? arms, NetworkFacts network, Locator at)
    {
        var observation = kind == "bandit" ? 1 : 4;
        int? actions = kind == "bandit" ? arms : CartPole.Actions;
        var last = network.LastLayer;
        return All(
            FailWhen(network.Inputs is { } n && n != observation, () => ErrorCatalog.PolicyInputs(at.At("network.inputs"), network.Inputs!.Value, kind, observation)),
            FailWhen(network.Outputs is { } m && actions is { } k && m != k,
                () => ErrorCatalog.PolicyOutputs(at.At($"network.layers[{last}].units"), network.Outputs!.Value, kind, actions!.Value, last)),
            FailWhen(network.OutputActivation is { } f && f.Kind != ActivationKind.Softmax,
                () => ErrorCatalog.PolicyNotSoftmax(at.At($"network.layers[{last}].activation"), Names.Of(network.OutputActivation!.Kind), last)));
    }

    /// <summary>The REINFORCE settings: episodes, discount, baseline, optimizer, what is recorded, and an optional goal.</summary>
    private static Validation<ExperimentError, ReinforcementPlan> Reinforce(ReinforcementTrainingDto dto, Locator at)
    {
        var episodes = dto.Episodes ?? 1000;
        var gamma = dto.Gamma ?? 0.99;
        var every = dto.Record?.Every ?? 10;
        var window = dto.Record?.Window ?? 100;
        return (All(
                    FailWhen(dto.Kind is not (null or "reinforce"), () => ErrorCatalog.UnknownAlgorithm(at.At("training.kind"), dto.Kind!)),
                    FailWhen(episodes < 1, () => ErrorCatalog.EpisodesNotPositive(at.At("training.episodes"), episodes)),
                    FailWhen(gamma is < 0 or > 1, () => ErrorCatalog.GammaRange(at.At("training.gamma"), gamma))),
                Baseline(dto.Baseline, at),
                Optimizer(dto.Optimizer, at),
                FailWhen(every < 1, () => ErrorCatalog.RecordEveryNotPositive(at.At("training.record.every"), every)),
                FailWhen(window < 1, () => ErrorCatalog.WindowNotPositive(at.At("training.record.window"), window)),
                Goal(dto.Goal, at))
            .Apply((_, baseline, optimizer, _, _, goal) => new ReinforcementPlan(optimizer, episodes, gamma, baseline, every, window, OrNull(goal)));
    }

    /// <summary>training.baseline: mean (the default) or none.</summary>
    private static Validation<ExperimentError, BaselineKind> Baseline(string? name, Locator at) => name switch
    {
        null or "mean" => Valid(BaselineKind.Mean),
        "none" => Valid(BaselineKind.None),
        _ => Invalid<BaselineKind>(ErrorCatalog.UnknownBaseline(at.At("training.baseline"), name)),
    };

    /// <summary>training.goal (none when absent): the mean return that counts as solved, and whether reaching it stops training.</summary>
    private static Validation<ExperimentError, Option<Goal>> Goal(GoalDto? dto, Locator at) => dto switch
    {
        null => Valid(Option<Goal>.None),
        { MeanReturn: { } target } => Valid(Some(new Goal(target, dto.Stop ?? true))),
        _ => Invalid<Option<Goal>>(MissingError("training.goal.meanReturn", "the mean return that counts as solved, e.g. 195 for cart-pole", at)),
    };
}
