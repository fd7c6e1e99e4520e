namespace NeuralFunctional.Core.Tests;

/// <summary>Central finite differences, the oracle for every derivative and gradient in the core.</summary>
internal static class FiniteDifference
{
    /// <summary>(f(x + h) − f(x − h)) / 2h with h scaled to x.</summary>
    public static double Derivative(Func<double, double> f, double x, double relativeStep = 1e-6)
    {
        var h = relativeStep * Math.Max(1.0, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    /// <summary>Asserts |analytic − numeric| ≤ tolerance · max(1, |analytic|, |numeric|).</summary>
    public static void AssertClose(double analytic, double numeric, double tolerance, string what)
    {
        var scale = Math.Max(1.0, Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
        Assert.True(Math.Abs(analytic - numeric) <= tolerance * scale,
            $"{what}: analytic {analytic:R} vs finite difference {numeric:R}");
    }
}
