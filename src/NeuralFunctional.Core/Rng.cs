using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;

namespace NeuralFunctional.Core;

/// <summary>The four 64-bit words of a xoshiro256** generator. A value: drawing returns the next state.</summary>
public readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3);

// Everything here is integer arithmetic or IEEE-754 operations that are correctly rounded
// (+, -, *, /, Math.Sqrt), plus DetMath.Log, so the same state gives the same bits on every machine.
// All arithmetic is explicitly unchecked: wrap-around modulo 2^64 is the algorithm, not an overflow.
/// <summary>Pure, bit-reproducible random numbers: xoshiro256** seeded by SplitMix64; every draw takes a state and returns the advanced one.</summary>
public static class Rng
{
    private const ulong SplitMixGamma = 0x9E3779B97F4A7C15UL;
    private const ulong FnvOffsetBasis = 14695981039346656037UL; // 0xCBF29CE484222325
    private const ulong FnvPrime = 1099511628211UL;              // 0x00000100000001B3
    private const double TwoPowMinus53 = 1.0 / 9007199254740992.0; // 2^-53, exact

    /// <summary>SplitMix64 step (Steele, Lea, Flood 2014; Vigna's splitmix64.c): adds 0x9E3779B97F4A7C15 to <paramref name="state"/>, returns (mixed output, that new state).</summary>
    public static (ulong Value, ulong Next) SplitMix64(ulong state)
    {
        unchecked
        {
            ulong next = state + SplitMixGamma;
            ulong z = next;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (z ^ (z >> 31), next);
        }
    }

    /// <summary>Seeds xoshiro256** with four successive SplitMix64 outputs from <paramref name="seed"/> (Vigna's recommended seeding); never yields the all-zero state.</summary>
    public static RngState FromSeed(ulong seed)
    {
        // The SplitMix64 output function is a bijection of its counter, so four consecutive
        // outputs are never all zero: the result is always a valid xoshiro256** state.
        (ulong s0, ulong x) = SplitMix64(seed);
        (ulong s1, x) = SplitMix64(x);
        (ulong s2, x) = SplitMix64(x);
        (ulong s3, _) = SplitMix64(x);
        return new RngState(s0, s1, s2, s3);
    }

    /// <summary>Named stream, defined exactly as FromSeed(seed XOR Fnv1a64(name)) (64-bit FNV-1a over the UTF-8 bytes of name), so adding a use of randomness never shifts another; part of the file format.</summary>
    public static RngState Stream(ulong seed, string name) => FromSeed(seed ^ Fnv1a64(name));

    /// <summary>Standard 64-bit FNV-1a (offset 14695981039346656037, prime 1099511628211) over the UTF-8 bytes of <paramref name="text"/>; ill-formed UTF-16 (a lone surrogate) is an ArgumentException.</summary>
    public static ulong Fnv1a64(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // UTF-8 is produced rune by rune rather than through Encoding.UTF8, whose replacement of
        // lone surrogates by U+FFFD would silently give two different names the same stream.
        Span<byte> utf8 = stackalloc byte[4];
        ReadOnlySpan<char> rest = text.AsSpan();
        ulong hash = FnvOffsetBasis;
        unchecked
        {
            while (!rest.IsEmpty)
            {
                if (Rune.DecodeFromUtf16(rest, out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
                {
                    throw new ArgumentException("A stream name must be well-formed UTF-16 (no lone surrogate).", nameof(text));
                }

                int written = rune.EncodeToUtf8(utf8);
                for (int i = 0; i < written; i++)
                {
                    hash = (hash ^ utf8[i]) * FnvPrime;
                }

                rest = rest[consumed..];
            }
        }

        return hash;
    }

    /// <summary>xoshiro256** 1.0 next (Blackman and Vigna 2018): returns (output, advanced state); the all-zero state (e.g. default) is an ArgumentException.</summary>
    public static (ulong Value, RngState Next) NextUInt64(RngState s)
    {
        if ((s.S0 | s.S1 | s.S2 | s.S3) == 0)
        {
            // xoshiro's all-zero state is a fixed point that emits 0 forever: it only arises
            // from an uninitialised default(RngState), never from FromSeed or Stream.
            throw new ArgumentException("The all-zero xoshiro256** state is invalid; create states with Rng.FromSeed or Rng.Stream.", nameof(s));
        }

        unchecked
        {
            ulong result = ulong.RotateLeft(s.S1 * 5, 7) * 9;
            ulong t = s.S1 << 17;
            ulong s2 = s.S2 ^ s.S0;
            ulong s3 = s.S3 ^ s.S1;
            ulong s1 = s.S1 ^ s2;
            ulong s0 = s.S0 ^ s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
            return (result, new RngState(s0, s1, s2, s3));
        }
    }

    /// <summary>Uniform double in [0, 1): the top 53 bits of one NextUInt64, times 2^-53 (exact).</summary>
    public static (double Value, RngState Next) NextDouble(RngState s)
    {
        (ulong bits, RngState next) = NextUInt64(s);
        return ((bits >> 11) * TwoPowMinus53, next);
    }

    /// <summary>Uniform in [low, high): low + (high - low) * NextDouble, a result that rounds up to high becoming the largest double below high; needs finite low &lt; high with finite high - low.</summary>
    public static (double Value, RngState Next) Uniform(RngState s, double low, double high)
    {
        if (!(low < high) || !double.IsFinite(high - low))
        {
            throw new ArgumentOutOfRangeException(nameof(high), $"Uniform needs finite low < high with a finite width; got [{low}, {high}).");
        }

        (double u, RngState next) = NextDouble(s);
        double value = low + (high - low) * u;
        // Rounding can carry low + (high - low) * u up to high (e.g. [1, 2) with u = 1 - 2^-53);
        // clamping (as Java's RandomSupport does) keeps the interval half-open with one draw per call.
        return (value < high ? value : Math.BitDecrement(high), next);
    }

    /// <summary>Normal(mean, std) by Marsaglia's polar method: u, v = 2*NextDouble - 1 (u first) until 0 &lt; q = u*u + v*v &lt; 1, returns mean + std * u * Math.Sqrt(-2 * DetMath.Log(q) / q); the pair's second value is discarded so the state stays four words.</summary>
    public static (double Value, RngState Next) Normal(RngState s, double mean, double std)
    {
        if (!double.IsFinite(mean) || !double.IsFinite(std) || std < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(std), $"Normal needs a finite mean and a finite std >= 0; got mean {mean}, std {std}.");
        }

        // Each attempt consumes exactly two NextDouble draws; about 21.5% of attempts are rejected.
        // Which attempt is accepted depends only on exact arithmetic, never on DetMath.Log.
        while (true)
        {
            (double a, s) = NextDouble(s);
            (double b, s) = NextDouble(s);
            double u = 2.0 * a - 1.0; // exact
            double v = 2.0 * b - 1.0; // exact
            double q = u * u + v * v;
            if (q < 1.0 && q > 0.0)
            {
                return (mean + std * u * Math.Sqrt(-2.0 * DetMath.Log(q) / q), s);
            }
        }
    }

    /// <summary>Uniform int in [0, n) without modulo bias: Lemire's multiply-shift (high 64 bits of NextUInt64 * n) rejecting low words below 2^64 mod n; n &lt;= 0 is an ArgumentOutOfRangeException.</summary>
    public static (int Value, RngState Next) NextInt(RngState s, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ulong bound = (ulong)n;
        (ulong r, s) = NextUInt64(s);
        ulong high = Math.BigMul(r, bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = unchecked(0UL - bound) % bound; // 2^64 mod n
            while (low < threshold)
            {
                (r, s) = NextUInt64(s);
                high = Math.BigMul(r, bound, out low);
            }
        }

        return ((int)high, s);
    }

    /// <summary>Uniformly random permutation of 0..n-1 by Fisher-Yates (i from n-1 down to 1, swap i with j = NextInt(i + 1)); n &lt; 0 is an ArgumentOutOfRangeException.</summary>
    public static (ImmutableArray<int> Value, RngState Next) Permutation(RngState s, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        int[] items = new int[n];
        s = Permute(s, items);

        // The array never escapes except as this immutable view.
        return (ImmutableCollectionsMarshal.AsImmutableArray(items), s);
    }

    /// <summary>Fills <paramref name="items"/> with the permutation <see cref="Permutation"/> draws for its length, in place
    /// (the same draws, so the same values and the same next state), for callers that reuse one buffer.</summary>
    public static RngState Permute(RngState s, Span<int> items)
    {
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = i;
        }

        for (int i = items.Length - 1; i >= 1; i--)
        {
            (int j, s) = NextInt(s, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return s;
    }
}
