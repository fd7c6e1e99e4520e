using System.Runtime.CompilerServices;

namespace NeuralFunctional.Core.Kernels;

/// <summary>The element-wise activation formulas the layers' vector kernels share with <see cref="Activation"/>: each
/// written once over <see cref="ILanes{TV}"/>, run at one lane (<see cref="Lanes1"/>) by <see cref="Activation"/>'s
/// per-unit functions and on vectors by <see cref="Elementwise"/> and <see cref="VectorMath"/>.</summary>
internal static class ActivationFormulas
{
    /// <summary>ReLU: z &gt; 0 ? z : 0 (NaN and −0 give +0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Relu<TL, TV>(TV z) where TL : struct, ILanes<TV> where TV : struct =>
        TL.Select(TL.GreaterThan(z, TL.Broadcast(0.0)), z, TL.Broadcast(0.0));

    /// <summary>ReLU's derivative: z &gt; 0 ? 1 : 0 (0 at 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ReluDerivative<TL, TV>(TV z) where TL : struct, ILanes<TV> where TV : struct =>
        TL.Select(TL.GreaterThan(z, TL.Broadcast(0.0)), TL.Broadcast(1.0), TL.Broadcast(0.0));

    /// <summary>The sigmoid from e = e^(−z): 1 / (1 + e).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TL, TV>(TV e) where TL : struct, ILanes<TV> where TV : struct =>
        TL.Divide(TL.Broadcast(1.0), TL.Add(TL.Broadcast(1.0), e));

    /// <summary>σ'(z) = s(1 − s) from the sigmoid's output s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV SigmoidDerivative<TL, TV>(TV s) where TL : struct, ILanes<TV> where TV : struct =>
        TL.Multiply(s, TL.Subtract(TL.Broadcast(1.0), s));

    /// <summary>tanh'(z) = 1 − t² from tanh's output t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TanhDerivative<TL, TV>(TV t) where TL : struct, ILanes<TV> where TV : struct =>
        TL.Subtract(TL.Broadcast(1.0), TL.Multiply(t, t));
}
