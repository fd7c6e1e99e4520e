using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralFunctional.Core.Kernels;

/// <summary>The few vector operations the kernels use, over one fixed vector type. Every lane is an independent
/// scalar computation with the same IEEE operations as the scalar code (no fused multiply-add, no horizontal sums), so
/// a kernel gives the same bits for any lane count. Implemented by <see cref="Lanes512"/>, <see cref="Lanes256"/> and
/// <see cref="Lanes128"/>; a struct type argument makes the JIT specialise each kernel per width.</summary>
internal interface ILanes<TV> where TV : struct
{
    /// <summary>Doubles per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Every lane = <paramref name="value"/>.</summary>
    static abstract TV Broadcast(double value);

    /// <summary>Count doubles from <paramref name="source"/> at <paramref name="offset"/>.</summary>
    static abstract TV Load(ref double source, nint offset);

    /// <summary>Writes the lanes to <paramref name="target"/> at <paramref name="offset"/>.</summary>
    static abstract void Store(TV value, ref double target, nint offset);

    /// <summary>a + b per lane.</summary>
    static abstract TV Add(TV a, TV b);

    /// <summary>a · b per lane (rounded, never fused with a following add).</summary>
    static abstract TV Multiply(TV a, TV b);

    /// <summary>a − b per lane.</summary>
    static abstract TV Subtract(TV a, TV b);

    /// <summary>a ÷ b per lane (correctly rounded, as the scalar division).</summary>
    static abstract TV Divide(TV a, TV b);

    /// <summary>Each lane rounded toward zero (exact).</summary>
    static abstract TV Truncate(TV a);

    /// <summary>2^k per lane for integral k in [−1022, 1023], built from the exponent bits (exact).</summary>
    static abstract TV Pow2(TV k);

    /// <summary>All-ones lanes where a &gt; b (false for NaN), else zero.</summary>
    static abstract TV GreaterThan(TV a, TV b);

    /// <summary>All-ones lanes where a &lt; b (false for NaN), else zero.</summary>
    static abstract TV LessThan(TV a, TV b);

    /// <summary>Lanes of <paramref name="whenTrue"/> where <paramref name="mask"/> is set, else of <paramref name="whenFalse"/>.</summary>
    static abstract TV Select(TV mask, TV whenTrue, TV whenFalse);

    /// <summary>True when every lane of the mask is set.</summary>
    static abstract bool All(TV mask);

    /// <summary>True when some lane of a equals the same lane of b.</summary>
    static abstract bool AnyEqual(TV a, TV b);

    /// <summary>The bitwise absolute value (sign bit cleared).</summary>
    static abstract TV Abs(TV a);

    /// <summary>√a per lane (correctly rounded by IEEE, as <see cref="Math.Sqrt"/>).</summary>
    static abstract TV Sqrt(TV a);
}

/// <summary>One double per "vector": the scalar form of every kernel written over <see cref="ILanes{TV}"/>, so a formula
/// is written once and the reference path runs the very code the vector widths run, at one lane.</summary>
internal readonly struct Lanes1 : ILanes<double>
{
    private static readonly double AllSet = BitConverter.Int64BitsToDouble(-1L);
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Broadcast(double value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Load(ref double source, nint offset) => Unsafe.Add(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(double value, ref double target, nint offset) => Unsafe.Add(ref target, offset) = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Add(double a, double b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Multiply(double a, double b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Subtract(double a, double b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Divide(double a, double b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Truncate(double a) => Math.Truncate(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Pow2(double k) => BitConverter.Int64BitsToDouble(((long)k + 1023L) << 52);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double GreaterThan(double a, double b) => a > b ? AllSet : 0.0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double LessThan(double a, double b) => a < b ? AllSet : 0.0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Select(double mask, double whenTrue, double whenFalse) => BitConverter.DoubleToInt64Bits(mask) != 0 ? whenTrue : whenFalse;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(double mask) => BitConverter.DoubleToInt64Bits(mask) == -1L;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyEqual(double a, double b) => a == b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Abs(double a) => Math.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sqrt(double a) => Math.Sqrt(a);
}

/// <summary>Eight doubles per vector (AVX-512).</summary>
internal readonly struct Lanes512 : ILanes<Vector512<double>>
{
    public static int Count => Vector512<double>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Broadcast(double value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Load(ref double source, nint offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<double> value, ref double target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Truncate(Vector512<double> a) => Vector512.Truncate(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Pow2(Vector512<double> k) => Vector512.ShiftLeft(Vector512.ConvertToInt64(k) + Vector512.Create(1023L), 52).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> GreaterThan(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Select(Vector512<double> mask, Vector512<double> whenTrue, Vector512<double> whenFalse) => Vector512.ConditionalSelect(mask, whenTrue, whenFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Vector512<double> mask) => Vector512.EqualsAll(mask.AsInt64(), Vector512<long>.AllBitsSet);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Abs(Vector512<double> a) => Vector512.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyEqual(Vector512<double> a, Vector512<double> b) => Vector512.EqualsAny(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);
}

/// <summary>Four doubles per vector (AVX2).</summary>
internal readonly struct Lanes256 : ILanes<Vector256<double>>
{
    public static int Count => Vector256<double>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Broadcast(double value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Load(ref double source, nint offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<double> value, ref double target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Truncate(Vector256<double> a) => Vector256.Truncate(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Pow2(Vector256<double> k) => Vector256.ShiftLeft(Vector256.ConvertToInt64(k) + Vector256.Create(1023L), 52).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> GreaterThan(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Select(Vector256<double> mask, Vector256<double> whenTrue, Vector256<double> whenFalse) => Vector256.ConditionalSelect(mask, whenTrue, whenFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Vector256<double> mask) => Vector256.EqualsAll(mask.AsInt64(), Vector256<long>.AllBitsSet);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Abs(Vector256<double> a) => Vector256.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyEqual(Vector256<double> a, Vector256<double> b) => Vector256.EqualsAny(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);
}

/// <summary>Two doubles per vector (SSE2 / AdvSimd).</summary>
internal readonly struct Lanes128 : ILanes<Vector128<double>>
{
    public static int Count => Vector128<double>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Broadcast(double value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Load(ref double source, nint offset) => Vector128.LoadUnsafe(ref source, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<double> value, ref double target, nint offset) => value.StoreUnsafe(ref target, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Truncate(Vector128<double> a) => Vector128.Truncate(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Pow2(Vector128<double> k) => Vector128.ShiftLeft(Vector128.ConvertToInt64(k) + Vector128.Create(1023L), 52).AsDouble();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> GreaterThan(Vector128<double> a, Vector128<double> b) => Vector128.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> LessThan(Vector128<double> a, Vector128<double> b) => Vector128.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Select(Vector128<double> mask, Vector128<double> whenTrue, Vector128<double> whenFalse) => Vector128.ConditionalSelect(mask, whenTrue, whenFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Vector128<double> mask) => Vector128.EqualsAll(mask.AsInt64(), Vector128<long>.AllBitsSet);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Abs(Vector128<double> a) => Vector128.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AnyEqual(Vector128<double> a, Vector128<double> b) => Vector128.EqualsAny(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Sqrt(Vector128<double> a) => Vector128.Sqrt(a);
}

/// <summary>Which vector width this process uses: the widest the JIT accelerates (and
/// <c>DOTNET_PreferredVectorBitWidth</c> allows), or none (scalar loops).</summary>
internal static class SimdWidth
{
    /// <summary>Doubles per vector in use: 8, 4, 2, or 1 for the scalar fallback.</summary>
    public static readonly int Lanes =
        Vector512.IsHardwareAccelerated ? 8 :
        Vector256.IsHardwareAccelerated ? 4 :
        Vector128.IsHardwareAccelerated ? 2 : 1;
}
