using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>How outputs are compared with targets for accuracy: one-hot targets by the largest output (argmax),
/// 0/1 targets by thresholding each output at 0.5.</summary>
public enum TargetKind { Continuous, Binary, OneHot }

/// <summary>How well one class is found: precision = TP / (TP + FP), recall = TP / (TP + FN),
/// F1 = 2·precision·recall / (precision + recall), support = rows whose true class it is. A ratio whose denominator is
/// 0 (a class never predicted, never present, or with precision and recall both 0) is defined as 0.</summary>
public sealed record ClassScore(double Precision, double Recall, double F1, int Support);

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

    /// <summary>The class a row names: for one-hot values the index of the largest (<see cref="ArgMax"/>); for a single
    /// 0/1 value, 1 when it is ≥ 0.5, else 0. Null for anything else (several binary values: not one class).</summary>
    public static int? ClassOf(TargetKind kind, ReadOnlySpan<double> values) => kind switch
    {
        TargetKind.OneHot => ArgMax(values),
        TargetKind.Binary when values.Length == 1 => values[0] >= 0.5 ? 1 : 0,
        _ => null,
    };

    /// <summary>Number of classes a confusion matrix has for these targets: the one-hot width, 2 for single 0/1
    /// targets, null when the targets are not single classes.</summary>
    public static int? ClassCount(TargetKind kind, IReadOnlyList<ImmutableArray<double>> targets) => kind switch
    {
        TargetKind.OneHot => targets[0].Length,
        TargetKind.Binary when targets.All(t => t.Length == 1) => 2,
        _ => null,
    };

    /// <summary>The confusion matrix: entry [t][p] counts the rows whose true class is t and predicted class is p
    /// (rows = true class, columns = predicted, both in class order).</summary>
    public static ImmutableArray<ImmutableArray<int>> Confusion(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException("truth and predicted must have the same length");
        var counts = new int[classes][];
        for (var t = 0; t < classes; t++) counts[t] = new int[classes];
        for (var i = 0; i < truth.Count; i++) counts[truth[i]][predicted[i]]++;
        return counts.Select(row => row.ToImmutableArray()).ToImmutableArray();
    }

    /// <summary>The confusion matrix of outputs against targets (see <see cref="ClassOf"/>), or null when the targets
    /// are not classes.</summary>
    public static ImmutableArray<ImmutableArray<int>>? Confusion(TargetKind kind, IReadOnlyList<ImmutableArray<double>> outputs, IReadOnlyList<ImmutableArray<double>> targets)
    {
        if (outputs.Count == 0 || ClassCount(kind, targets) is not { } classes) return null;
        var truth = targets.Select(t => ClassOf(kind, t.AsSpan())!.Value).ToList();
        var predicted = outputs.Select(o => ClassOf(kind, o.AsSpan())!.Value).ToList();
        return Confusion(truth, predicted, classes);
    }

    /// <summary>Precision, recall, F1 and support of every class, in class order, from a confusion matrix
    /// (rows = true class). 0/0 is 0: a class never predicted has precision 0, a class absent has recall 0.</summary>
    public static ImmutableArray<ClassScore> PerClass(ImmutableArray<ImmutableArray<int>> confusion)
    {
        var n = confusion.Length;
        var scores = ImmutableArray.CreateBuilder<ClassScore>(n);
        for (var c = 0; c < n; c++)
        {
            var tp = confusion[c][c];
            var support = 0;
            var predicted = 0;
            for (var k = 0; k < n; k++)
            {
                support += confusion[c][k];
                predicted += confusion[k][c];
            }
            var precision = Ratio(tp, predicted);
            var recall = Ratio(tp, support);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores.Add(new ClassScore(precision, recall, f1, support));
        }
        return scores.MoveToImmutable();
    }

    /// <summary>Macro averages: the plain mean over every class (summed in class order, then ÷ class count) of
    /// precision, recall and F1; each class counts once whatever its support.</summary>
    public static (double Precision, double Recall, double F1) Macro(IReadOnlyList<ClassScore> scores)
    {
        if (scores.Count == 0) return (0, 0, 0);
        double p = 0, r = 0, f = 0;
        foreach (var s in scores)
        {
            p += s.Precision;
            r += s.Recall;
            f += s.F1;
        }
        return (p / scores.Count, r / scores.Count, f / scores.Count);
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
