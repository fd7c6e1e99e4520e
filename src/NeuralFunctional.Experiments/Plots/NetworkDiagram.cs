
namespace NeuralFunctional.Experiments.Plots;

/// <summary>A node of a network drawing: layer (0 = inputs), index in the layer, position, label, and its bias
/// (null for an input).</summary>
public sealed record DiagramNode(int Layer, int Index, double X, double Y, string Label, double? Bias);

/// <summary>A weighted connection from node <see cref="From"/> to node <see cref="To"/> (indices into the nodes).</summary>
public sealed record DiagramEdge(int From, int To, double Weight);

/// <summary>A drawing of a network: one column of nodes per layer (inputs first), each column centred on y = 0 with
/// unit spacing, every weight an edge. <see cref="LabelEdges"/> says whether the network is small enough to write
/// every weight on its edge.</summary>
public sealed record NetworkDiagram(ImmutableArray<DiagramNode> Nodes, ImmutableArray<DiagramEdge> Edges, double MaxAbsWeight)
{
    /// <summary>Most edges whose weights are written on the drawing.</summary>
    public const int MaxLabelledEdges = 24;

    public bool LabelEdges => Edges.Length <= MaxLabelledEdges;

    /// <summary>The drawing of a run's final network, inputs labelled with the features, outputs with the targets.</summary>
    public static NetworkDiagram Of(Network final, Experiment experiment) =>
        Of(final, experiment.Data.Features, experiment.Data.Targets);

    public static NetworkDiagram Of(Network net, IReadOnlyList<string> features, IReadOnlyList<string> targets)
    {
        var nodes = ImmutableArray.CreateBuilder<DiagramNode>();
        var edges = ImmutableArray.CreateBuilder<DiagramEdge>();
        var previous = Column(nodes, 0, net.Inputs, i => features.ElementAtOrDefault(i) ?? $"x{i}", _ => null);
        for (var l = 0; l < net.Layers.Length; l++)
        {
            var layer = net.Layers[l];
            var last = l == net.Layers.Length - 1;
            var current = Column(nodes, l + 1, layer.Units,
                j => last ? targets.ElementAtOrDefault(j) ?? $"y{j}" : $"h{l + 1}.{j + 1}", j => layer.Biases[j]);
            for (var j = 0; j < layer.Units; j++)
                for (var i = 0; i < layer.Inputs; i++)
                    edges.Add(new DiagramEdge(previous + i, current + j, layer.Weights[j, i]));
            previous = current;
        }
        var max = edges.Select(e => Math.Abs(e.Weight)).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        return new NetworkDiagram(nodes.ToImmutable(), edges.ToImmutable(), max);
    }

    private static int Column(ImmutableArray<DiagramNode>.Builder nodes, int layer, int count, Func<int, string> label, Func<int, double?> bias)
    {
        var first = nodes.Count;
        for (var i = 0; i < count; i++)
            nodes.Add(new DiagramNode(layer, i, layer, (count - 1) / 2.0 - i, label(i), bias(i)));
        return first;
    }
}
