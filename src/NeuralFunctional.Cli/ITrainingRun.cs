using LanguageExt;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary>A prepared training run of some kind (<see cref="SupervisedTrainingRun"/>, <see cref="ReinforcementTrainingRun"/>): the parts
/// of <c>nf run</c> that differ between kinds. The rest — continuing from a checkpoint, writing the output document and
/// the checkpoint, the summary, the exit code — is <see cref="RunCommand"/>'s, once for every kind.</summary>
public interface ITrainingRun
{
    /// <summary>The same run continued from the checkpoint text <paramref name="text"/> (read from <paramref name="file"/>),
    /// or why the checkpoint does not fit the experiment.</summary>
    Validation<ExperimentError, ITrainingRun> Resume(string file, string text);

    /// <summary>Trains to the end, showing progress as the host asks and stopping between two records when its token is
    /// cancelled (Ctrl+C).</summary>
    ITrainedRun Train(RunHost host, TextWriter stderr);
}

/// <summary>A finished (or interrupted, or diverged) training run, ready to be written.</summary>
public interface ITrainedRun
{
    RunStatus Status { get; }

    /// <summary>Writes the output document's canonical text to <paramref name="w"/> as it is described.</summary>
    void WriteDocument(TextWriter w);

    /// <summary>The checkpoint's canonical text, or null when there is no training to continue (an evaluate-only run).</summary>
    string? Checkpoint { get; }

    /// <summary>The console summary.</summary>
    void Summarize(TextWriter w);
}
