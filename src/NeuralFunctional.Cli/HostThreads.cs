using NeuralFunctional.Core;

namespace NeuralFunctional.Cli;

/// <summary>The threads the host lends the core: one helper from the thread pool when the machine has more than one
/// processor, none otherwise. Results are the same bits either way (the core splits work by shape alone).</summary>
public static class HostThreads
{
    public static IHelperThread? Helper { get; } = Environment.ProcessorCount > 1 ? new PoolHelper() : null;

    private sealed class PoolHelper : IHelperThread
    {
        public void Start(Action work) => ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false);
    }
}
