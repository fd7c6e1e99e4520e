namespace NeuralFunctional.Core;

/// <summary>How to train: the loss, the optimizer, how many epochs, the mini-batch size (1 = one sample at a time,
/// as the lecture), whether rows are shuffled each epoch, and every how many epochs the loss is recorded
/// (epoch 0 and the last epoch are always recorded).</summary>
public sealed record TrainingConfig(LossKind Loss, Optimizer Optimizer, int Epochs, int BatchSize = 1, bool Shuffle = false, int RecordEvery = 1);

/// <summary>Everything training carries from one step to the next: the network, the optimizer's state, the rng of
/// the <c>shuffle</c> stream, and how many epochs are complete. Checkpointing this value and resuming from it gives
/// the same remaining trace, bit for bit, as an uninterrupted run.</summary>
public sealed record TrainingState(Network Network, OptimizerState Optimizer, RngState Rng, int Epoch);

/// <summary>The state after <see cref="Epoch"/> completed epochs and the loss over the whole training set with
/// those parameters. A non-finite loss or parameter means training diverged and the run ended there.</summary>
public sealed record EpochRecord(int Epoch, double Loss, TrainingState State)
{
    public bool Diverged => !double.IsFinite(Loss) || !Training.AllFinite(State.Network);
}

/// <summary>One entry of a recorded trace: the epoch and the training-set loss after it.</summary>
public readonly record struct TracePoint(int Epoch, double Loss);
