namespace NeuralFunctional.Core.Kernels;

/// <summary>A layer's activation over a block of rows (row-major, rows × units), forward and backward: vector kernels
/// for the kinds that have one, else <see cref="Activation.Forward"/> / <see cref="Activation.Backward"/> (per row for
/// softmax, which couples a row's units; over the whole block for elementwise kinds). Same bits either way.</summary>
internal static class LayerKernels
{
    /// <summary>a = f(z) for every row of the block.</summary>
    public static void Forward(Activation f, ReadOnlySpan<double> z, Span<double> a, int units)
    {
        switch (f.Kind)
        {
            case ActivationKind.Sigmoid: VectorMath.Sigmoid(z, a); return;
            case ActivationKind.Tanh: VectorMath.Tanh(z, a); return;
            case ActivationKind.Relu: Elementwise.Relu(z, a); return;
            case ActivationKind.Softmax:
                for (var i = 0; i < z.Length; i += units) Softmax(z.Slice(i, units), a.Slice(i, units));
                return;
            default: Activation.Forward(f, z, a); return;
        }
    }

    /// <summary>One row's softmax as <see cref="Activation.Forward"/>: max (NaN wins), a_i = e^(z_i − max) (vector
    /// <see cref="VectorMath.Exp(ReadOnlySpan{double}, Span{double})"/>, bit for bit DetMath.Exp), their sum in order,
    /// then a_i ÷ sum.</summary>
    private static void Softmax(ReadOnlySpan<double> z, Span<double> a)
    {
        var max = double.NegativeInfinity;
        for (var i = 0; i < z.Length; i++) if (z[i] > max || double.IsNaN(z[i])) max = z[i];
        for (var i = 0; i < z.Length; i++) a[i] = z[i] - max;
        VectorMath.Exp(a, a);
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i];
        for (var i = 0; i < a.Length; i++) a[i] /= sum;
    }

    /// <summary>dZ = dA · ∂a/∂z for every row of the block (dZ may be dA itself).</summary>
    public static void Backward(Activation f, ReadOnlySpan<double> z, ReadOnlySpan<double> a, ReadOnlySpan<double> dA, Span<double> dZ, int units)
    {
        switch (f.Kind)
        {
            case ActivationKind.Sigmoid: Elementwise.SigmoidBackward(dA, a, dZ); return;
            case ActivationKind.Tanh: Elementwise.TanhBackward(dA, a, dZ); return;
            case ActivationKind.Relu: Elementwise.ReluBackward(dA, z, dZ); return;
            case ActivationKind.Softmax:
                for (var i = 0; i < z.Length; i += units)
                    Activation.Backward(f, z.Slice(i, units), a.Slice(i, units), dA.Slice(i, units), dZ.Slice(i, units));
                return;
            default: Activation.Backward(f, z, a, dA, dZ); return;
        }
    }
}
