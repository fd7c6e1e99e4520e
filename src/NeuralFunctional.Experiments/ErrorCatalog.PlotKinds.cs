namespace NeuralFunctional.Experiments;

/// <summary>NF260x: output documents that cannot be drawn as a bottleneck, reconstructions, hidden-state or returns plot.</summary>
public static partial class ErrorCatalog
{
    public static ExperimentError PlotNeedsCodes(Site at, string found) =>
        Make("NF2601", at, $"a bottleneck plot draws the 2-unit codes of an autoencoder's predictions, and {found}",
            "mark a 2-unit layer \"bottleneck\": true and train with \"objective\": \"reconstruct\" (e.g. experiments/autoencoder-digits.json)");

    public static ExperimentError PlotNeedsReconstructions(Site at) =>
        Make("NF2602", at, "a reconstructions plot draws an autoencoder's output (training.objective \"reconstruct\"), and this run predicts targets",
            "e.g. nf plot experiments/autoencoder-digits.json --kind reconstructions --out r.png");

    public static ExperimentError PlotNeedsElman(Site at) =>
        Make("NF2603", at, "a hidden-state plot draws an Elman network's output, and this network is not recurrent",
            "e.g. nf plot experiments/sine-elman.json --kind hidden --out h.png");

    public static ExperimentError UnknownSample(Site at, string id, IReadOnlyCollection<string> ids)
    {
        var suggestion = DidYouMean.Suggest(id, ids);
        return Make("NF2604", at, $"no row has the id `{id}`",
            suggestion is null ? $"the rows are {string.Join(", ", ids.Take(8))}{(ids.Count > 8 ? ", …" : "")}" : $"did you mean `{suggestion}`?");
    }

    public static ExperimentError PlotNeedsReturns(Site at) =>
        Make("NF2605", at, "a returns plot draws a reinforcement-learning run's episode returns, and this is a supervised run",
            "draw its training loss with --kind loss (e.g. nf plot experiments/cartpole.json --kind returns --out r.png draws returns)");

    public static ExperimentError PlotOfReinforcement(Site at, string kind) =>
        Make("NF2606", at, $"is a reinforcement-learning run: --kind {kind} draws supervised runs",
            "draw its episode returns and their moving mean with --kind returns");
}
