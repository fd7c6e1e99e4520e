using System.CommandLine;
using LanguageExt;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary><c>nf diff A B [--format text|json|markdown] [--tolerance T] [--set P=V]… [--set-b P=V]…</c>: compares two
/// output documents, or two experiment files (both run first, in-process; <c>--set</c> overrides both, <c>--set-b</c>
/// only B, so <c>nf diff x.json x.json --set-b training.epochs=10</c> shows what one change does). Exit 0 when identical, 1 when they differ, 2 on bad input, like diff(1).</summary>
public static class DiffCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var a = new Argument<string>("a") { Description = "An output document, or an experiment file to run." };
        var b = new Argument<string>("b") { Description = "An output document, or an experiment file to run." };
        var format = FormatOption();
        var tolerance = ToleranceOption();
        var set = SetOption.Create();
        var setB = new System.CommandLine.Option<string[]>("--set-b")
        {
            Description = "Override a field of experiment B only (after --set): compare an experiment with itself changed in one place. Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("diff", "Compare two outputs (or two experiments, running them): configuration, metrics, traces, predictions.")
        {
            a, b, format, tolerance, set, setB,
        };
        command.SetAction(r => Execute(r.GetValue(a)!, r.GetValue(b)!, Format(r.GetValue(format)), r.GetValue(tolerance), stdout, stderr,
            SetOption.Values(r, set), SetOption.Values(r, setB)));
        return command;
    }

    public static int Execute(string pathA, string pathB, ReportFormat format, double tolerance, TextWriter stdout, TextWriter stderr,
        IReadOnlyList<string>? set = null, IReadOnlyList<string>? setB = null)
    {
        if (!ValidTolerance(tolerance, stderr)) return ExitCode.BadInput;
        var overridesA = set ?? [];
        var overridesB = overridesA.Concat(setB ?? []).ToList();
        return (ComparableFiles.Load(pathA, overridesA), ComparableFiles.Load(pathB, overridesB)).Apply((x, y) => (A: x, B: y))
            .Then(stderr, sides =>
            {
                if (KindOf(sides.A) is var kindA && KindOf(sides.B) is var kindB && kindA != kindB)
                    return SweepCommand.Reject(stderr, [ErrorCatalog.DifferentKinds(pathB, kindA, kindB)]);
                var comparison = OutputDiff.Compare(sides.A, sides.B, tolerance);
                stdout.Write(OutputDiffReport.Render(format, comparison, pathA, pathB));
                return comparison.Identical ? ExitCode.Ok : ExitCode.Differs;
            });
    }

    /// <summary>What a document is, in words, from its format: the kinds <c>diff</c> will not compare with each other.</summary>
    public static string KindOf(Newtonsoft.Json.Linq.JObject document) => (string?)document["format"] switch
    {
        ReinforcementDocument.Format => "a reinforcement-learning run",
        Curves.Format => "a set of activation curves",
        _ => "a network trained on data",
    };

    /// <summary>The <c>--format</c> option shared by <c>diff</c> and <c>verify</c>.</summary>
    public static System.CommandLine.Option<string> FormatOption()
    {
        var option = new System.CommandLine.Option<string>("--format", "-f") { Description = "How to write the report.", DefaultValueFactory = _ => "text" };
        option.AcceptOnlyFromAmong("text", "json", "markdown");
        return option;
    }

    /// <summary>The <c>--tolerance</c> option shared by <c>diff</c> and <c>verify</c>.</summary>
    public static System.CommandLine.Option<double> ToleranceOption() => new("--tolerance", "-t")
    {
        Description = "Count results with |a − b| ≤ T·max(1, |a|, |b|) as equal. Default 0: bit for bit. The configuration is always compared exactly.",
    };

    public static ReportFormat Format(string? name) => name switch
    {
        "json" => ReportFormat.Json,
        "markdown" => ReportFormat.Markdown,
        _ => ReportFormat.Text,
    };

    public static bool ValidTolerance(double tolerance, TextWriter stderr)
    {
        if (double.IsFinite(tolerance) && tolerance >= 0) return true;
        ExperimentFiles.Report(stderr, [ErrorCatalog.BadTolerance(new Site("--tolerance", "", null, null), Doubles.Text(tolerance))]);
        return false;
    }
}
