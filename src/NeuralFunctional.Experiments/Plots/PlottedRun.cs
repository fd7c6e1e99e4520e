using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments.Plots;

/// <summary>A run's output document read back for drawing: the resolved experiment, its run prepared again (the
/// transforms fitted on the training rows exactly as the run fitted them) and the network with the document's
/// <c>finalParameters</c>.</summary>
public sealed record PlottedRun(string File, JObject Document, Experiment Experiment, PreparedRun Run, Network Final)
{
    /// <summary>Reads a (checked) output document of a training run; a curves document is an error for this plot kind.
    /// Rows that come from a CSV file are read by the host's <paramref name="attach"/>.</summary>
    public static Validation<ExperimentError, PlottedRun> Read(string file, JObject doc, string kind,
        Func<Experiment, Validation<ExperimentError, Experiment>> attach) =>
        Trained(file, doc, kind).Bind(t => attach(t.Experiment)
            .MapFail(e => e with { Path = e.Path.Length == 0 ? "experiment" : "experiment." + e.Path })
            .Map(experiment => new PlottedRun(file, doc, experiment, Runner.Prepare(experiment), t.Final)));

    /// <summary>The experiment (its rows not read) and the final network of a (checked) output document of a training
    /// run: all that the plots of the trace and of the network need, so they never look for the data.</summary>
    public static Validation<ExperimentError, (Experiment Experiment, Network Final)> Trained(string file, JObject doc, string kind)
    {
        if ((string?)doc["format"] == Curves.Format)
            return Fail<ExperimentError, (Experiment, Network)>(ErrorCatalog.PlotNeedsRun(new Site(file, "format", null, null), kind));
        return ExperimentParser.FromTree(file, doc["experiment"]!)
            .MapFail(e => e with { Path = e.Path.Length == 0 ? "experiment" : "experiment." + e.Path })
            .Bind(experiment => FinalNetwork(file, doc, experiment).Map(final => (experiment, final)));
    }

    private static Validation<ExperimentError, Network> FinalNetwork(string file, JObject doc, Experiment experiment)
    {
        var shape = Runner.InitialNetwork(experiment.Seed, experiment.Network);
        var values = doc["finalParameters"]?["layers"] is JArray layers
            ? layers.SelectMany(l => (l["weights"] as JArray ?? []).SelectMany(row => row.Select(Doubles.Of))
                .Concat((l["biases"] as JArray ?? []).Select(Doubles.Of))).ToList()
            : [];
        if (values.Count != Network.ParameterCount(shape) || values.Any(v => v is null))
            return Fail<ExperimentError, Network>(ErrorCatalog.OutputShape(new Site(file, "finalParameters", null, null),
                $"{Network.ParameterCount(shape)} parameters for the experiment's network", $"{values.Count(v => v is not null)} numbers"));
        return Success<ExperimentError, Network>(Network.WithParameters(shape, values.Select(v => v!.Value).ToArray()));
    }

    /// <summary>The network's output for a raw input (as written in the experiment file): every fitted transform in
    /// order, then the forward pass.</summary>
    public ImmutableArray<double> Predict(ImmutableArray<double> raw) =>
        Network.Predict(Final, Run.Transforms.Aggregate(raw, (x, t) => FittedTransform.Apply(t, x)));
}
