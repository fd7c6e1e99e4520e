using System.Globalization;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary><c>nf run</c> for reinforcement-learning experiments (a root <c>environment</c> section): trains the
/// policy, prints the returns, writes the output document.</summary>
public static class ReinforceRun
{
    /// <summary>True when <paramref name="path"/> holds JSON whose root has an <c>environment</c> section (anything
    /// unreadable is left to the ordinary path, which reports it).</summary>
    public static bool Handles(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            var tree = ExperimentParser.ParseTree(path, File.ReadAllText(path));
            return tree.IsSuccess && ReinforcementExperiment.IsReinforcement(tree.SuccessToSeq().Head());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads, applies the <c>--set</c> overrides and validates a reinforcement-learning experiment file.</summary>
    public static LanguageExt.Validation<ExperimentError, ReinforcementExperiment> Load(string path, IReadOnlyList<string> overrides) =>
        ExperimentFiles.ReadText(path).Bind(text => ExperimentParser.ParseTree(path, text)).Bind(tree =>
            Overrides.FromTree(tree, overrides, typeof(ReinforcementExperimentDto), changed => ReinforcementJson.FromTree(path, changed)));

    public static int Execute(string path, string? outPath, TextWriter stdout, TextWriter stderr, string? checkpointPath, string? resumePath,
        IReadOnlyList<string> overrides, bool quiet = false)
    {
        if (checkpointPath is not null || resumePath is not null)
        {
            ExperimentFiles.Report(stderr, [ErrorCatalog.CheckpointNotForReinforcement(path)]);
            return ExitCode.BadInput;
        }
        var loaded = Load(path, overrides);
        if (loaded.IsFail)
        {
            ExperimentFiles.Report(stderr, loaded.FailToSeq());
            return ExitCode.BadInput;
        }
        var experiment = loaded.SuccessToSeq().Head();
        var result = ReinforceRunner.Run(experiment);
        var document = ReinforcementDocument.Write(result);
        var toStdout = outPath == "-";
        var target = outPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "out", experiment.Name + ".json");
        if (toStdout) stdout.Write(document);
        else AtomicFile.WriteAllText(target, document);
        var w = quiet ? TextWriter.Null : toStdout ? stderr : stdout;
        Summarize(w, result);
        if (!toStdout) w.WriteLine($"  output: {Path.GetRelativePath(System.Environment.CurrentDirectory, target)}");
        return result.Status == RunStatus.Diverged ? ExitCode.Diverged : ExitCode.Ok;
    }

    private static void Summarize(TextWriter w, ReinforceResult result)
    {
        var e = result.Run.Experiment;
        var plan = e.Training;
        w.WriteLine($"{e.Name}: {e.Description}");
        var first = ReinforceRunner.MeanOfLast(result.Returns.Take(Math.Min(plan.Window, result.Returns.Length)).ToList(), plan.Window);
        var last = ReinforceRunner.MeanOfLast(result.Returns, plan.Window);
        w.WriteLine($"  played {result.Returns.Length} episodes: mean return of the first {Math.Min(plan.Window, result.Returns.Length)} {G(first)}, of the last {Math.Min(plan.Window, result.Returns.Length)} {G(last)}");
        if (plan.Goal is { } goal)
            w.WriteLine(result.SolvedAt is { } n
                ? $"  goal reached: mean return >= {G(goal.MeanReturn)} over {plan.Window} consecutive episodes at episode {n}"
                : $"  goal not reached: mean return >= {G(goal.MeanReturn)} over {plan.Window} consecutive episodes");
        if (result.Divergence is { } d)
            w.WriteLine($"  DIVERGED at episode {d.Epoch}: {d.What} became non-finite; the trace up to there is written.");
        if (e.Environment is AgentEnvironment.MultiArmedBandit bandit)
        {
            var p = Policy.Probabilities(result.Final, Bandit.Observation);
            for (var i = 0; i < bandit.Arms.Length; i++)
                w.WriteLine($"    arm {i}: expected reward {G(Arm.Expected(bandit.Arms[i]))}  ->  pulled with probability {G(p[i])}");
        }
    }

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
