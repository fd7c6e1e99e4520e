namespace NeuralFunctional.Core;

/// <summary>The per-sample step of <see cref="FastTrainer"/> (mini-batches of one, as the lecture trains): plain loops on
/// the flat parameters, with the gradient of each weight applied as soon as it is known, in the reference's order.</summary>
internal sealed partial class FastTrainer
{
    /// <summary>One SGD step on row <paramref name="row"/>: forward z_j = (0 + Σ_k w_jk x_k) + b_j; δ from the loss; per
    /// layer from the last, ∂L/∂x_k = 0 + Σ_j w_jk δ_j with the old weights, then w_jk ← w_jk − lr·(δ_j x_k), b_j ← b_j − lr·δ_j.</summary>
    private void StepOne(int row)
    {
        var sample = _data.Rows[row];
        var x = sample.X.AsSpan();
        var last = _w.Length - 1;
        for (var l = 0; l <= last; l++)
        {
            var input = l == 0 ? x : _buffers.A[l - 1].AsSpan(0, _sizes[l]);
            var m = _sizes[l + 1];
            var z = _buffers.Z[l].AsSpan(0, m);
            WeightedSums(_w[l], _b[l], input, z);
            Activation.Forward(_activations[l], z, _buffers.A[l].AsSpan(0, m));
        }
        var outputs = _sizes[^1];
        Core.Loss.OutputDelta(_config.Loss, _activations[last], _buffers.Z[last].AsSpan(0, outputs), _buffers.A[last].AsSpan(0, outputs),
            sample.Y.AsSpan(), _buffers.Delta[last].AsSpan(0, outputs));
        for (var l = last; l >= 0; l--)
        {
            var n = _sizes[l];
            var m = _sizes[l + 1];
            var d = _buffers.Delta[l].AsSpan(0, m);
            var input = l == 0 ? x : _buffers.A[l - 1].AsSpan(0, n);
            var w = _w[l].AsSpan();
            if (l > 0)
            {
                var dX = _buffers.Delta[l - 1].AsSpan(0, n);
                dX.Clear();
                for (var j = 0; j < m; j++)
                {
                    var dj = d[j];
                    var wj = w.Slice(j * n, n);
                    for (var k = 0; k < n; k++) dX[k] += wj[k] * dj;
                }
                Activation.Backward(_activations[l - 1], _buffers.Z[l - 1].AsSpan(0, n), _buffers.A[l - 1].AsSpan(0, n), dX, dX);
            }
            var b = _b[l];
            for (var j = 0; j < m; j++)
            {
                var dj = d[j];
                var wj = w.Slice(j * n, n);
                for (var k = 0; k < n; k++) wj[k] = wj[k] - _lr * (dj * input[k]);
                b[j] = b[j] - _lr * dj;
            }
        }
        _step++;
    }

    /// <summary>z_j = (0 + w_j0·x_0 + w_j1·x_1 + …) + b_j for one sample (as <see cref="Layer.WeightedSums"/>).</summary>
    private static void WeightedSums(double[] w, double[] b, ReadOnlySpan<double> x, Span<double> z)
    {
        var n = x.Length;
        for (var j = 0; j < z.Length; j++)
        {
            var row = w.AsSpan(j * n, n);
            var acc = 0.0;
            for (var k = 0; k < n; k++) acc += row[k] * x[k];
            z[j] = acc + b[j];
        }
    }
}
