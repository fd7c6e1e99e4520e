using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>One decision, step t (0-based) of the episode: the observation s_t, the policy's forward pass on it, the
/// probabilities π(·|s_t), the uniform draw u and the cumulative probabilities π_0 + … + π_a it was compared with (all
/// but the last action's), the action a_t, the reward r_t, the environment's next observation and whether the episode ended.</summary>
public sealed record DecisionStep(int Step, EnvState State, ImmutableArray<NeuronStep> Neurons, ImmutableArray<double> Probabilities,
    double Draw, ImmutableArray<double> Cumulative, int Action, double Reward, EnvState Next, bool Done);

/// <summary>Step t's return-to-go G_t = r_t + γ G_(t+1) and advantage A_t = G_t − b.</summary>
public sealed record ReturnStep(int Step, double Reward, double Return, double Advantage);

/// <summary>Step t's term of the surrogate loss, −A_t log π(a_t|s_t), backpropagated: the target A_t·e_(a_t) whose
/// cross-entropy it is, log π(a_t|s_t), and every δ (output layer first).</summary>
public sealed record PolicyGradientStep(int Step, int Action, double Advantage, ImmutableArray<double> Target, double LogProbability,
    ImmutableArray<DeltaStep> Deltas);

/// <summary>The baseline: b for this episode (the mean <see cref="Sum"/>/<see cref="Count"/> of the earlier episodes'
/// returns, or 0 without one), and the sum, count and mean after this episode's returns joined them.</summary>
public sealed record BaselineStep(BaselineKind Kind, double Sum, long Count, double Value, double NextSum, long NextCount, double NextValue);

/// <summary>One parameter of the policy: its value, the terms δ_t·x_t of its gradient in step order (one per step; x = 1
/// for a bias), the gradient (their sum) and the value after the optimizer's step.</summary>
public sealed record PolicyParameterStep(int Layer, int Unit, int? Input, double Value, ImmutableArray<GradientTerm> Terms, double Gradient, double Updated);

/// <summary>One episode of REINFORCE written out with its numbers: the policy observes its environment, decides by chance
/// from its softmax probabilities and is rewarded, step by step; then the returns-to-go, the baseline and the advantages;
/// each step's policy-gradient δs; each parameter's gradient summed over the steps and its update; and the baseline's
/// update. <see cref="Episode"/> counts from 0 (0 = the first episode, played with the initial parameters). The numbers
/// come from the Core functions training uses (<see cref="Reinforce.Play"/>, <see cref="Reinforce.ReturnsToGo"/>,
/// <see cref="Reinforce.Baseline"/>, <see cref="Reinforce.StepGradient"/>, <see cref="Reinforce.Gradient"/>,
/// <see cref="Reinforce.Episode"/>), so the explanation cannot drift from what training does.</summary>
public sealed record ReinforcementExplanation(
    ReinforcementExperiment Experiment,
    int Episode,
    ReinforceState Start,
    ImmutableArray<DecisionStep> Steps,
    ImmutableArray<ReturnStep> Returns,
    BaselineStep Baseline,
    double Surrogate,
    ImmutableArray<PolicyGradientStep> Gradients,
    ImmutableArray<PolicyParameterStep> Parameters,
    Gradient Gradient,
    EpisodeRecord After)
{
    public Network Before => Start.Network;

    /// <summary>π(·|s_0), the first observation's probabilities, under the updated parameters.</summary>
    public ImmutableArray<double> ProbabilitiesAfter => Policy.Probabilities(After.State.Network, Steps[0].State.Observation);

    /// <summary>The explanation of episode <paramref name="episode"/> (0-based), reached by running training's unfold
    /// (<see cref="Reinforce.Run"/>) for that many episodes; or why there is none: a <c>--sample</c> (no rows here), an
    /// episode outside training, training that diverged or reached its goal and stopped before it.</summary>
    public static Validation<ExperimentError, ReinforcementExplanation> Build(PreparedReinforcement run, string file, string? sampleId = null, int episode = 0)
    {
        if (sampleId is not null) return Fail<ExperimentError, ReinforcementExplanation>(ErrorCatalog.SampleNotForReinforcement(file, sampleId));
        return StateAt(run, file, episode).Map(state => Explain(run.Experiment, state));
    }

    /// <summary>The state REINFORCE starts episode <paramref name="episode"/> from, as <c>nf run</c> reaches it: the
    /// records of <see cref="ReinforcementRunner.Records"/>, which end where a run ends (divergence, or the goal reached when
    /// it stops training).</summary>
    public static Validation<ExperimentError, ReinforceState> StateAt(PreparedReinforcement run, string file, int episode)
    {
        var plan = run.Experiment.Training;
        if (episode < 0 || episode >= plan.Episodes) return Fail<ExperimentError, ReinforceState>(ErrorCatalog.EpisodeOutOfRange(file, episode, plan.Episodes));
        if (episode == 0) return Success<ExperimentError, ReinforceState>(run.Start);
        EpisodeRecord? last = null;
        ReinforceState? found = null;
        foreach (var record in ReinforcementRunner.Records(run, []))
        {
            // Training plays another episode after the state found, so it does play episode `episode`.
            if (found is not null) return Success<ExperimentError, ReinforceState>(found);
            if (record.Diverged) return Fail<ExperimentError, ReinforceState>(ErrorCatalog.DivergedBefore(file, episode, record.Episode, "episode"));
            if (record.Episode == episode) found = record.State;
            last = record;
        }
        // The records ended before episode `episode` was played, without diverging and with episodes left: the goal
        // stopped training.
        return Fail<ExperimentError, ReinforceState>(ErrorCatalog.GoalReachedBefore(file, episode, last?.Episode ?? 0));
    }

    private static ReinforcementExplanation Explain(ReinforcementExperiment e, ReinforceState s)
    {
        var net = s.Network;
        var config = e.Training.ToConfig();
        var (played, _, _) = Reinforce.Play(net, e.Environment, s.Policy, s.Env);
        var steps = played.Select(p => p.Step).ToImmutableArray();
        var returns = Reinforce.ReturnsToGo(steps, config.Gamma);
        var baseline = Reinforce.Baseline(s, config.Baseline);
        var advantages = Reinforce.Advantages(returns, baseline);
        var gradient = Reinforce.Gradient(net, steps, advantages);
        var after = Reinforce.Episode(s, e.Environment, config);
        var stepGradients = played.Select((p, t) => Reinforce.StepGradient(net, p.Pass, steps[t], advantages[t])).ToList();

        var decisions = played.Select((p, t) => new DecisionStep(t, p.State, Explanation.NeuronsOf(net, p.Pass), p.Pass.Output, p.Draw,
            Cumulative(p.Pass.Output), p.Action, p.Transition.Reward, p.Transition.Next, p.Transition.Done)).ToImmutableArray();
        var returnSteps = steps.Select((step, t) => new ReturnStep(t, step.Reward, returns[t], advantages[t])).ToImmutableArray();
        var next = after.State;
        var baselineStep = new BaselineStep(config.Baseline, s.ReturnSum, s.ReturnCount, baseline, next.ReturnSum, next.ReturnCount, next.MeanReturn);
        var gradients = played.Select((p, t) =>
        {
            var target = Reinforce.StepTarget(net, steps[t], advantages[t]);
            return new PolicyGradientStep(t, steps[t].Action, advantages[t], target, Policy.LogProbability(p.Pass.Layers[^1].Z.AsSpan(), steps[t].Action),
                Explanation.DeltasOf(net, p.Pass, stepGradients[t], LossKind.Ce, target));
        }).ToImmutableArray();
        return new ReinforcementExplanation(e, s.Episode, s, decisions, returnSteps, baselineStep, Reinforce.Surrogate(net, steps, advantages),
            gradients, ParametersOf(net, played, stepGradients, gradient, next.Network), gradient, after);
    }

    /// <summary>π_0, π_0 + π_1, …, up to all but the last action, summed in action order as <see cref="Policy.Choose"/> sums them.</summary>
    private static ImmutableArray<double> Cumulative(ImmutableArray<double> probabilities)
    {
        var sums = ImmutableArray.CreateBuilder<double>(probabilities.Length - 1);
        var cumulative = 0.0;
        for (var a = 0; a < probabilities.Length - 1; a++)
        {
            cumulative += probabilities[a];
            sums.Add(cumulative);
        }
        return sums.MoveToImmutable();
    }

    /// <summary>Every parameter from the output layer back (each neuron's weights, then its bias), with its gradient's terms
    /// δ_t·x_t in the step order <see cref="Reinforce.Gradient"/> sums them.</summary>
    private static ImmutableArray<PolicyParameterStep> ParametersOf(Network net, ImmutableArray<PlayedStep> played, IReadOnlyList<Gradient> stepGradients,
        Gradient gradient, Network after)
    {
        var parameters = ImmutableArray.CreateBuilder<PolicyParameterStep>(Network.ParameterCount(net));
        for (var l = net.Layers.Length - 1; l >= 0; l--)
        {
            var layer = net.Layers[l];
            for (var j = 0; j < layer.Units; j++)
            {
                for (var k = 0; k < layer.Inputs; k++)
                {
                    var terms = stepGradients.Select((g, t) => new GradientTerm(t, g.Layers[l].Biases[j], played[t].Pass.Layers[l].X[k], g.Layers[l].Weights[j, k]));
                    parameters.Add(new PolicyParameterStep(l, j, k, layer.Weights[j, k], [.. terms], gradient.Layers[l].Weights[j, k], after.Layers[l].Weights[j, k]));
                }
                var biasTerms = stepGradients.Select((g, t) => new GradientTerm(t, g.Layers[l].Biases[j], 1, g.Layers[l].Biases[j]));
                parameters.Add(new PolicyParameterStep(l, j, null, layer.Biases[j], [.. biasTerms], gradient.Layers[l].Biases[j], after.Layers[l].Biases[j]));
            }
        }
        return parameters.MoveToImmutable();
    }
}
