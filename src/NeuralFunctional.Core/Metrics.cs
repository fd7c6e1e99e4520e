using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>How outputs are compared with targets for accuracy: one-hot targets by the largest output (argmax),
/// 0/1 targets by thresholding each output at 0.5.</summary>
public enum TargetKind { Continuous, Binary, OneHot }

public static class Metrics
{
    /// <summary>One-hot when every target row has at least two values, exactly one of them 1 and the rest 0;
    /// binary when every target value is 0 or 1; continuous otherwise (or when there are no targets).</summary>
    public static TargetKind Classify(IReadOnlyList<ImmutableArray<double>> targets)
    {
        if (targets.Count == 0 || targets.Any(t => t.IsDefaultOrEmpty)) return TargetKind.Continuous;
        if (targets.Any(t => t.Any(v => v != 0 && v != 1))) return TargetKind.Continuous;
        return targets.All(t => t.Length > 1 && t.Count(v => v == 1) == 1) ? TargetKind.OneHot : TargetKind.Binary;
    }

    /// <summary>Index of the largest value (the first, on ties).</summary>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>True when the output names the same class as the target: argmax for one-hot, each output
    /// thresholded at 0.5 for binary targets.</summary>
    public static bool Correct(TargetKind kind, ReadOnlySpan<double> output, ReadOnlySpan<double> target)
    {
        if (kind == TargetKind.OneHot) return ArgMax(output) == ArgMax(target);
        for (var i = 0; i < output.Length; i++)
            if ((output[i] >= 0.5 ? 1.0 : 0.0) != target[i]) return false;
        return true;
    }

    /// <summary>The fraction of rows classified correctly, or null when the targets are not classes.</summary>
    public static double? Accuracy(TargetKind kind, IReadOnlyList<ImmutableArray<double>> outputs, IReadOnlyList<ImmutableArray<double>> targets)
    {
        if (kind == TargetKind.Continuous || outputs.Count == 0) return null;
        var correct = 0;
        for (var i = 0; i < outputs.Count; i++) if (Correct(kind, outputs[i].AsSpan(), targets[i].AsSpan())) correct++;
        return (double)correct / outputs.Count;
    }
}
