namespace NeuralFunctional.Core;

/// <summary>Rows the caller plays one at a time (<see cref="ReinforceEngine"/>): each row's input written to the buffers
/// and forward through the network with the current parameters (<see cref="ForwardOne"/>, the reference's arithmetic),
/// its target written once known; then one step on all of them: the backward pass over the rows as a block (their z and
/// a kept from the play, nothing computed twice) and the weights phase.</summary>
internal sealed partial class FastTrainer
{
    /// <summary>The rows the buffers hold now (<see cref="Reserve"/> makes more).</summary>
    public int PlayedRows => _buffers.Rows;

    /// <summary>Makes room for at least <paramref name="rows"/> rows (at least twice as many as now, so that an episode
    /// longer than any before grows them a few times only), keeping every row's input, z and a.</summary>
    public void Reserve(int rows)
    {
        if (rows <= _buffers.Rows) return;
        var grown = new Buffers(_sizes, Math.Max(rows, 2 * _buffers.Rows));
        _buffers.X.CopyTo(grown.X, 0);
        for (var l = 0; l < LayerCount; l++)
        {
            _buffers.Z[l].CopyTo(grown.Z[l], 0);
            _buffers.A[l].CopyTo(grown.A[l], 0);
        }
        _buffers = grown;
    }

    /// <summary>Row <paramref name="row"/>'s input, for the caller to write.</summary>
    public Span<double> InputRow(int row) => _buffers.X.AsSpan(row * _sizes[0], _sizes[0]);

    /// <summary>Row <paramref name="row"/>'s target, for the caller to write.</summary>
    public Span<double> TargetRow(int row) => _buffers.Y.AsSpan(row * _sizes[^1], _sizes[^1]);

    /// <summary>The forward pass of row <paramref name="row"/>'s input with the current parameters; returns the output.</summary>
    public ReadOnlySpan<double> ForwardRow(int row)
    {
        ForwardOne(InputRow(row), row);
        return _buffers.A[^1].AsSpan(row * _sizes[^1], _sizes[^1]);
    }

    /// <summary>One step on the played rows [0, <paramref name="rows"/>): δ of the output from the loss against each
    /// row's target, back through the layers with the weights before the step, then the weights phase, every
    /// gradient summed over the rows in order from the first row's and the update chain on that sum taken as the sum of
    /// <paramref name="count"/> gradients.</summary>
    public void StepPlayed(int rows, int count)
    {
        Passes(_all, 0, rows, backward: true, forward: false);
        Descend(rows, count);
    }
}
