using System.ComponentModel.DataAnnotations;
using Newtonsoft.Json;

namespace NeuralFunctional.Experiments;

// A reinforcement-learning experiment file as plain classes (a root `environment` section marks one). As with
// ExperimentDto, everything is optional here; ExperimentRules.Reinforcement checks and fills in defaults, and
// ReinforcementJson writes the same keys back.

/// <summary>A reinforcement-learning experiment: an environment, a policy network and how to train it.</summary>
public sealed class ReinforcementExperimentDto
{
    /// <summary>Path of the JSON Schema the file follows, for editors. Ignored.</summary>
    [JsonProperty("$schema")] public string? Schema { get; set; }

    /// <summary>The experiment's name: letters, digits, <c>-</c>, <c>_</c> and <c>.</c> only. Required.</summary>
    [Required, JsonProperty("name")] public string? Name { get; set; }

    /// <summary>What the experiment shows, in a sentence. Default "".</summary>
    [JsonProperty("description")] public string? Description { get; set; }

    /// <summary>Seed of every random choice: streams <c>init</c> (weights), <c>policy</c> (actions), <c>env</c>
    /// (start states, random rewards). Default 0.</summary>
    [JsonProperty("seed")] public ulong? Seed { get; set; }

    /// <summary>Where the policy acts. Required.</summary>
    [Required, JsonProperty("environment")] public EnvironmentDto? Environment { get; set; }

    /// <summary>The policy network: inputs = the observation's length, a softmax output layer with one unit per action. Required.</summary>
    [Required, JsonProperty("network")] public NetworkDto? Network { get; set; }

    /// <summary>How to train the policy. Required.</summary>
    [Required, JsonProperty("training")] public ReinforcementTrainingDto? Training { get; set; }

    /// <summary>Variants for <c>nf sweep</c>: a grid of values for paths of this file (e.g.
    /// <c>training.baseline</c>, <c>training.optimizer.learningRate</c>) and/or a range of seeds. <c>nf run</c> runs the
    /// experiment as written. Default none.</summary>
    [JsonProperty("sweep")] public SweepDto? Sweep { get; set; }
}

/// <summary>The environment: <c>bandit</c> (with <c>arms</c>) or <c>cartpole</c> (with <c>maxSteps</c>).</summary>
public sealed class EnvironmentDto
{
    /// <summary><c>bandit</c> (k arms, one pull per episode, observation [1]) or <c>cartpole</c> (Barto, Sutton and
    /// Anderson 1983; observation [x, ẋ, θ, θ̇], actions push left / push right). Required.</summary>
    [Required, JsonProperty("kind")] public string? Kind { get; set; }

    /// <summary>bandit: the arms, at least 2. Required for bandit.</summary>
    [JsonProperty("arms")] public List<ArmDto>? Arms { get; set; }

    /// <summary>cartpole: an episode ends after this many steps if the pole has not fallen, at least 1. Default 500.</summary>
    [JsonProperty("maxSteps")] public int? MaxSteps { get; set; }
}

/// <summary>A bandit arm: <c>{ "p": 0.3 }</c> pays 1 with probability p, else 0; <c>{ "mean": 1, "std": 1 }</c> pays a
/// normal draw.</summary>
public sealed class ArmDto
{
    /// <summary>Bernoulli arm: the probability of reward 1, in [0, 1].</summary>
    [JsonProperty("p")] public double? P { get; set; }

    /// <summary>Normal arm: the mean reward.</summary>
    [JsonProperty("mean")] public double? Mean { get; set; }

    /// <summary>Normal arm: the reward's standard deviation, ≥ 0. Default 1.</summary>
    [JsonProperty("std")] public double? Std { get; set; }
}

/// <summary>The training section of a reinforcement-learning experiment.</summary>
public sealed class ReinforcementTrainingDto
{
    /// <summary>The algorithm: <c>reinforce</c> (Williams 1992, Monte-Carlo policy gradient). Default <c>reinforce</c>.</summary>
    [JsonProperty("kind")] public string? Kind { get; set; }

    /// <summary>Episodes to play, at least 1; the policy is updated after each. Default 1000.</summary>
    [JsonProperty("episodes")] public int? Episodes { get; set; }

    /// <summary>Discount of later rewards, in [0, 1]: G_t = r_t + γ G_{t+1}. Default 0.99.</summary>
    [JsonProperty("gamma")] public double? Gamma { get; set; }

    /// <summary><c>none</c> or <c>mean</c>: subtract from each return the running mean of all returns of earlier
    /// episodes (lowers the gradient's variance, keeps it unbiased). Default <c>mean</c>.</summary>
    [JsonProperty("baseline")] public string? Baseline { get; set; }

    /// <summary>The optimizer, as in supervised training. Default <c>{ "kind": "sgd", "learningRate": 0.1 }</c>.</summary>
    [JsonProperty("optimizer")] public OptimizerDto? Optimizer { get; set; }

    /// <summary>What the trace records.</summary>
    [JsonProperty("record")] public EpisodeRecordDto? Record { get; set; }

    /// <summary>The success mark: a mean return over <c>record.window</c> consecutive episodes. Default none.</summary>
    [JsonProperty("goal")] public GoalDto? Goal { get; set; }
}

/// <summary>What a reinforcement-learning trace records.</summary>
public sealed class EpisodeRecordDto
{
    /// <summary>Record a trace point every this many episodes (the last is always recorded), at least 1. Default 10.</summary>
    [JsonProperty("every")] public int? Every { get; set; }

    /// <summary>A trace point's mean return is over this many latest episodes, at least 1. Default 100.</summary>
    [JsonProperty("window")] public int? Window { get; set; }
}

/// <summary>When the task counts as solved.</summary>
public sealed class GoalDto
{
    /// <summary>The mean return over <c>record.window</c> consecutive episodes that solves the task (cart-pole: 195). Required.</summary>
    [Required, JsonProperty("meanReturn")] public double? MeanReturn { get; set; }

    /// <summary>End training at the episode that reaches the goal. Default true.</summary>
    [JsonProperty("stop")] public bool? Stop { get; set; }
}
