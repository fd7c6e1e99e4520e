namespace NeuralFunctional.Core;

/// <summary>The losses: mean squared error, binary cross-entropy (over a sigmoid output) and
/// cross-entropy (over a softmax output).</summary>
public enum LossKind { Mse, Bce, Ce }

/// <summary>Loss of one sample and its gradient. A data set's loss is the mean of its samples' losses,
/// summed in row order and divided by the row count.</summary>
public static class Loss
{
    /// <summary>The output activation a loss needs, if any: BCE is computed from a sigmoid's logits and
    /// CE from a softmax's, which keeps both finite where the probabilities round to 0 or 1.</summary>
    public static ActivationKind? RequiredOutput(LossKind loss) => loss switch
    {
        LossKind.Bce => ActivationKind.Sigmoid,
        LossKind.Ce => ActivationKind.Softmax,
        _ => null,
    };

    /// <summary>L for one sample, given the output layer's weighted sums z, outputs a and targets t (m outputs).
    /// MSE: Σ_i (t_i − a_i)² / m. BCE: Σ_i [max(z_i, 0) − z_i t_i + log(1 + e^−|z_i|)] / m.
    /// CE: −Σ_i t_i log softmax(z)_i, with log softmax(z)_i = (z_i − max z) − log Σ_j e^(z_j − max z).</summary>
    public static double Value(LossKind loss, ReadOnlySpan<double> z, ReadOnlySpan<double> a, ReadOnlySpan<double> t)
    {
        CheckShapes(z, a, t);
        var m = t.Length;
        switch (loss)
        {
            case LossKind.Mse:
            {
                var sum = 0.0;
                for (var i = 0; i < m; i++) { var d = t[i] - a[i]; sum += d * d; }
                return sum / m;
            }
            case LossKind.Bce:
            {
                var sum = 0.0;
                for (var i = 0; i < m; i++)
                    sum += (z[i] > 0 ? z[i] : 0.0) - z[i] * t[i] + DetMath.Log1p(DetMath.Exp(-Math.Abs(z[i])));
                return sum / m;
            }
            case LossKind.Ce:
            {
                var max = double.NegativeInfinity;
                for (var i = 0; i < m; i++) if (z[i] > max || double.IsNaN(z[i])) max = z[i];
                var sumExp = 0.0;
                for (var i = 0; i < m; i++) sumExp += DetMath.Exp(z[i] - max);
                var logSum = DetMath.Log(sumExp);
                var sum = 0.0;
                for (var i = 0; i < m; i++) if (t[i] != 0) sum -= t[i] * (z[i] - max - logSum);
                return sum;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(loss));
        }
    }

    /// <summary>∂L/∂a for one sample. MSE: −2(t_i − a_i)/m (the lecture's dL/dy = −2(t − y) for one output).
    /// BCE: (a_i − t_i) / (a_i (1 − a_i) m). CE: −t_i / a_i.</summary>
    public static void Gradient(LossKind loss, ReadOnlySpan<double> a, ReadOnlySpan<double> t, Span<double> dA)
    {
        if (a.Length != t.Length || dA.Length != t.Length) throw new ArgumentException("a, t and dA differ in length.");
        var m = t.Length;
        for (var i = 0; i < m; i++)
            dA[i] = loss switch
            {
                LossKind.Mse => -2.0 * (t[i] - a[i]) / m,
                LossKind.Bce => (a[i] - t[i]) / (a[i] * (1.0 - a[i]) * m),
                LossKind.Ce => -t[i] / a[i],
                _ => throw new ArgumentOutOfRangeException(nameof(loss)),
            };
    }

    /// <summary>δ = ∂L/∂z at the output layer. MSE goes through the activation's derivative;
    /// BCE over sigmoid is fused to (a_i − t_i)/m and CE over softmax to a_i Σ_j t_j − t_i (= a − t for one-hot t).</summary>
    public static void OutputDelta(LossKind loss, Activation output, ReadOnlySpan<double> z, ReadOnlySpan<double> a,
        ReadOnlySpan<double> t, Span<double> dZ)
    {
        CheckShapes(z, a, t);
        if (dZ.Length != t.Length) throw new ArgumentException("dZ differs in length from t.");
        var required = RequiredOutput(loss);
        if (required is { } kind && kind != output.Kind)
            throw new ArgumentException($"Loss {loss} needs a {kind} output layer, not {output.Kind}.");
        var m = t.Length;
        switch (loss)
        {
            case LossKind.Mse:
                Gradient(loss, a, t, dZ);
                Activation.Backward(output, z, a, dZ, dZ);
                return;
            case LossKind.Bce:
                for (var i = 0; i < m; i++) dZ[i] = (a[i] - t[i]) / m;
                return;
            case LossKind.Ce:
                var sumT = 0.0;
                for (var i = 0; i < m; i++) sumT += t[i];
                for (var i = 0; i < m; i++) dZ[i] = a[i] * sumT - t[i];
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(loss));
        }
    }

    private static void CheckShapes(ReadOnlySpan<double> z, ReadOnlySpan<double> a, ReadOnlySpan<double> t)
    {
        if (z.Length != t.Length || a.Length != t.Length) throw new ArgumentException("z, a and t differ in length.");
        if (t.Length == 0) throw new ArgumentException("A loss needs at least one output.");
    }
}
