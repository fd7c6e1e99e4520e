using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralFunctional.Core.Kernels;

/// <summary>The ops of <see cref="UpdateStep"/>, each written once over <see cref="ILanes{TV}"/>: vectors run across
/// independent parameters, and what a width leaves over runs the same code at one lane (<see cref="Lanes1"/>), which is
/// also the whole of the reference's loop. Every op is the scalar formula's IEEE operations in its order, per lane.</summary>
internal static class UpdateKernels
{
    /// <summary>The step's scalars, each broadcast to a vector once per call.</summary>
    private readonly struct Coefficients<TL, TV> where TL : struct, ILanes<TV> where TV : struct
    {
        public readonly TV Inverse, Count, Decay, LearningRate, Beta1, Beta2, OneMinusBeta1, OneMinusBeta2, Correction1, Correction2, Epsilon;
        public readonly MeanKind Mean;
        public readonly bool Decays;
        /// <summary>Adam's bias corrections that have rounded to exactly 1 (1 − β^t once β^t &lt; 2^−54): x ÷ 1 = x for
        /// every x, so that division is skipped with the same bits.</summary>
        public readonly bool Corrected1, Corrected2;

        public Coefficients(in UpdateStep u, bool decays)
        {
            (Mean, Decays) = (u.Mean, decays && u.WeightDecay != 0);
            (Corrected1, Corrected2) = (u.Correction1 == 1.0, u.Correction2 == 1.0);
            (Inverse, Count, Decay) = (TL.Broadcast(u.Inverse), TL.Broadcast(u.Count), TL.Broadcast(u.WeightDecay));
            (LearningRate, Beta1, Beta2) = (TL.Broadcast(u.LearningRate), TL.Broadcast(u.Beta1), TL.Broadcast(u.Beta2));
            (OneMinusBeta1, OneMinusBeta2) = (TL.Broadcast(u.OneMinusBeta1), TL.Broadcast(u.OneMinusBeta2));
            (Correction1, Correction2, Epsilon) = (TL.Broadcast(u.Correction1), TL.Broadcast(u.Correction2), TL.Broadcast(u.Epsilon));
        }

        /// <summary>Ops 1 and 2: the mean of the sums, then weight decay g + λ·p.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Gradient(TV sum, TV p)
        {
            var g = Mean switch
            {
                MeanKind.Scale => TL.Multiply(sum, Inverse),
                MeanKind.Divide => TL.Divide(sum, Count),
                _ => sum,
            };
            return Decays ? TL.Add(g, TL.Multiply(Decay, p)) : g;
        }
    }

    /// <summary>Op 3, the optimizer's rule, on one vector of parameters at <c>i</c>: reads and writes p and its moments.</summary>
    private interface IRule
    {
        static abstract void Step<TL, TV>(ref double p, ref double first, ref double second, nint i, TV g, in Coefficients<TL, TV> c)
            where TL : struct, ILanes<TV> where TV : struct;
    }

    /// <summary>p ← p − lr·g.</summary>
    private readonly struct Sgd : IRule
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Step<TL, TV>(ref double p, ref double first, ref double second, nint i, TV g, in Coefficients<TL, TV> c)
            where TL : struct, ILanes<TV> where TV : struct =>
            TL.Store(TL.Subtract(TL.Load(ref p, i), TL.Multiply(c.LearningRate, g)), ref p, i);
    }

    /// <summary>The velocity of momentum and Nesterov: v ← β·v + g, stored; returns the new v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Velocity<TL, TV>(ref double first, nint i, TV g, in Coefficients<TL, TV> c) where TL : struct, ILanes<TV> where TV : struct
    {
        var v = TL.Add(TL.Multiply(c.Beta1, TL.Load(ref first, i)), g);
        TL.Store(v, ref first, i);
        return v;
    }

    /// <summary>v ← β·v + g; p ← p − lr·v.</summary>
    private readonly struct Momentum : IRule
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Step<TL, TV>(ref double p, ref double first, ref double second, nint i, TV g, in Coefficients<TL, TV> c)
            where TL : struct, ILanes<TV> where TV : struct =>
            TL.Store(TL.Subtract(TL.Load(ref p, i), TL.Multiply(c.LearningRate, Velocity(ref first, i, g, c))), ref p, i);
    }

    /// <summary>v ← β·v + g; p ← p − lr·(g + β·v).</summary>
    private readonly struct Nesterov : IRule
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Step<TL, TV>(ref double p, ref double first, ref double second, nint i, TV g, in Coefficients<TL, TV> c)
            where TL : struct, ILanes<TV> where TV : struct =>
            TL.Store(TL.Subtract(TL.Load(ref p, i), TL.Multiply(c.LearningRate, TL.Add(g, TL.Multiply(c.Beta1, Velocity(ref first, i, g, c))))), ref p, i);
    }

    /// <summary>m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·(g·g); p ← p − (lr·(m ÷ c1)) ÷ (√(v ÷ c2) + ε).</summary>
    private readonly struct Adam : IRule
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Step<TL, TV>(ref double p, ref double first, ref double second, nint i, TV g, in Coefficients<TL, TV> c)
            where TL : struct, ILanes<TV> where TV : struct
        {
            var m = TL.Add(TL.Multiply(c.Beta1, TL.Load(ref first, i)), TL.Multiply(c.OneMinusBeta1, g));
            var v = TL.Add(TL.Multiply(c.Beta2, TL.Load(ref second, i)), TL.Multiply(c.OneMinusBeta2, TL.Multiply(g, g)));
            TL.Store(m, ref first, i);
            TL.Store(v, ref second, i);
            var mHat = c.Corrected1 ? m : TL.Divide(m, c.Correction1);
            var vHat = c.Corrected2 ? v : TL.Divide(v, c.Correction2);
            var step = TL.Divide(TL.Multiply(c.LearningRate, mHat), TL.Add(TL.Sqrt(vHat), c.Epsilon));
            TL.Store(TL.Subtract(TL.Load(ref p, i), step), ref p, i);
        }
    }

    /// <summary>The whole chain on a stretch of parameters; see <see cref="UpdateStep.Apply(Span{double}, ReadOnlySpan{double}, Span{double}, Span{double}, bool)"/>.</summary>
    public static void Apply(in UpdateStep u, Span<double> p, ReadOnlySpan<double> sums, Span<double> first, Span<double> second, bool decays, int lanes) =>
        Apply(u, p, sums, first, second, decays, lanes, 1, p.Length, p.Length);

    /// <summary>The whole chain on a block of <paramref name="rows"/> rows of <paramref name="width"/> parameters, row r at
    /// r·<paramref name="stride"/> of every span (each span exactly (rows − 1)·stride + width long; the moments empty when
    /// the rule keeps fewer): the step's scalars broadcast once for the whole block.</summary>
    public static void Apply(in UpdateStep u, Span<double> p, ReadOnlySpan<double> sums, Span<double> first, Span<double> second, bool decays, int lanes,
        int rows, int width, int stride)
    {
        if (rows < 0 || width < 0 || (rows > 1 && stride < width)) throw new ArgumentException($"Bad block: {rows} rows of {width} at stride {stride}.");
        var length = rows == 0 ? 0 : (rows - 1) * stride + width;
        var moments = u.Kind switch { UpdateKind.Sgd => 0, UpdateKind.Adam => 2, _ => 1 };
        if (p.Length != length || sums.Length != length || (moments >= 1 && first.Length != length) || (moments == 2 && second.Length != length))
            throw new ArgumentException("The parameters, their gradient sums and moments differ in length.");
        if (length == 0) return;
        switch (u.Kind)
        {
            case UpdateKind.Sgd: Apply<Sgd>(u, p, sums, first, second, decays, lanes, rows, width, stride); break;
            case UpdateKind.Momentum: Apply<Momentum>(u, p, sums, first, second, decays, lanes, rows, width, stride); break;
            case UpdateKind.Nesterov: Apply<Nesterov>(u, p, sums, first, second, decays, lanes, rows, width, stride); break;
            default: Apply<Adam>(u, p, sums, first, second, decays, lanes, rows, width, stride); break;
        }
    }

    private static void Apply<TR>(in UpdateStep u, Span<double> p, ReadOnlySpan<double> sums, Span<double> first, Span<double> second, bool decays,
        int lanes, int rows, int width, int stride) where TR : struct, IRule
    {
        switch (width < 2 * lanes ? 1 : lanes)
        {
            case 8: Run<TR, Lanes512, Vector512<double>>(u, p, sums, first, second, decays, rows, width, stride); break;
            case 4: Run<TR, Lanes256, Vector256<double>>(u, p, sums, first, second, decays, rows, width, stride); break;
            case 2: Run<TR, Lanes128, Vector128<double>>(u, p, sums, first, second, decays, rows, width, stride); break;
            default: Run<TR, Lanes1, double>(u, p, sums, first, second, decays, rows, width, stride); break;
        }
    }

    /// <summary>Each row: whole vectors, then what is left at one lane (<see cref="Lanes1"/>: the same ops). Compiled
    /// optimized at once, as the other kernels: ReadyToRun cannot hold the AVX-512 code, and tier-0 code would run the
    /// first epochs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TR, TL, TV>(in UpdateStep u, Span<double> p, ReadOnlySpan<double> sums, Span<double> first, Span<double> second,
        bool decays, int rows, int width, int stride) where TR : struct, IRule where TL : struct, ILanes<TV> where TV : struct
    {
        var c = new Coefficients<TL, TV>(u, decays);
        var one = new Coefficients<Lanes1, double>(u, decays);
        ref var p0 = ref MemoryMarshal.GetReference(p);
        ref var s0 = ref MemoryMarshal.GetReference(sums);
        ref var f0 = ref MemoryMarshal.GetReference(first);
        ref var v0 = ref MemoryMarshal.GetReference(second);
        for (nint r = 0, o = 0; r < rows; r++, o += stride)
        {
            nint i = o, end = o + width;
            for (; i + TL.Count <= end; i += TL.Count)
                TR.Step(ref p0, ref f0, ref v0, i, c.Gradient(TL.Load(ref s0, i), TL.Load(ref p0, i)), c);
            for (; i < end; i++)
                TR.Step(ref p0, ref f0, ref v0, i, one.Gradient(Lanes1.Load(ref s0, i), Lanes1.Load(ref p0, i)), one);
        }
    }

    /// <summary>Ops 1 and 2 alone: g = the mean of the sums, plus λ·p when <paramref name="decays"/>.</summary>
    public static void Gradient(in UpdateStep u, ReadOnlySpan<double> p, ReadOnlySpan<double> sums, Span<double> g, bool decays)
    {
        if (sums.Length != p.Length || g.Length != p.Length) throw new ArgumentException("The parameters, their gradient sums and g differ in length.");
        var c = new Coefficients<Lanes1, double>(u, decays);
        for (var i = 0; i < p.Length; i++) g[i] = c.Gradient(sums[i], p[i]);
    }
}
