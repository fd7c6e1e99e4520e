using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>How a layer's starting weights are drawn. Every draw comes from the rng passed in (the experiment's
/// named stream <c>init</c>), layer by layer, row by row, then the biases. Zeros/Constant/Uniform/Normal give the
/// biases the same distribution as the weights, Xavier and He start them at 0; <see cref="Bias"/>, when set,
/// fixes every bias to that constant instead (nothing is drawn for the biases then).</summary>
public abstract record Initializer
{
    public double? Bias { get; init; }

    /// <summary>Every weight 0.</summary>
    public sealed record Zeros : Initializer;

    /// <summary>Every weight <paramref name="Value"/>.</summary>
    public sealed record Constant(double Value) : Initializer;

    /// <summary>w ~ U[low, high).</summary>
    public sealed record Uniform(double Low, double High) : Initializer;

    /// <summary>w ~ N(mean, std²).</summary>
    public sealed record Normal(double Mean, double Std) : Initializer;

    /// <summary>Glorot &amp; Bengio (2010): w ~ U[−l, l), l = √(6 / (fan_in + fan_out)).</summary>
    public sealed record XavierUniform : Initializer;

    /// <summary>Glorot &amp; Bengio (2010): w ~ N(0, 2 / (fan_in + fan_out)).</summary>
    public sealed record XavierNormal : Initializer;

    /// <summary>He et al. (2015): w ~ U[−l, l), l = √(6 / fan_in).</summary>
    public sealed record HeUniform : Initializer;

    /// <summary>He et al. (2015): w ~ N(0, 2 / fan_in).</summary>
    public sealed record HeNormal : Initializer;

    /// <summary>Draws one layer's weights (units × inputs, row by row) and then its biases.</summary>
    public static (Matrix Weights, ImmutableArray<double> Biases, RngState Rng) Draw(Initializer init, RngState rng, int inputs, int units)
    {
        var w = new double[units * inputs];
        for (var i = 0; i < w.Length; i++) (w[i], rng) = Sample(init, rng, inputs, units);
        var b = new double[units];
        var drawsBiases = init is Zeros or Constant or Uniform or Normal;
        for (var j = 0; j < units; j++)
        {
            if (init.Bias is { } constant) b[j] = constant;
            else if (drawsBiases) (b[j], rng) = Sample(init, rng, inputs, units);
        }
        return (new Matrix(units, inputs, Layer.Freeze(w)), Layer.Freeze(b), rng);
    }

    /// <summary>Draws a whole network, layer by layer, in the order of <see cref="Draw"/>.</summary>
    public static (Network Network, RngState Rng) Network(Initializer init, RngState rng, int inputs, IReadOnlyList<LayerSpec> layers)
    {
        var built = ImmutableArray.CreateBuilder<Layer>(layers.Count);
        var fanIn = inputs;
        foreach (var spec in layers)
        {
            var (w, b, next) = Draw(spec.Init ?? init, rng, fanIn, spec.Units);
            rng = next;
            built.Add(Layer.Create(w, b, spec.Activation));
            fanIn = spec.Units;
        }
        return (Core.Network.Create(inputs, built.MoveToImmutable()), rng);
    }

    private static (double, RngState) Sample(Initializer init, RngState rng, int fanIn, int fanOut) => init switch
    {
        Zeros => (0.0, rng),
        Constant c => (c.Value, rng),
        Uniform u => Rng.Uniform(rng, u.Low, u.High),
        Normal n => Rng.Normal(rng, n.Mean, n.Std),
        XavierUniform => Symmetric(rng, Math.Sqrt(6.0 / (fanIn + fanOut))),
        XavierNormal => Rng.Normal(rng, 0.0, Math.Sqrt(2.0 / (fanIn + fanOut))),
        HeUniform => Symmetric(rng, Math.Sqrt(6.0 / fanIn)),
        HeNormal => Rng.Normal(rng, 0.0, Math.Sqrt(2.0 / fanIn)),
        _ => throw new ArgumentOutOfRangeException(nameof(init)),
    };

    private static (double, RngState) Symmetric(RngState rng, double limit) => Rng.Uniform(rng, -limit, limit);
}

/// <summary>The shape of one layer to be drawn: its unit count, activation, and optionally its own initializer.</summary>
public sealed record LayerSpec(int Units, Activation Activation, Initializer? Init = null);
