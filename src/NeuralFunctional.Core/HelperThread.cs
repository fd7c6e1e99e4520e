namespace NeuralFunctional.Core;

/// <summary>A second thread the host lends the core for large matrix products. The core owns no threads and never
/// asks how many processors there are: the host decides whether to lend one (and passes null when not). Work split
/// over it is cut by the data's shape alone, each result element is computed by one thread, so the bits never depend
/// on whether, or on which thread, the work ran.</summary>
public interface IHelperThread
{
    /// <summary>Runs <paramref name="work"/> on another thread, soon; the caller waits for it by its own means.</summary>
    void Start(Action work);
}
