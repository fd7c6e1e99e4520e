using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>A validated reinforcement-learning experiment, every default filled in: the environment, the policy
/// network (inputs = observation length, softmax over the actions), the REINFORCE settings and, optionally, a sweep
/// (<c>nf sweep</c> runs its variants; <c>nf run</c> runs the experiment as written).</summary>
public sealed record ReinforcementExperiment(string Name, string Description, ulong Seed, AgentEnvironment Environment,
    NetworkPlan Network, ReinforcePlan Training, SweepPlan? Sweep = null)
{
    /// <summary>Key whose presence at the root marks a reinforcement-learning experiment.</summary>
    public const string Key = "environment";

    /// <summary>True when the file's root object has an <c>environment</c> section.</summary>
    public static bool IsReinforcement(JToken tree) => tree is JObject obj && obj.ContainsKey(Key);
}

/// <summary>REINFORCE's settings and what the trace records: a point every <see cref="RecordEvery"/> episodes with the
/// mean return of the last <see cref="Window"/>, and the optional success mark.</summary>
public sealed record ReinforcePlan(Optimizer Optimizer, int Episodes, double Gamma, BaselineKind Baseline, int RecordEvery, int Window, Goal? Goal)
{
    public ReinforceConfig ToConfig() => new(Optimizer, Episodes, Gamma, Baseline);
}

/// <summary>Solved when the mean return over <see cref="ReinforcePlan.Window"/> consecutive episodes reaches
/// <see cref="MeanReturn"/>; training ends there when <see cref="Stop"/>.</summary>
public sealed record Goal(double MeanReturn, bool Stop);
