using LanguageExt;

namespace NeuralFunctional.Experiments;

// Unsupervised learning: the reconstruct objective (an autoencoder: y := x) and the bottleneck layer whose
// activations are the network's code.
internal static partial class ExperimentRules
{
    /// <summary><c>predict</c> or <c>reconstruct</c>; reconstruct needs a dense network with as many output units as
    /// inputs, and the mse loss (<paramref name="loss"/>: null when the training section names an unknown one).</summary>
    private static Validation<ExperimentError, Objective> Objective(string? name, LossKind? loss, NetworkFacts network, Locator at) =>
        ObjectiveKind(name, at).Bind(objective => objective == Experiments.Objective.Reconstruct
            ? All(
                    FailWhen(network.Recurrent, () => ErrorCatalog.ReconstructionNeedsDense(at.At("training.objective"))),
                    FailWhen(network.Outputs is { } m && network.Inputs is { } n && m != n, () => ErrorCatalog.ReconstructionShape(
                        at.At($"network.layers[{network.LastLayer}].units"), network.Outputs!.Value, network.Inputs!.Value, network.LastLayer)),
                    FailWhen(loss is { } l && l != LossKind.Mse, () => ErrorCatalog.ReconstructionLoss(at.At("training.loss"), Names.Of(loss!.Value))))
                .Map(_ => objective)
            : Valid(objective));

    /// <summary>The objective training.objective names: predict (the default) or reconstruct.</summary>
    private static Validation<ExperimentError, Objective> ObjectiveKind(string? name, Locator at) => name switch
    {
        null or "predict" => Valid(Experiments.Objective.Predict),
        Reconstruct => Valid(Experiments.Objective.Reconstruct),
        _ => Invalid<Objective>(ErrorCatalog.UnknownObjective(at.At("training.objective"), name)),
    };

    /// <summary>At most one layer is the bottleneck, and not the output layer (its activations are the output already).</summary>
    private static Validation<ExperimentError, Unit> Bottlenecks(List<LayerDto> layers, Locator at)
    {
        var last = layers.Count - 1;
        var marked = Enumerable.Range(0, layers.Count).Where(i => layers[i].Bottleneck == true).ToList();
        var first = marked.Where(i => i != last).Select(i => $"network.layers[{i}].bottleneck").FirstOrDefault();
        return All(marked.Select(i =>
        {
            var path = $"network.layers[{i}].bottleneck";
            return i == last ? Invalid<Unit>(ErrorCatalog.BottleneckIsOutput(at.At(path), i))
                : FailWhen(path != first, () => ErrorCatalog.DuplicateBottleneck(at.At(path), first!));
        }));
    }

    /// <summary>The length every label has under the reconstruct objective: as many as data.targets names, else that of
    /// the first labelled row (train rows, then test rows).</summary>
    private static int? LabelLength(DataDto dto) =>
        dto.Targets is { Count: > 0 } targets ? targets.Count
        : (dto.Train ?? []).Concat(dto.Test ?? []).FirstOrDefault(r => r.Y is { Steps: null })?.Y?.Count;

    /// <summary>A label (the y of a row under the reconstruct objective): every label has the same length.</summary>
    private static Validation<ExperimentError, Unit> Label(List<double> y, string path, int length, Locator at) =>
        FailWhen(y.Count != length, () => ErrorCatalog.LabelLength(at.At(path), y.Count, length));
}
