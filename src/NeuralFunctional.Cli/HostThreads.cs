using System.Diagnostics;
using NeuralFunctional.Core;

namespace NeuralFunctional.Cli;

/// <summary>The threads the host lends the core: one dedicated helper thread when the machine has more than one
/// processor, none otherwise. Results are the same bits either way (the core splits work by shape alone).</summary>
public static class HostThreads
{
    public static IHelperThread? Helper { get; } = Environment.ProcessorCount > 1 ? new DedicatedHelper() : null;

    /// <summary>One background thread that runs the work it is given in order. Between pieces of work it spins for a
    /// millisecond before it sleeps: training hands it a piece every few microseconds to milliseconds, a spinning thread
    /// starts one in about 0.3 µs, and a thread woken from sleep is often first queued on the waker's own core (so it
    /// starts only when the caller stops). Started on first use.</summary>
    private sealed class DedicatedHelper : IHelperThread
    {
        private static readonly TimeSpan Spin = TimeSpan.FromMilliseconds(1);
        private readonly Queue<Action> _work = new();
        private int _queued;            // _work.Count, read while spinning without the lock
        private bool _sleeping;
        private Thread? _thread;

        public void Start(Action work)
        {
            lock (_work)
            {
                _work.Enqueue(work);
                Volatile.Write(ref _queued, _work.Count);
                if (_thread is null)
                {
                    _thread = new Thread(Loop) { IsBackground = true, Name = "nf helper" };
                    _thread.Start();
                }
                if (_sleeping) Monitor.Pulse(_work);
            }
        }

        private void Loop()
        {
            while (true)
            {
                // Spin, yielding now and then: when another process holds the other core, the caller shares this
                // one and must not lose it to the spinning.
                var since = Stopwatch.GetTimestamp();
                for (var k = 1; Volatile.Read(ref _queued) == 0; k++)
                {
                    Thread.SpinWait(1);
                    if (k % 16 == 0) Thread.Yield();
                    if (k % 64 == 0 && Stopwatch.GetElapsedTime(since) >= Spin) break;
                }
                Action work;
                lock (_work)
                {
                    while (_work.Count == 0)
                    {
                        _sleeping = true;
                        Monitor.Wait(_work);
                        _sleeping = false;
                    }
                    work = _work.Dequeue();
                    Volatile.Write(ref _queued, _work.Count);
                }
                work();
            }
        }
    }
}
