using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>The elementwise work that follows each product of <see cref="FastTrainer"/>, done block by block right after
/// the block's sums (by whichever thread computed them): every element gets the same operations as over the whole
/// matrix, so the same bits. One instance of each per trainer, its layer set before each product.</summary>
internal sealed partial class FastTrainer
{
    private readonly Activate _activate;
    private readonly Derive _derive;
    private readonly DescendBlock _descend;

    /// <summary>z ← z + b, then a = f(z), on a block of layer <see cref="Layer"/>'s rows × units.</summary>
    private sealed class Activate(FastTrainer t) : IAfterBlock
    {
        public int Layer;

        public bool WholeRows => t._activations[Layer].Kind == ActivationKind.Softmax;

        public void Apply(int r0, int r1, int c0, int c1)
        {
            var m = t._sizes[Layer + 1];
            var (z, a, b, f) = (t._buffers.Z[Layer], t._buffers.A[Layer], t._b[Layer], t._activations[Layer]);
            if (c0 == 0 && c1 == m)
            {
                for (var i = r0; i < r1; i++) Elementwise.AddTo(z.AsSpan(i * m, m), b);
                LayerKernels.Forward(f, z.AsSpan(r0 * m, (r1 - r0) * m), a.AsSpan(r0 * m, (r1 - r0) * m), m);
                return;
            }
            var w = c1 - c0;
            for (var i = r0; i < r1; i++)
            {
                Elementwise.AddTo(z.AsSpan(i * m + c0, w), b.AsSpan(c0, w));
                LayerKernels.Forward(f, z.AsSpan(i * m + c0, w), a.AsSpan(i * m + c0, w), w);
            }
        }
    }

    /// <summary>dZ = dA · f'(z) in place on a block of ∂L/∂a of layer <see cref="Layer"/> (rows × units).</summary>
    private sealed class Derive(FastTrainer t) : IAfterBlock
    {
        public int Layer;
        public double[] DA = [];

        public bool WholeRows => t._activations[Layer].Kind == ActivationKind.Softmax;

        public void Apply(int r0, int r1, int c0, int c1)
        {
            var n = t._sizes[Layer + 1];
            var (z, a, f) = (t._buffers.Z[Layer], t._buffers.A[Layer], t._activations[Layer]);
            if (c0 == 0 && c1 == n)
            {
                var block = DA.AsSpan(r0 * n, (r1 - r0) * n);
                LayerKernels.Backward(f, z.AsSpan(r0 * n, (r1 - r0) * n), a.AsSpan(r0 * n, (r1 - r0) * n), block, block, n);
                return;
            }
            var w = c1 - c0;
            for (var i = r0; i < r1; i++)
            {
                var row = DA.AsSpan(i * n + c0, w);
                LayerKernels.Backward(f, z.AsSpan(i * n + c0, w), a.AsSpan(i * n + c0, w), row, row, w);
            }
        }
    }

    /// <summary>w ← w − lr·(g ÷ count) (or w − lr·g for one row) on a block of layer <see cref="Layer"/>'s weights
    /// (units × inputs), g the summed gradient the product just wrote.</summary>
    private sealed class DescendBlock(FastTrainer t) : IAfterBlock
    {
        public int Layer;
        public int Count;

        public bool WholeRows => false;

        public void Apply(int r0, int r1, int c0, int c1)
        {
            var n = t._sizes[Layer];
            var (w, g, lr, width) = (t._w[Layer], t._buffers.GradW, t._lr, c1 - c0);
            for (var j = r0; j < r1; j++)
            {
                if (Count > 1) Elementwise.DescendMean(w.AsSpan(j * n + c0, width), g.AsSpan(j * n + c0, width), lr, Count);
                else Elementwise.Descend(w.AsSpan(j * n + c0, width), g.AsSpan(j * n + c0, width), lr);
            }
        }
    }
}
