using System.Collections.Concurrent;
using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core.Tests.Kernels;

public class ChunkRunnerTests
{
    /// <summary>Counts the runs of each chunk, and which hand ran them.</summary>
    private sealed class Tally(int chunks, int spin = 50) : IChunkedWork
    {
        public readonly int[] Runs = new int[chunks];
        public int ByHelper;

        public void Run(int chunk, int hand)
        {
            Interlocked.Increment(ref Runs[chunk]);
            if (hand == 1) Interlocked.Increment(ref ByHelper);
            Thread.SpinWait(chunk % 3 * spin);
        }
    }

    public static TheoryData<string> Helpers => new() { "none", "dedicated", "pool", "late", "absent" };

    private static IHelperThread? Helper(string name) => name switch
    {
        "dedicated" => new DedicatedThread(),
        "pool" => new PoolThread(),
        "late" => new LateThread(),
        "absent" => new AbsentThread(),
        _ => null,
    };

    [Theory]
    [MemberData(nameof(Helpers))]
    public void Run_AnyHelper_RunsEveryChunkExactlyOnceBeforeItReturns(string helper)
    {
        var runner = new ChunkRunner(Helper(helper));
        for (var k = 0; k < 2000; k++)
        {
            var chunks = k % 9;
            var tally = new Tally(chunks);
            runner.Run(tally, chunks, share: k % 7 != 0);
            Assert.All(tally.Runs, r => Assert.Equal(1, r));
        }
    }

    [Fact]
    public void Run_PromptHelper_TakesSomeChunks()
    {
        var runner = new ChunkRunner(new DedicatedThread());
        var byHelper = 0;
        for (var k = 0; k < 20; k++)
        {
            var tally = new Tally(8, spin: 20_000);
            runner.Run(tally, 8);
            byHelper += tally.ByHelper;
        }
        Assert.True(byHelper > 0);
    }

    private sealed class Failing : IChunkedWork
    {
        public void Run(int chunk, int hand)
        {
            Thread.Sleep(1);
            if (hand == 1) throw new InvalidOperationException("helper failed");
        }
    }

    [Fact]
    public void Run_HelperThrows_TheCallerRethrowsAndTheRunnerStaysUsable()
    {
        var runner = new ChunkRunner(new DedicatedThread());
        var thrown = 0;
        for (var k = 0; k < 50 && thrown == 0; k++)
            try { runner.Run(new Failing(), 16); }
            catch (InvalidOperationException) { thrown++; }
        Assert.Equal(1, thrown);
        var tally = new Tally(5);
        runner.Run(tally, 5);
        Assert.All(tally.Runs, r => Assert.Equal(1, r));
    }
}

/// <summary>A helper thread of its own, as the command line lends one (this one sleeps between pieces of work).</summary>
public sealed class DedicatedThread : IHelperThread
{
    private readonly BlockingCollection<Action> _work = [];

    public DedicatedThread() => new Thread(() => { foreach (var work in _work.GetConsumingEnumerable()) work(); }) { IsBackground = true }.Start();

    public void Start(Action work) => _work.Add(work);
}

/// <summary>A helper thread as a host may lend one: the thread pool.</summary>
public sealed class PoolThread : IHelperThread
{
    public void Start(Action work) => ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false);
}

/// <summary>A helper that starts every piece of work late, often after the caller has taken every chunk (and
/// sometimes during a later piece of work, which it then joins).</summary>
public sealed class LateThread : IHelperThread
{
    private int _count;

    public void Start(Action work)
    {
        var delay = Interlocked.Increment(ref _count) % 3;
        ThreadPool.UnsafeQueueUserWorkItem(w => { Thread.Sleep(delay); w(); }, work, preferLocal: false);
    }
}

/// <summary>A helper that never comes (a host whose helper is busy elsewhere).</summary>
public sealed class AbsentThread : IHelperThread
{
    public void Start(Action work) { }
}
