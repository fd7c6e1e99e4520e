using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralFunctional.Core.Kernels;

/// <summary>Elementwise kernels y_i = op(a_i, b_i, s): each element alone, the same IEEE operations per lane as the scalar
/// formula, so any vector width gives the same bits.</summary>
internal static class Elementwise
{
    /// <summary>acc_i ← acc_i + x_i.</summary>
    public static void AddTo(Span<double> acc, ReadOnlySpan<double> x) => Map<AddOp>(acc, x, acc, 0);

    /// <summary>a_i = z_i &gt; 0 ? z_i : 0 (ReLU; NaN and −0 give +0, as <see cref="Activation.Apply"/>).</summary>
    public static void Relu(ReadOnlySpan<double> z, Span<double> a) => Map<ReluOp>(z, z, a, 0);

    /// <summary>dZ_i = dA_i · (z_i &gt; 0 ? 1 : 0) (ReLU's derivative, 0 at 0).</summary>
    public static void ReluBackward(ReadOnlySpan<double> dA, ReadOnlySpan<double> z, Span<double> dZ) => Map<ReluBackOp>(dA, z, dZ, 0);

    /// <summary>dZ_i = dA_i · (s_i (1 − s_i)) from the sigmoid's outputs s.</summary>
    public static void SigmoidBackward(ReadOnlySpan<double> dA, ReadOnlySpan<double> s, Span<double> dZ) => Map<SigmoidBackOp>(dA, s, dZ, 0);

    /// <summary>dZ_i = dA_i · (1 − t_i t_i) from tanh's outputs t.</summary>
    public static void TanhBackward(ReadOnlySpan<double> dA, ReadOnlySpan<double> t, Span<double> dZ) => Map<TanhBackOp>(dA, t, dZ, 0);

    private interface IOp
    {
        static abstract double Scalar(double a, double b, double s);
        static abstract TV Vector<TL, TV>(TV a, TV b, TV s) where TL : struct, ILanes<TV> where TV : struct;
    }

    private readonly struct AddOp : IOp
    {
        public static double Scalar(double a, double b, double s) => a + b;
        public static TV Vector<TL, TV>(TV a, TV b, TV s) where TL : struct, ILanes<TV> where TV : struct => TL.Add(a, b);
    }

    private readonly struct ReluOp : IOp
    {
        public static double Scalar(double a, double b, double s) => ActivationFormulas.Relu<Lanes1, double>(a);
        public static TV Vector<TL, TV>(TV a, TV b, TV s) where TL : struct, ILanes<TV> where TV : struct => ActivationFormulas.Relu<TL, TV>(a);
    }

    private readonly struct ReluBackOp : IOp
    {
        public static double Scalar(double a, double b, double s) => Vector<Lanes1, double>(a, b, s);
        public static TV Vector<TL, TV>(TV a, TV b, TV s) where TL : struct, ILanes<TV> where TV : struct =>
            TL.Multiply(a, ActivationFormulas.ReluDerivative<TL, TV>(b));
    }

    private readonly struct SigmoidBackOp : IOp
    {
        public static double Scalar(double a, double b, double s) => Vector<Lanes1, double>(a, b, s);
        public static TV Vector<TL, TV>(TV a, TV b, TV s) where TL : struct, ILanes<TV> where TV : struct =>
            TL.Multiply(a, ActivationFormulas.SigmoidDerivative<TL, TV>(b));
    }

    private readonly struct TanhBackOp : IOp
    {
        public static double Scalar(double a, double b, double s) => Vector<Lanes1, double>(a, b, s);
        public static TV Vector<TL, TV>(TV a, TV b, TV s) where TL : struct, ILanes<TV> where TV : struct =>
            TL.Multiply(a, ActivationFormulas.TanhDerivative<TL, TV>(b));
    }

    private static void Map<TOp>(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, double s) where TOp : struct, IOp
    {
        if (b.Length != a.Length || y.Length != a.Length) throw new ArgumentException("Elementwise operands differ in length.");
        var i = SimdWidth.Lanes switch
        {
            8 => Map<TOp, Lanes512, Vector512<double>>(a, b, y, s),
            4 => Map<TOp, Lanes256, Vector256<double>>(a, b, y, s),
            2 => Map<TOp, Lanes128, Vector128<double>>(a, b, y, s),
            _ => 0,
        };
        for (; i < a.Length; i++) y[i] = TOp.Scalar(a[i], b[i], s);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Map<TOp, TL, TV>(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, double s)
        where TOp : struct, IOp where TL : struct, ILanes<TV> where TV : struct
    {
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        var sv = TL.Broadcast(s);
        var i = 0;
        for (; i + TL.Count <= a.Length; i += TL.Count)
            TL.Store(TOp.Vector<TL, TV>(TL.Load(ref a0, i), TL.Load(ref b0, i), sv), ref y0, i);
        return i;
    }
}
