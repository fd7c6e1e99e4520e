using System.CommandLine;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary><c>nf explain EXPERIMENT [--sample ID] [--epoch N] [--format text|markdown]</c>: backpropagation for one
/// sample written out with its numbers (forward pass, loss, every δ, gradient and update; for an Elman network
/// backpropagation through time, step by step), for the parameters at the
/// start of epoch N (default 0, the initial parameters) and the given row (default the first training row). On a
/// reinforcement-learning experiment, one episode of REINFORCE: --epoch N is episode N (0-based, default 0: the first
/// episode, played with the initial parameters), and there is no --sample.</summary>
public static class ExplainCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var experiment = new Argument<string>("experiment") { Description = "The experiment file (JSON)." };
        var sample = new Option<string?>("--sample", "-s") { Description = "The id of the row to explain. Default: the first training row. (Not for reinforcement learning: the policy plays its own episodes.)" };
        var epoch = new Option<int>("--epoch", "-e")
        {
            Description = "Explain the step from the parameters at the start of this epoch (0 = the initial parameters). " +
                "On a reinforcement-learning experiment: explain episode N, counted from 0 (0 = the first episode, played with the initial parameters).",
            DefaultValueFactory = _ => 0,
        };
        var format = new Option<string>("--format") { Description = "text or markdown.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "markdown");
        var command = new Command("explain", "Write out backpropagation for one sample with the actual numbers (on a reinforcement-learning experiment: one episode of REINFORCE).") { experiment, sample, epoch, format };
        command.SetAction(result => Execute(result.GetValue(experiment)!, result.GetValue(sample), result.GetValue(epoch),
            result.GetValue(format) == "markdown", stdout, stderr));
        return command;
    }

    public static int Execute(string path, string? sample, int epoch, bool markdown, TextWriter stdout, TextWriter stderr)
    {
        var explained = ExperimentFiles.LoadKind(path, []).Bind(kind => ExperimentPipelines.Of(kind).Explain(path, sample, epoch, markdown));
        return explained.Then(stderr, text =>
        {
            stdout.Write(text);
            return ExitCode.Ok;
        });
    }
}
