using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>The per-sample step of <see cref="FastTrainer"/> (mini-batches of one, as the lecture trains): plain loops on
/// the flat parameters and gradient sums, then the update chain, in the reference's order.</summary>
internal sealed partial class FastTrainer
{
    /// <summary>The forward pass of one input <paramref name="x"/> into row <paramref name="row"/> of the buffers' z and a,
    /// as the reference computes it: per layer <see cref="Layer.WeightedSums(ReadOnlySpan{double}, ReadOnlySpan{double},
    /// ReadOnlySpan{double}, Span{double})"/>, then the activation's vector kernel (<see cref="LayerKernels.Forward"/>,
    /// the same bits as <see cref="Activation.Forward"/>).</summary>
    private void ForwardOne(ReadOnlySpan<double> x, int row)
    {
        for (var l = 0; l < LayerCount; l++)
        {
            var m = _sizes[l + 1];
            var input = l == 0 ? x : _buffers.A[l - 1].AsSpan(row * _sizes[l], _sizes[l]);
            var z = _buffers.Z[l].AsSpan(row * m, m);
            Layer.WeightedSums(WeightsOf(l), BiasesOf(l), input, z);
            LayerKernels.Forward(_activations[l], z, _buffers.A[l].AsSpan(row * m, m), m);
        }
    }

    /// <summary>One step on row <paramref name="row"/>: forward (<see cref="Layer.WeightedSums(ReadOnlySpan{double},
    /// ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>); δ from the loss; per layer from the last, ∂L/∂x with
    /// the weights before the step (<see cref="Layer.InputGradient"/>) and the layer's gradient (<see cref="Layer.WeightGradient"/>,
    /// δ for the biases); then the update chain on every parameter.</summary>
    private void StepOne(int row)
    {
        var sample = _data.Rows[row];
        var x = sample.X.AsSpan();
        var last = _sizes.Length - 2;
        ForwardOne(x, 0);
        var outputs = _sizes[^1];
        Core.Loss.OutputDelta(_config.Loss, _activations[last], _buffers.Z[last].AsSpan(0, outputs), _buffers.A[last].AsSpan(0, outputs),
            sample.Y.AsSpan(), _buffers.Delta[last].AsSpan(0, outputs));
        _update = UpdateStep.Of(_rule, _step + 1, 1, _config.WeightDecay);
        for (var l = last; l >= 0; l--)
        {
            var n = _sizes[l];
            var m = _sizes[l + 1];
            var d = _buffers.Delta[l].AsSpan(0, m);
            var input = l == 0 ? x : _buffers.A[l - 1].AsSpan(0, n);
            if (l > 0)
            {
                var dX = _buffers.Delta[l - 1].AsSpan(0, n);
                Layer.InputGradient(WeightsOf(l), d, dX);
                Activation.Backward(_activations[l - 1], _buffers.Z[l - 1].AsSpan(0, n), _buffers.A[l - 1].AsSpan(0, n), dX, dX);
            }
            var o = _offsets[l];
            Layer.WeightGradient(d, input, _sums.AsSpan(o, m * n));
            d.CopyTo(_sums.AsSpan(o + m * n, m));
        }
        // Every gradient is known (all from the weights before the step): one pass of the chain over the whole flat
        // vector, or stretch by stretch when weight decay tells weights from biases.
        if (_config.WeightDecay == 0) Apply(0, _p.Length, decays: false);
        else foreach (var (offset, length, weights) in _stretches) Apply(offset, length, weights);
        _step++;
    }
}
