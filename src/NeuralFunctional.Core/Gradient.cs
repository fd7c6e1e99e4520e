using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>∂L/∂W and ∂L/∂b of one layer, shaped like the layer.</summary>
public sealed record LayerGradient(Matrix Weights, ImmutableArray<double> Biases);

/// <summary>The gradient of the loss with respect to every parameter of a network, shaped like the network.</summary>
public sealed record Gradient(ImmutableArray<LayerGradient> Layers)
{
    /// <summary>The samples' gradients summed, flat in parameter order: the first, plus each later one in sample order
    /// (<see cref="Accumulate"/>). The update chain takes their mean (<see cref="UpdateStep"/>).</summary>
    public static double[] Sum(IReadOnlyList<Gradient> gradients)
    {
        if (gradients.Count == 0) throw new ArgumentException("The sum of no gradients is undefined.");
        double[] sum = [];
        for (var s = 0; s < gradients.Count; s++)
        {
            var flat = Flatten(gradients[s]);
            if (s == 0) sum = new double[flat.Length];
            Accumulate(sum, flat.AsSpan(), s == 0);
        }
        return sum;
    }

    /// <summary>How every sum of terms is taken here: the first term itself (<paramref name="first"/>), then
    /// sum ← sum + term for each later one, element by element in order (never 0 + the first: −0 stays −0).</summary>
    public static void Accumulate(Span<double> sum, ReadOnlySpan<double> term, bool first)
    {
        if (first) term.CopyTo(sum);
        else Kernels.Elementwise.AddTo(sum, term);
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
}
