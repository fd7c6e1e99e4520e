using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace NeuralFunctional.Core;

/// <summary>A fully connected layer of neurons: unit j computes z_j = Σ_k w_jk x_k + b_j and a_j = f(z_j).
/// <see cref="Weights"/> is units × inputs (row j holds unit j's weights).</summary>
public sealed record Layer(Matrix Weights, ImmutableArray<double> Biases, Activation Activation)
{
    public int Units => Weights.Rows;
    public int Inputs => Weights.Cols;

    /// <summary>A layer from explicit values; shapes are checked (a programming error if they disagree).</summary>
    public static Layer Create(Matrix weights, ImmutableArray<double> biases, Activation activation)
    {
        if (biases.Length != weights.Rows)
            throw new ArgumentException($"A layer of {weights.Rows} units needs {weights.Rows} biases, got {biases.Length}.");
        return new Layer(weights, biases, activation);
    }

    /// <summary>Forward pass of one sample: returns x, z and a (what backpropagation needs).
    /// Canonical order: z_j = ((0 + w_j0·x_0) + w_j1·x_1 + …) + b_j, left to right, no fused multiply-add.</summary>
    public static LayerTrace Forward(Layer layer, ImmutableArray<double> x)
    {
        var z = new double[layer.Units];
        var a = new double[layer.Units];
        WeightedSums(layer, x.AsSpan(), z);
        Activation.Forward(layer.Activation, z, a);
        return new LayerTrace(x, Freeze(z), Freeze(a));
    }

    /// <summary>z = W x + b for one sample, in the canonical order of <see cref="Forward"/>.</summary>
    public static void WeightedSums(Layer layer, ReadOnlySpan<double> x, Span<double> z)
    {
        if (x.Length != layer.Inputs) throw new ArgumentException($"Layer expects {layer.Inputs} inputs, got {x.Length}.");
        WeightedSums(layer.Weights.Values.AsSpan(), layer.Biases.AsSpan(), x, z);
    }

    /// <summary>z_j = ((0 + w_j0·x_0) + w_j1·x_1 + …) + b_j for one sample, W given row-major (units × inputs): the one
    /// home of the per-sample weighted sum, which the batched engine's products reproduce element for element.</summary>
    internal static void WeightedSums(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> z)
    {
        var n = x.Length;
        for (var j = 0; j < z.Length; j++)
        {
            var row = w.Slice(j * n, n);
            var acc = 0.0;
            for (var k = 0; k < n; k++) acc += row[k] * x[k];
            z[j] = acc + b[j];
        }
    }

    /// <summary>Backward pass of one sample from δ = ∂L/∂z: ∂L/∂w_jk = δ_j x_k, ∂L/∂b_j = δ_j, and
    /// ∂L/∂x_k = Σ_j w_jk δ_j (summed over units in order from 0).</summary>
    public static (LayerGradient Gradient, ImmutableArray<double> InputGradient) Backward(Layer layer, LayerTrace trace, ReadOnlySpan<double> delta)
    {
        var units = layer.Units;
        var n = layer.Inputs;
        if (delta.Length != units) throw new ArgumentException($"δ has {delta.Length} values for {units} units.");
        var dW = new double[units * n];
        var dX = new double[n];
        WeightGradient(delta, trace.X.AsSpan(), dW);
        InputGradient(layer.Weights.Values.AsSpan(), delta, dX);
        var gradient = new LayerGradient(new Matrix(units, n, Freeze(dW)), delta.ToImmutableArray());
        return (gradient, Freeze(dX));
    }

    /// <summary>∂L/∂w_jk = δ_j·x_k for one sample (units × inputs, row-major).</summary>
    internal static void WeightGradient(ReadOnlySpan<double> delta, ReadOnlySpan<double> x, Span<double> dW)
    {
        var n = x.Length;
        for (var j = 0; j < delta.Length; j++)
        {
            var d = delta[j];
            var row = dW.Slice(j * n, n);
            for (var k = 0; k < n; k++) row[k] = d * x[k];
        }
    }

    /// <summary>∂L/∂x_k = (0 + w_0k·δ_0) + w_1k·δ_1 + … for one sample, summed over units in order from 0 (W row-major,
    /// units × inputs; <paramref name="dX"/> is overwritten).</summary>
    internal static void InputGradient(ReadOnlySpan<double> w, ReadOnlySpan<double> delta, Span<double> dX)
    {
        var n = dX.Length;
        dX.Clear();
        for (var j = 0; j < delta.Length; j++)
        {
            var d = delta[j];
            var row = w.Slice(j * n, n);
            for (var k = 0; k < n; k++) dX[k] += row[k] * d;
        }
    }

    internal static ImmutableArray<double> Freeze(double[] values) => ImmutableCollectionsMarshal.AsImmutableArray(values);
}

/// <summary>What one layer saw and produced for one sample: input x, weighted sums z, activations a.</summary>
public sealed record LayerTrace(ImmutableArray<double> X, ImmutableArray<double> Z, ImmutableArray<double> A);
