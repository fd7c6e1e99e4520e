using System.Globalization;

namespace NeuralFunctional.Experiments.Reports;

/// <summary>One tick of a chart axis: its value and the label written under (or beside) it.</summary>
public sealed record AxisTick(double Value, string Label);

/// <summary>A chart axis: the range it spans, linear or logarithmic (base 10), and its ticks. Tick values are "nice"
/// (1, 2 or 5 times a power of ten, or whole decades) and labelled exactly (<c>0.3</c>, never
/// <c>0.30000000000000004</c>); positions use <see cref="DetMath.Log"/>, so the page's bytes are the same everywhere.</summary>
public sealed record ChartAxis(double Min, double Max, bool Log, ImmutableArray<AxisTick> Ticks)
{
    /// <summary>Where <paramref name="value"/> lies along the axis, from 0 (<see cref="Min"/>) to 1 (<see cref="Max"/>).</summary>
    public double Fraction(double value) => Log
        ? (DetMath.Log(value) - DetMath.Log(Min)) / (DetMath.Log(Max) - DetMath.Log(Min))
        : (value - Min) / (Max - Min);

    /// <summary>True when the value can be placed on this axis (finite; positive on a log axis).</summary>
    public bool Holds(double value) => double.IsFinite(value) && (!Log || value > 0);

    /// <summary>A linear axis over the values (about five ticks), widened to whole steps; a single value gets a range around it.</summary>
    public static ChartAxis Linear(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        var (min, max) = finite.Count == 0 ? (0.0, 1.0) : (finite.Min(), finite.Max());
        if (max == min) (min, max) = min == 0 ? (-1.0, 1.0) : (min - Math.Abs(min) / 10, max + Math.Abs(max) / 10);
        var (power, exponent) = PowerOfTenAtMost((max - min) / 5);
        var multiple = new[] { 1, 2, 5, 10 }.First(m => m * power * 5 >= (max - min) / 1.0001 || m == 10);
        var step = multiple * power;
        var first = Math.Floor(min / step);
        var last = Math.Ceiling(max / step);
        var ticks = ImmutableArray.CreateBuilder<AxisTick>();
        for (var k = first; k <= last; k++)
            ticks.Add(new AxisTick(k * step, Label((long)k * multiple, exponent)));
        return new ChartAxis(first * step, last * step, false, ticks.ToImmutable());
    }

    /// <summary>A base-10 logarithmic axis over the positive finite values, from the decade at or below the smallest to
    /// the decade at or above the largest, a tick at every decade.</summary>
    public static ChartAxis Logarithmic(IEnumerable<double> values)
    {
        var positive = values.Where(v => double.IsFinite(v) && v > 0).ToList();
        if (positive.Count == 0) return Linear([]);
        var (low, lowExponent) = PowerOfTenAtMost(positive.Min());
        var (high, highExponent) = PowerOfTenAtMost(positive.Max());
        if (high < positive.Max() || highExponent == lowExponent) (high, highExponent) = (high * 10, highExponent + 1);
        var ticks = ImmutableArray.CreateBuilder<AxisTick>();
        var value = low;
        for (var e = lowExponent; e <= highExponent; e++, value *= 10)
            ticks.Add(new AxisTick(value, e is >= 0 and <= 4 ? Label(1, e) : "1e" + e.ToString(CultureInfo.InvariantCulture)));
        return new ChartAxis(low, high, true, ticks.ToImmutable());
    }

    /// <summary>An axis of named categories at 0, 1, 2 … (a sweep's grid values), half a step of room on each side.</summary>
    public static ChartAxis Categories(IReadOnlyList<string> names) =>
        new(-0.5, Math.Max(names.Count, 1) - 0.5, false, names.Select((n, i) => new AxisTick(i, n)).ToImmutableArray());

    /// <summary>The largest power of ten at or below <paramref name="value"/> (1 for a value that is not positive and
    /// finite), found by repeated multiplication so that it is exact to the last bit on every machine.</summary>
    private static (double Power, int Exponent) PowerOfTenAtMost(double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) return (1, 0);
        var (power, exponent) = (1.0, 0);
        while (power * 10 <= value && exponent < 308) (power, exponent) = (power * 10, exponent + 1);
        while (power > value && exponent > -320) (power, exponent) = (power / 10, exponent - 1);
        return (power, exponent);
    }

    /// <summary><paramref name="mantissa"/> × 10^<paramref name="exponent"/> written exactly.</summary>
    private static string Label(long mantissa, int exponent)
    {
        if (mantissa == 0) return "0";
        if (exponent is < -20 or > 12)
            return mantissa.ToString(CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        var scaled = exponent >= 0
            ? mantissa * Pow10(exponent)
            : mantissa / Pow10(-exponent);
        return scaled.ToString("0.############################", CultureInfo.InvariantCulture);
    }

    private static decimal Pow10(int n)
    {
        var p = 1m;
        for (var i = 0; i < n; i++) p *= 10;
        return p;
    }
}
