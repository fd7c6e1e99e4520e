namespace NeuralFunctional.Core;

/// <summary>A second thread the host lends the core for the training steps of the batched engine. The core owns no threads
/// and never asks how many processors there are: the host decides whether to lend one (and passes null when not). Work
/// shared with it is cut into blocks by the data's shape alone, each result element is computed by one block, so the
/// bits never depend on whether, or on which thread, the work ran. The core hands over a piece of work every few
/// microseconds to milliseconds: a helper that spins for a moment between pieces starts them soonest.</summary>
public interface IHelperThread
{
    /// <summary>Runs <paramref name="work"/> on another thread, soon; the caller waits for it by its own means (and does
    /// not wait for it to start: work that starts late finds less or nothing left to do).</summary>
    void Start(Action work);
}
