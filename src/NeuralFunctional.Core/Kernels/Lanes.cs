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
