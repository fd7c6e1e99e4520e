using System.Collections.Immutable;
using LanguageExt;
using NeuralFunctional.Core;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

internal sealed partial class ExperimentRules
{
    /// <summary>Reinforcement DTO → domain: a known environment with valid settings, a policy network whose inputs
    /// match the observation and whose softmax output has one unit per action, and valid REINFORCE settings.</summary>
    public static Validation<ExperimentError, ReinforcementExperiment> ToReinforcement(ReinforcementExperimentDto dto, Locator at)
    {
        var rules = new ExperimentRules(at);
        var name = rules.Name(dto.Name);
        var environment = dto.Environment is null ? null : rules.Environment(dto.Environment);
        var network = dto.Network is null ? null : rules.Network(dto.Network, trains: true);
        if (dto.Network is null) rules.Error(rules.MissingError("network", "the policy network: inputs = the observation's length, a softmax output layer"));
        if (dto.Environment is { Kind: "bandit" or "cartpole" } env && network is not null) rules.Policy(env.Kind, env.Arms?.Count);
        if (dto.Training is null) rules.Error(rules.MissingError("training", "how to train the policy, e.g. { \"kind\": \"reinforce\", \"episodes\": 1000 }"));
        var training = dto.Training is null ? null : rules.Reinforce(dto.Training);
        var sweep = dto.Sweep is null ? null : rules.Sweep(dto.Sweep, typeof(ReinforcementExperimentDto));
        if (rules.errors.Count > 0 || name is null || environment is null || network is null || training is null)
            return Fail<ExperimentError, ReinforcementExperiment>(toSeq(rules.errors));
        return Success<ExperimentError, ReinforcementExperiment>(
            new ReinforcementExperiment(name, dto.Description ?? "", dto.Seed ?? 0, environment, network, training, sweep));
    }

    private AgentEnvironment? Environment(EnvironmentDto dto)
    {
        if (dto.Kind is null) return RejectRef<AgentEnvironment>(MissingError("environment.kind", "bandit or cartpole"));
        if (!Names.Environments.Contains(dto.Kind)) return RejectRef<AgentEnvironment>(ErrorCatalog.UnknownEnvironment(at.At("environment.kind"), dto.Kind));
        var takes = dto.Kind == "bandit" ? new[] { "arms" } : ["maxSteps"];
        var ok = true;
        if (dto.Arms is not null && !takes.Contains("arms")) ok = Fails(ErrorCatalog.ParameterNotForKind(at.At("environment.arms"), "arms", dto.Kind, takes));
        if (dto.MaxSteps is not null && !takes.Contains("maxSteps")) ok = Fails(ErrorCatalog.ParameterNotForKind(at.At("environment.maxSteps"), "maxSteps", dto.Kind, takes));
        if (dto.Kind == "cartpole")
        {
            var maxSteps = dto.MaxSteps ?? 500;
            if (maxSteps < 1) return RejectRef<AgentEnvironment>(ErrorCatalog.MaxStepsNotPositive(at.At("environment.maxSteps"), maxSteps));
            return ok ? new AgentEnvironment.CartPoleBalance(maxSteps) : null;
        }
        if (dto.Arms is null) return RejectRef<AgentEnvironment>(MissingError("environment.arms", "the bandit's arms, e.g. [{ \"p\": 0.2 }, { \"p\": 0.8 }]"));
        if (dto.Arms.Count < 2) return RejectRef<AgentEnvironment>(ErrorCatalog.TooFewArms(at.At("environment.arms"), dto.Arms.Count));
        var arms = dto.Arms.Select((a, i) => Arm(a, $"environment.arms[{i}]")).ToList();
        return ok && arms.All(a => a is not null) ? new AgentEnvironment.MultiArmedBandit(arms.Select(a => a!).ToImmutableArray()) : null;
    }

    private Arm? Arm(ArmDto dto, string path)
    {
        if (dto.P is not null && dto.Mean is not null) return RejectRef<Arm>(ErrorCatalog.ArmKind(at.At($"{path}.mean"), both: true));
        if (dto.P is { } p)
        {
            if (dto.Std is not null) return RejectRef<Arm>(ErrorCatalog.ParameterNotForKind(at.At($"{path}.std"), "std", "a Bernoulli arm (p)", ["p"]));
            if (p is < 0 or > 1) return RejectRef<Arm>(ErrorCatalog.ArmRange(at.At($"{path}.p"), $"an arm's p is a probability in [0, 1], got {Num(p)}"));
            return new Arm.Bernoulli(p);
        }
        if (dto.Mean is not { } mean) return RejectRef<Arm>(ErrorCatalog.ArmKind(at.At(path), both: false));
        var std = dto.Std ?? 1.0;
        if (std < 0) return RejectRef<Arm>(ErrorCatalog.ArmRange(at.At($"{path}.std"), $"an arm's std must be ≥ 0, got {Num(std)}"));
        return new Arm.Normal(mean, std);
    }

    /// <summary>The network against the environment (checked even when the environment's settings have errors):
    /// inputs = observation length, softmax output, one unit per action (per arm, when the arms are given).</summary>
    private void Policy(string kind, int? arms)
    {
        var observation = kind == "bandit" ? 1 : 4;
        int? actions = kind == "bandit" ? arms : CartPole.Actions;
        if (inputs is { } n && n != observation)
            Error(ErrorCatalog.PolicyInputs(at.At("network.inputs"), n, kind, observation));
        if (outputs is { } m && actions is { } k && m != k)
            Error(ErrorCatalog.PolicyOutputs(at.At($"network.layers[{lastLayer}].units"), m, kind, k, lastLayer));
        if (outputActivation is { } f && f.Kind != ActivationKind.Softmax)
            Error(ErrorCatalog.PolicyNotSoftmax(at.At($"network.layers[{lastLayer}].activation"), Names.Of(f.Kind), lastLayer));
    }

    private ReinforcementPlan? Reinforce(ReinforcementTrainingDto dto)
    {
        var ok = true;
        if (dto.Kind is not (null or "reinforce")) ok = Fails(ErrorCatalog.UnknownAlgorithm(at.At("training.kind"), dto.Kind));
        var episodes = dto.Episodes ?? 1000;
        if (episodes < 1) ok = Fails(ErrorCatalog.EpisodesNotPositive(at.At("training.episodes"), episodes));
        var gamma = dto.Gamma ?? 0.99;
        if (gamma is < 0 or > 1) ok = Fails(ErrorCatalog.GammaRange(at.At("training.gamma"), gamma));
        BaselineKind? baseline = dto.Baseline switch
        {
            null or "mean" => BaselineKind.Mean,
            "none" => BaselineKind.None,
            _ => null,
        };
        if (baseline is null) ok = Fails(ErrorCatalog.UnknownBaseline(at.At("training.baseline"), dto.Baseline!));
        var optimizer = Optimizer(dto.Optimizer);
        var every = dto.Record?.Every ?? 10;
        if (every < 1) ok = Fails(ErrorCatalog.RecordEveryNotPositive(at.At("training.record.every"), every));
        var window = dto.Record?.Window ?? 100;
        if (window < 1) ok = Fails(ErrorCatalog.WindowNotPositive(at.At("training.record.window"), window));
        Goal? goal = null;
        if (dto.Goal is { } g)
        {
            if (g.MeanReturn is { } target) goal = new Goal(target, g.Stop ?? true);
            else ok = Fails(MissingError("training.goal.meanReturn", "the mean return that counts as solved, e.g. 195 for cart-pole"));
        }
        if (!ok || optimizer is null || baseline is null) return null;
        return new ReinforcementPlan(optimizer, episodes, gamma, baseline.Value, every, window, goal);
    }
}
