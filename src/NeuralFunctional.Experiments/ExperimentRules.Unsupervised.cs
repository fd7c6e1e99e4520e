using NeuralFunctional.Core;

namespace NeuralFunctional.Experiments;

// Unsupervised learning: the reconstruct objective (an autoencoder: y := x) and the bottleneck layer whose
// activations are the network's code.
internal sealed partial class ExperimentRules
{
    /// <summary>Set by <see cref="Objective"/>: the rows' y are labels (never trained on), not targets.</summary>
    private bool reconstructs;

    /// <summary>The labels' length once the first labelled row (or data.targets) fixed it.</summary>
    private int? labelLength;

    /// <summary><c>predict</c> or <c>reconstruct</c>; reconstruct needs as many output units as inputs and the mse loss.</summary>
    private Objective? Objective(string? name, LossKind? loss)
    {
        if (name is null or "predict") return Experiments.Objective.Predict;
        if (name != "reconstruct") { Error(ErrorCatalog.UnknownObjective(at.At("training.objective"), name)); return null; }
        reconstructs = true;
        if (recurrentNetwork) Error(ErrorCatalog.ReconstructionNeedsDense(at.At("training.objective")));
        if (outputs is { } m && inputs is { } n && m != n)
            Error(ErrorCatalog.ReconstructionShape(at.At($"network.layers[{lastLayer}].units"), m, n, lastLayer));
        if (loss is { } l && l != LossKind.Mse)
            Error(ErrorCatalog.ReconstructionLoss(at.At("training.loss"), Names.Of(l)));
        return Experiments.Objective.Reconstruct;
    }

    /// <summary>At most one layer is the bottleneck, and not the output layer (its activations are the output already).</summary>
    private void Bottlenecks(List<LayerDto> layers)
    {
        string? first = null;
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].Bottleneck != true) continue;
            var path = $"network.layers[{i}].bottleneck";
            if (i == layers.Count - 1) Error(ErrorCatalog.BottleneckIsOutput(at.At(path), i));
            else if (first is not null) Error(ErrorCatalog.DuplicateBottleneck(at.At(path), first));
            else first = path;
        }
    }

    /// <summary>Set by Network: the network is recurrent (reconstruct is for dense networks only).</summary>
    private bool recurrentNetwork;

    /// <summary>The label length data.targets names, or else that of the first labelled row.</summary>
    private int? LabelLength(DataDto dto) =>
        dto.Targets is { Count: > 0 } targets ? targets.Count
        : (dto.Train ?? []).Concat(dto.Test ?? []).FirstOrDefault(r => r.Y is not null)?.Y?.Count;

    /// <summary>A label (the y of a row under the reconstruct objective): every label has the same length.</summary>
    private void Label(List<double> y, string path)
    {
        labelLength ??= y.Count;
        if (y.Count != labelLength) Error(ErrorCatalog.LabelLength(at.At(path), y.Count, labelLength.Value));
    }
}
