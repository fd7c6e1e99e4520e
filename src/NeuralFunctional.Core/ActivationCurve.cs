using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>An activation function sampled on a grid: z, f(z) and f'(z) at each point.</summary>
public sealed record ActivationCurve(Activation Activation, ImmutableArray<double> Z, ImmutableArray<double> A, ImmutableArray<double> Derivative)
{
    /// <summary>Samples <paramref name="f"/> at z_i = from + i·(to − from)/(points − 1), i = 0 … points − 1 (the last
    /// point is <paramref name="to"/> exactly). Softmax acts on a vector, so its curve is the first unit of
    /// softmax([z, 0]) — which is σ(z) — with derivative ∂a_0/∂z_0 = a_0(1 − a_0).</summary>
    public static ActivationCurve Evaluate(Activation f, double from, double to, int points)
    {
        if (points < 2) throw new ArgumentException("A curve needs at least two points.");
        var z = new double[points];
        var a = new double[points];
        var d = new double[points];
        var step = (to - from) / (points - 1);
        var pair = new double[2];
        for (var i = 0; i < points; i++)
        {
            z[i] = i == points - 1 ? to : from + i * step;
            if (f.IsVectorValued)
            {
                Activation.Forward(f, [z[i], 0.0], pair);
                a[i] = pair[0];
                d[i] = pair[0] * (1.0 - pair[0]);
            }
            else
            {
                a[i] = Activation.Apply(f, z[i]);
                d[i] = Activation.Derivative(f, z[i]);
            }
        }
        return new ActivationCurve(f, Layer.Freeze(z), Layer.Freeze(a), Layer.Freeze(d));
    }
}
