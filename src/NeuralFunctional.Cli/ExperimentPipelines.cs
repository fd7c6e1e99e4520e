using System.Globalization;
using LanguageExt;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Cli;

/// <summary>What a kind of experiment supplies to the commands: the one place where the kinds are told apart
/// (<see cref="ExperimentPipelines.Of"/>, the only dispatch on <see cref="ExperimentKind"/> in the host). <c>nf run</c>, <c>sweep</c>,
/// <c>explain</c>, <c>diff</c> and <c>verify</c> each ask the pipeline and go on along their one path; a new kind of
/// experiment is a new implementation here, not a new branch in every command.</summary>
public interface IExperimentPipeline
{
    /// <summary>The experiment's name (its default output is <c>out/NAME.json</c>).</summary>
    string Name { get; }

    /// <summary>The sweep the file carries, if any (<c>nf run</c> runs only the experiment as written and says so).</summary>
    SweepPlan? Sweep { get; }

    /// <summary>The data file the experiment reads, as a path (never a target of <c>--out</c>), or null.</summary>
    string? DataFile(string experimentPath);

    /// <summary>The run <c>nf run</c> trains and writes (<see cref="ITrainingRun"/>), or why
    /// <paramref name="predictions"/> does not apply to this kind.</summary>
    Validation<ExperimentError, ITrainingRun> Run(PredictionsForm predictions);

    /// <summary>The experiment run to the end, as its output document (what <c>diff</c> and <c>verify</c> compare).</summary>
    JObject Document();

    /// <summary>One step of training written out for a student (<c>nf explain</c>), or why there is none.</summary>
    Validation<ExperimentError, string> Explain(string path, string? sample, int epoch, bool markdown);

    /// <summary>What <c>nf sweep</c> needs: the summary's header and the variants in [from, to), each with its data attached.</summary>
    Validation<ExperimentError, SweepSource> Sweeping(string path);
}

/// <summary>What <c>nf sweep</c> needs of an experiment: its summary's header, and its variants in [from, to), each with
/// its data attached.</summary>
public sealed record SweepSource(SweepHeader Header, Func<int, int, Validation<ExperimentError, List<ISweepVariant>>> Expand);

/// <summary>The pipeline of each kind of experiment.</summary>
public static class ExperimentPipelines
{
    /// <summary>The one dispatch on the kind.</summary>
    public static IExperimentPipeline Of(ExperimentKind kind) => kind.Match<IExperimentPipeline>(
        supervised: e => new Supervised(e),
        reinforcement: e => new Reinforcement(e),
        curves: c => new Curves(c, kind));

    /// <summary>A network trained on rows or sequences.</summary>
    private sealed record Supervised(Experiment Experiment) : IExperimentPipeline
    {
        public string Name => Experiment.Name;

        public SweepPlan? Sweep => Experiment.Sweep;

        public string? DataFile(string experimentPath) =>
            Experiment.Data.Csv is { Dataset: null } csv ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(experimentPath))!, csv.Path) : null;

        public Validation<ExperimentError, ITrainingRun> Run(PredictionsForm predictions) =>
            predictions != PredictionsForm.Full && Experiment.Data.Rows is DataRows.Sequences
                ? Fail<ExperimentError, ITrainingRun>(ErrorCatalog.BadOption("--predictions", "applies to feed-forward networks; an Elman network's document lists its sequences whole"))
                : Success<ExperimentError, ITrainingRun>(new SupervisedTrainingRun(Runner.Prepare(Experiment), []) { PredictionsForm = predictions });

        public JObject Document() => Documents.Build(Runner.Run(Experiment));

        public Validation<ExperimentError, string> Explain(string path, string? sample, int epoch, bool markdown)
        {
            var run = Runner.Prepare(Experiment);
            return Experiment.Network.Match(
                dense: _ => Explanation.Build(run, path, sample, epoch).Map(x => ExplanationText.Write(x, markdown)),
                elman: _ => ElmanExplanation.Build(run, path, sample, epoch).Map(x => ExplanationText.Write(x, markdown)));
        }

        public Validation<ExperimentError, SweepSource> Sweeping(string path) =>
            new SweepSource(SweepSummary.Header(Experiment), (from, to) => SweepVariants.Expand(Experiment, from, to)
                .Bind(variants => CsvFiles.AttachVariants(path, variants))
                .Map(variants => variants.Cast<ISweepVariant>().ToList()));
    }

    /// <summary>A policy trained by REINFORCE in an environment.</summary>
    private sealed record Reinforcement(ReinforcementExperiment Experiment) : IExperimentPipeline
    {
        public string Name => Experiment.Name;

        public SweepPlan? Sweep => Experiment.Sweep;

        public string? DataFile(string experimentPath) => null;

        public Validation<ExperimentError, ITrainingRun> Run(PredictionsForm predictions) =>
            predictions != PredictionsForm.Full
                ? Fail<ExperimentError, ITrainingRun>(ErrorCatalog.BadOption("--predictions", "applies to runs on data; a reinforcement-learning document has no prediction rows"))
                : Success<ExperimentError, ITrainingRun>(new ReinforcementTrainingRun(ReinforcementRunner.Prepare(Experiment), []));

        public JObject Document() => Documents.Build(ReinforcementRunner.Run(Experiment));

        public Validation<ExperimentError, string> Explain(string path, string? sample, int epoch, bool markdown) =>
            ReinforcementExplanation.Build(ReinforcementRunner.Prepare(Experiment), path, sample, epoch).Map(x => ReinforcementExplanationText.Write(x, markdown));

        public Validation<ExperimentError, SweepSource> Sweeping(string path) =>
            new SweepSource(SweepSummary.Header(Experiment), (from, to) => SweepVariants.Expand(Experiment, from, to).Map(variants => variants.Cast<ISweepVariant>().ToList()));
    }

    /// <summary>Activation curves: nothing is trained; <c>nf run</c> writes the curves document.</summary>
    private sealed record Curves(CurvesExperiment Experiment, ExperimentKind Kind) : IExperimentPipeline
    {
        public string Name => Experiment.Name;

        public SweepPlan? Sweep => null;

        public string? DataFile(string experimentPath) => null;

        public Validation<ExperimentError, ITrainingRun> Run(PredictionsForm predictions) => Success<ExperimentError, ITrainingRun>(new CurvesRun(Experiment));

        public JObject Document() => Experiments.Curves.Build(Experiment);

        public Validation<ExperimentError, string> Explain(string path, string? sample, int epoch, bool markdown) =>
            Fail<ExperimentError, string>(ErrorCatalog.WrongExperimentKind(path, "explain", Kind, "an experiment that trains a network or a policy"));

        public Validation<ExperimentError, SweepSource> Sweeping(string path) =>
            Fail<ExperimentError, SweepSource>(
                ErrorCatalog.WrongExperimentKind(path, "sweep", Kind, "an experiment that trains a network or a policy"));
    }

    /// <summary><c>nf run</c> of a curves experiment: its document, computed at once; no checkpoint (nothing to continue).</summary>
    private sealed record CurvesRun(CurvesExperiment Experiment) : ITrainingRun, ITrainedRun
    {
        public Validation<ExperimentError, ITrainingRun> Resume(string file, string text) =>
            Fail<ExperimentError, ITrainingRun>(ErrorCatalog.BadOption("--resume", "continues a training run; a curves experiment trains nothing"));

        public ITrainedRun Train(RunHost host, TextWriter stderr) => this;

        public RunStatus Status => RunStatus.Completed;

        public void WriteDocument(TextWriter w) => w.Write(CanonicalJson.Write(Experiments.Curves.Build(Experiment)));

        public string? Checkpoint => null;

        public void Summarize(TextWriter w) =>
            w.WriteLine($"{Experiment.Name}: {Experiment.Activations.Length} activation curves on [{G(Experiment.From)}, {G(Experiment.To)}], {Experiment.Points} points");

        private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
    }
}
