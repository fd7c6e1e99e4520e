using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>A feed-forward network: layers applied in order, each layer's outputs the next one's inputs.</summary>
public sealed record Network(int Inputs, ImmutableArray<Layer> Layers)
{
    public int Outputs => Layers[^1].Units;

    public Layer Output => Layers[^1];

    /// <summary>A network from layers whose shapes chain (a programming error otherwise).</summary>
    public static Network Create(int inputs, IEnumerable<Layer> layers)
    {
        var list = layers.ToImmutableArray();
        if (list.Length == 0) throw new ArgumentException("A network needs at least one layer.");
        var expected = inputs;
        for (var l = 0; l < list.Length; l++)
        {
            if (list[l].Inputs != expected)
                throw new ArgumentException($"Layer {l} takes {list[l].Inputs} inputs but receives {expected}.");
            expected = list[l].Units;
        }
        return new Network(inputs, list);
    }

    /// <summary>Forward pass of one sample, keeping every layer's x, z and a for <see cref="Backward"/>.</summary>
    public static ForwardPass Forward(Network net, ImmutableArray<double> x)
    {
        var traces = ImmutableArray.CreateBuilder<LayerTrace>(net.Layers.Length);
        var input = x;
        foreach (var layer in net.Layers)
        {
            var trace = Layer.Forward(layer, input);
            traces.Add(trace);
            input = trace.A;
        }
        return new ForwardPass(traces.MoveToImmutable());
    }

    /// <summary>The network's output for one sample.</summary>
    public static ImmutableArray<double> Predict(Network net, ImmutableArray<double> x) => Forward(net, x).Output;

    /// <summary>The loss of one sample at the network's output.</summary>
    public static double SampleLoss(Network net, ForwardPass pass, LossKind loss, ImmutableArray<double> target)
    {
        var last = pass.Layers[^1];
        return Loss.Value(loss, last.Z.AsSpan(), last.A.AsSpan(), target.AsSpan());
    }

    /// <summary>Backpropagation of one sample: δ at the output from the loss, then for each layer from the last,
    /// its gradient and ∂L/∂x, turned into the previous layer's δ through that layer's activation.</summary>
    public static Gradient Backward(Network net, ForwardPass pass, LossKind loss, ImmutableArray<double> target)
    {
        var count = net.Layers.Length;
        var last = pass.Layers[count - 1];
        var delta = new double[net.Outputs];
        Loss.OutputDelta(loss, net.Output.Activation, last.Z.AsSpan(), last.A.AsSpan(), target.AsSpan(), delta);
        var gradients = new LayerGradient[count];
        for (var l = count - 1; l >= 0; l--)
        {
            var (g, dX) = Layer.Backward(net.Layers[l], pass.Layers[l], delta);
            gradients[l] = g;
            if (l == 0) break;
            var previous = pass.Layers[l - 1];
            delta = new double[previous.Z.Length];
            Activation.Backward(net.Layers[l - 1].Activation, previous.Z.AsSpan(), previous.A.AsSpan(), dX.AsSpan(), delta);
        }
        return new Gradient(gradients.ToImmutableArray());
    }

    /// <summary>Every parameter in one list: per layer, the weights row by row, then the biases.</summary>
    public static ImmutableArray<double> Parameters(Network net)
    {
        var builder = ImmutableArray.CreateBuilder<double>(ParameterCount(net));
        foreach (var layer in net.Layers)
        {
            builder.AddRange(layer.Weights.Values);
            builder.AddRange(layer.Biases);
        }
        return builder.MoveToImmutable();
    }

    public static int ParameterCount(Network net) => net.Layers.Sum(l => l.Units * (l.Inputs + 1));

    /// <summary>The stretches of <see cref="Parameters"/>, in order: per layer its weights (<c>Weights</c> true: weight
    /// decay applies) at <c>Offset</c>, then its biases. The flat layout every flat parameter, gradient and moment
    /// vector shares.</summary>
    public static IEnumerable<(int Offset, int Length, bool Weights)> Stretches(Network net)
    {
        var offset = 0;
        foreach (var layer in net.Layers)
        {
            yield return (offset, layer.Units * layer.Inputs, true);
            offset += layer.Units * layer.Inputs;
            yield return (offset, layer.Units, false);
            offset += layer.Units;
        }
    }

    /// <summary>The same network with its parameters replaced, in the order of <see cref="Parameters"/>.</summary>
    public static Network WithParameters(Network net, ReadOnlySpan<double> values)
    {
        if (values.Length != ParameterCount(net))
            throw new ArgumentException($"The network has {ParameterCount(net)} parameters, got {values.Length}.");
        var layers = ImmutableArray.CreateBuilder<Layer>(net.Layers.Length);
        var offset = 0;
        foreach (var layer in net.Layers)
        {
            var w = values.Slice(offset, layer.Units * layer.Inputs).ToImmutableArray();
            offset += w.Length;
            var b = values.Slice(offset, layer.Units).ToImmutableArray();
            offset += b.Length;
            layers.Add(layer with { Weights = new Matrix(layer.Units, layer.Inputs, w), Biases = b });
        }
        return net with { Layers = layers.MoveToImmutable() };
    }

    /// <summary>True when both networks have the same shape, activations and parameter bits.</summary>
    public static bool BitEquals(Network a, Network b) =>
        a.Inputs == b.Inputs && a.Layers.Length == b.Layers.Length &&
        a.Layers.Zip(b.Layers).All(p => p.First.Activation == p.Second.Activation && p.First.Weights == p.Second.Weights &&
                                        Bits.Equal(p.First.Biases.AsSpan(), p.Second.Biases.AsSpan()));
}

/// <summary>Every layer's trace of one forward pass; <see cref="Output"/> is the last layer's activations.</summary>
public sealed record ForwardPass(ImmutableArray<LayerTrace> Layers)
{
    public ImmutableArray<double> Output => Layers[^1].A;
}
