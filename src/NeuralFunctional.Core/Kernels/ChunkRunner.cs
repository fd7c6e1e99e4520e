using System.Runtime.ExceptionServices;

namespace NeuralFunctional.Core.Kernels;

/// <summary>Work cut into a number of chunks fixed by the data's shape alone, each chunk writing its own part of the
/// result and reading nothing another chunk writes: any thread may run any chunk, in any order, with the same bits.</summary>
internal interface IChunkedWork
{
    /// <summary>Runs chunk <paramref name="chunk"/>; <paramref name="hand"/> is 0 on the calling thread and 1 on the
    /// helper, for scratch buffers of its own.</summary>
    void Run(int chunk, int hand);
}

/// <summary>The calling thread and the host's helper thread share a piece of work's chunks: each takes the next chunk
/// not yet taken until none is left. A helper that starts late (the machine is busy) finds fewer or no chunks left
/// and the caller never waits for it to start, only for a chunk it has taken; without a helper the caller runs every
/// chunk. Who ran which chunk never shows in the result, since the chunks are fixed and each element is computed by
/// one chunk. One runner per trainer, reused for every piece of work, so a step allocates nothing.</summary>
internal sealed class ChunkRunner
{
    private const int Idle = 0, Open = 1, Joined = 2;
    private readonly IHelperThread? _helper;
    // The caller spins (yielding) for up to about a millisecond before it sleeps: a chunk takes microseconds to a
    // fraction of a millisecond, and waking from sleep costs tens of microseconds.
    private readonly ManualResetEventSlim _done = new(false, spinCount: 2047);
    private readonly Action _join;
    private IChunkedWork? _work;
    private int _chunks;
    private int _next;
    private int _state;
    private Exception? _failure;

    public ChunkRunner(IHelperThread? helper)
    {
        _helper = helper;
        _join = Join;
    }

    /// <summary>True when the host lent a helper thread.</summary>
    public bool HasHelper => _helper is not null;

    /// <summary>Runs chunks 0 … <paramref name="chunks"/> − 1 of <paramref name="work"/>, on this thread and the helper
    /// (on this thread alone, in order, when <paramref name="share"/> is false: work too small to hand over).</summary>
    public void Run(IChunkedWork work, int chunks, bool share = true)
    {
        if (_helper is null || chunks < 2 || !share)
        {
            for (var c = 0; c < chunks; c++) work.Run(c, 0);
            return;
        }
        (_work, _chunks, _next, _failure) = (work, chunks, 0, null);
        _done.Reset();
        Volatile.Write(ref _state, Open);
        _helper.Start(_join);
        try
        {
            Take(work, chunks, 0);
        }
        finally
        {
            // Close the work: a helper that has not joined yet never will; one that has is waited for.
            if (Interlocked.CompareExchange(ref _state, Idle, Open) == Joined)
            {
                _done.Wait();
                Volatile.Write(ref _state, Idle);
            }
        }
        if (_failure is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>The helper's part (runs on the helper thread): joins the open work, if any, and takes chunks.</summary>
    private void Join()
    {
        if (Interlocked.CompareExchange(ref _state, Joined, Open) != Open) return;
        try
        {
            Take(_work!, _chunks, 1);
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _done.Set();
        }
    }

    private void Take(IChunkedWork work, int chunks, int hand)
    {
        for (var c = Interlocked.Increment(ref _next) - 1; c < chunks; c = Interlocked.Increment(ref _next) - 1)
            work.Run(c, hand);
    }
}
