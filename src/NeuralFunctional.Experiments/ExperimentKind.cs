namespace NeuralFunctional.Experiments;

/// <summary>What an experiment file holds, decided once when it is read: a supervised network experiment (feed-forward
/// or Elman, <see cref="Experiment"/>), a reinforcement-learning experiment (a root <c>environment</c> section,
/// <see cref="ReinforcementExperiment"/>) or a curves experiment (a root <c>curves</c> section,
/// <see cref="CurvesExperiment"/>). A closed sum: every command reads the file once and dispatches on it once.</summary>
public abstract record ExperimentKind
{
    private ExperimentKind() { }

    /// <summary>A network trained on labelled rows or sequences.</summary>
    public sealed record Supervised(Experiment Experiment) : ExperimentKind;

    /// <summary>A policy trained by REINFORCE in an environment.</summary>
    public sealed record Reinforcement(ReinforcementExperiment Experiment) : ExperimentKind;

    /// <summary>Activation functions and their derivatives sampled on a range; nothing is trained.</summary>
    public sealed record Curves(CurvesExperiment Experiment) : ExperimentKind;

    /// <summary>The one dispatch on the kind.</summary>
    public T Match<T>(Func<Experiment, T> supervised, Func<ReinforcementExperiment, T> reinforcement, Func<CurvesExperiment, T> curves) =>
        this switch
        {
            Supervised s => supervised(s.Experiment),
            Reinforcement r => reinforcement(r.Experiment),
            Curves c => curves(c.Experiment),
            _ => throw new InvalidOperationException("unreachable: ExperimentKind is closed"),
        };

    /// <summary>The kind's name as messages give it.</summary>
    public string Name => Match(_ => "a supervised network experiment", _ => "a reinforcement-learning experiment", _ => "a curves experiment");
}
