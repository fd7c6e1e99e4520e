using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>∂L/∂W and ∂L/∂b of one layer, shaped like the layer.</summary>
public sealed record LayerGradient(Matrix Weights, ImmutableArray<double> Biases);

/// <summary>The gradient of the loss with respect to every parameter of a network, shaped like the network.</summary>
public sealed record Gradient(ImmutableArray<LayerGradient> Layers)
{
    /// <summary>The mean of the samples' gradients: the first, plus each later one in sample order, divided by the
    /// count when there is more than one. (A batch of one is its own mean, bit for bit.)</summary>
    public static Gradient Mean(IReadOnlyList<Gradient> gradients)
    {
        if (gradients.Count == 0) throw new ArgumentException("The mean of no gradients is undefined.");
        if (gradients.Count == 1) return gradients[0];
        var first = gradients[0];
        var layers = ImmutableArray.CreateBuilder<LayerGradient>(first.Layers.Length);
        for (var l = 0; l < first.Layers.Length; l++)
        {
            var w = first.Layers[l].Weights.Values.ToArray();
            var b = first.Layers[l].Biases.ToArray();
            for (var s = 1; s < gradients.Count; s++)
            {
                Add(w, gradients[s].Layers[l].Weights.Values.AsSpan());
                Add(b, gradients[s].Layers[l].Biases.AsSpan());
            }
            Divide(w, gradients.Count);
            Divide(b, gradients.Count);
            var shape = first.Layers[l].Weights;
            layers.Add(new LayerGradient(new Matrix(shape.Rows, shape.Cols, Layer.Freeze(w)), Layer.Freeze(b)));
        }
        return new Gradient(layers.MoveToImmutable());
    }

    /// <summary>L2 weight decay: every weight's gradient g ← g + λ·w (w the weight before the step), biases
    /// unchanged; applied to the mini-batch mean, before the optimizer. λ = 0 returns the gradient itself.</summary>
    public static Gradient WithWeightDecay(Gradient g, Network net, double lambda)
    {
        if (lambda == 0) return g;
        var layers = ImmutableArray.CreateBuilder<LayerGradient>(g.Layers.Length);
        for (var l = 0; l < g.Layers.Length; l++)
        {
            var gw = g.Layers[l].Weights;
            var w = net.Layers[l].Weights.Values;
            var decayed = new double[gw.Values.Length];
            for (var i = 0; i < decayed.Length; i++) decayed[i] = gw.Values[i] + lambda * w[i];
            layers.Add(g.Layers[l] with { Weights = new Matrix(gw.Rows, gw.Cols, Layer.Freeze(decayed)) });
        }
        return new Gradient(layers.MoveToImmutable());
    }

    /// <summary>All values in parameter order (see <see cref="Network.Parameters"/>).</summary>
    public static ImmutableArray<double> Flatten(Gradient g)
    {
        var builder = ImmutableArray.CreateBuilder<double>();
        foreach (var layer in g.Layers)
        {
            builder.AddRange(layer.Weights.Values);
            builder.AddRange(layer.Biases);
        }
        return builder.ToImmutable();
    }

    /// <summary>Flat values in parameter order (see <see cref="Flatten"/>) → a gradient shaped like <paramref name="shape"/>:
    /// the inverse of <see cref="Flatten"/>, sharing <see cref="Network.WithParameters"/>'s layout.</summary>
    public static Gradient Unflatten(Network shape, ReadOnlySpan<double> values) =>
        new(Network.WithParameters(shape, values).Layers.Select(l => new LayerGradient(l.Weights, l.Biases)).ToImmutableArray());

    private static void Add(double[] acc, ReadOnlySpan<double> values)
    {
        for (var i = 0; i < acc.Length; i++) acc[i] += values[i];
    }

    private static void Divide(double[] acc, int count)
    {
        for (var i = 0; i < acc.Length; i++) acc[i] /= count;
    }
}
