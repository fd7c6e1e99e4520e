using System.CommandLine;

namespace NeuralFunctional.Cli;

/// <summary>The shared <c>--set path=value</c> option (repeatable): every command that loads an experiment offers it
/// the same way and hands the values to <see cref="ExperimentFiles.LoadKind(string, IReadOnlyList{string})"/>.</summary>
public static class SetOption
{
    public static Option<string[]> Create() => new("--set")
    {
        Description = "Override a field of the experiment: --set training.epochs=200, --set network.layers[0].activation=tanh, " +
                      "--set data.transform=[]. Repeatable. The value is JSON if it reads as JSON, else a string.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The overrides given on the command line, in order (none: empty).</summary>
    public static IReadOnlyList<string> Values(ParseResult result, Option<string[]> option) => result.GetValue(option) ?? [];
}
