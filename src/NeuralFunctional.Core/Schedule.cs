namespace NeuralFunctional.Core;

/// <summary>A learning-rate schedule: the learning rate used during epoch e (0-based: e = the number of epochs
/// completed before it, <see cref="TrainingState.Epoch"/>) as a pure function of e, so a resumed run uses exactly the
/// rates an uninterrupted one would. No schedule (null) keeps the optimizer's rate for every epoch.</summary>
public abstract record Schedule
{
    /// <summary>Step decay: lr·factor^⌊e / every⌋ (the rate is multiplied by <paramref name="Factor"/> after every
    /// <paramref name="Every"/> epochs).</summary>
    public sealed record Step(int Every, double Factor) : Schedule;

    /// <summary>Exponential decay: lr·rate^e.</summary>
    public sealed record Exponential(double Rate) : Schedule;

    /// <summary>The learning rate during epoch <paramref name="epoch"/>: lr · <see cref="Power"/>(base, k), one
    /// multiplication after the power. Without a schedule, lr itself (not lr·1: the same bits either way).</summary>
    public static double LearningRateAt(Schedule? schedule, double lr, int epoch) => schedule switch
    {
        null => lr,
        Step s => lr * Power(s.Factor, epoch / s.Every),
        Exponential x => lr * Power(x.Rate, epoch),
        _ => throw new ArgumentOutOfRangeException(nameof(schedule)),
    };

    /// <summary>The optimizer with its learning rate replaced by the schedule's rate for <paramref name="epoch"/>
    /// (the optimizer itself when there is no schedule).</summary>
    public static Optimizer Apply(Schedule? schedule, Optimizer optimizer, int epoch) =>
        schedule is null ? optimizer : optimizer with { LearningRate = LearningRateAt(schedule, optimizer.LearningRate, epoch) };

    /// <summary>x^n for n ≥ 0 by repeated multiplication in a fixed order (square-and-multiply, O(log n)): result = 1,
    /// square = x; for each bit of n from the least significant: if the bit is set, result ← result·square; then, if
    /// bits remain, square ← square·square. Every step is one IEEE multiplication, so the bits are the same anywhere;
    /// <c>Math.Pow</c> (libm) is not used. x^0 = 1, x^1 = x exactly; otherwise the relative error is at most about
    /// n·2⁻⁵³ (each squaring doubles the error so far), e.g. 1e-11 at n = 100 000.</summary>
    public static double Power(double x, long n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), "The exponent must be ≥ 0.");
        var result = 1.0;
        var square = x;
        while (n > 0)
        {
            if ((n & 1) != 0) result *= square;
            n >>= 1;
            if (n > 0) square *= square;
        }
        return result;
    }
}
