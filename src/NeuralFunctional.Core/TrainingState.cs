namespace NeuralFunctional.Core;

/// <summary>How to train: the loss, the optimizer, how many epochs, the mini-batch size (1 = one sample at a time,
/// as the lecture), whether rows are shuffled each epoch, and every how many epochs the loss is recorded
/// (epoch 0 and the last epoch are always recorded); optionally L2 weight decay λ on the weights (see
/// <see cref="UpdateStep"/>), a learning-rate <see cref="Core.Schedule"/>, and early stopping.</summary>
public sealed record TrainingConfig(LossKind Loss, Optimizer Optimizer, int Epochs, int BatchSize = 1, bool Shuffle = false, int RecordEvery = 1,
    double WeightDecay = 0, Schedule? Schedule = null, EarlyStopping? EarlyStopping = null);

/// <summary>Everything training carries from one step to the next: the network, the optimizer's state, the rng of
/// the <c>shuffle</c> stream, and how many epochs are complete. Checkpointing this value and resuming from it gives
/// the same remaining trace, bit for bit, as an uninterrupted run. With early stopping, <see cref="Stopping"/> holds
/// its watch (null before the first record and without early stopping).</summary>
public sealed record TrainingState(Network Network, OptimizerState Optimizer, RngState Rng, int Epoch, EarlyStoppingState? Stopping = null)
{
    /// <summary>The network training produced: the best one when early stopping stopped the run, else the current one.</summary>
    public Network Result => Stopping is { Stopped: true } s ? s.Best : Network;
}

/// <summary>The state after <see cref="Epoch"/> completed epochs and the loss over the whole training set with
/// those parameters (and, with early stopping, the loss on the validation rows). A non-finite loss or parameter means
/// training diverged and the run ended there.</summary>
public sealed record EpochRecord(int Epoch, double Loss, TrainingState State, double? ValidationLoss = null)
{
    public bool Diverged => !double.IsFinite(Loss) || !Training.AllFinite(State.Network);

    /// <summary>True when early stopping ended the run after this epoch.</summary>
    public bool StoppedEarly => State.Stopping is { Stopped: true };
}

/// <summary>One entry of a recorded trace: the epoch and the training-set loss after it (and the validation loss,
/// with early stopping).</summary>
public readonly record struct TracePoint(int Epoch, double Loss, double? ValidationLoss = null);
