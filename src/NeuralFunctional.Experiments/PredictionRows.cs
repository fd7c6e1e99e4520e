using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The rows of one set in an output document's <c>predictions</c>, written in the same order for every kind
/// of network: <c>id</c>, <c>x</c> (when the document's form lists it), <c>y</c> (when the row has targets),
/// <c>output</c>, then what the kind adds (an autoencoder's <c>code</c> and <c>reconstructionError</c>). How a
/// row is written is chosen by its rows' kind (<see cref="Of"/>).</summary>
internal sealed record PredictionRows(
    Func<int, string> Id,
    Action<IJsonSink, int>? X,
    Func<int, bool> HasTarget,
    Action<IJsonSink, int> Y,
    Action<IJsonSink, int> Output,
    Action<IJsonSink, int>? Extra = null)
{
    /// <summary>How the rows of <paramref name="rows"/> are written. Feature rows: x, y and output each a vector (x only
    /// when <paramref name="withX"/>), then an autoencoder's code (<paramref name="bottleneck"/>) and reconstruction
    /// error (<paramref name="reconstructs"/>). Sequences: x a vector per step; y and output as the targets are judged,
    /// a vector per step (<c>perStep</c>) or the last step's vector (<c>last</c>).</summary>
    public static PredictionRows Of(SetRows rows, int? bottleneck, bool reconstructs, bool withX) => rows switch
    {
        SetRows.Features f => new PredictionRows(
            i => f.Raw.Rows[i].Id,
            withX ? (s, i) => s.Numbers(f.Raw.Rows[i].X.AsSpan()) : null,
            i => f.Raw.Rows[i].HasTarget,
            (s, i) => s.Numbers(f.Raw.Rows[i].Y.AsSpan()),
            (s, i) => s.Numbers(f.Evaluation.Outputs[i].AsSpan()),
            (s, i) => Reconstruction.Row(s, f.Evaluation, i, bottleneck, reconstructs)),
        SetRows.Sequences q => new PredictionRows(
            i => q.Raw.Rows[i].Id,
            (s, i) => Vectors(s, q.Raw.Rows[i].X),
            i => q.Raw.Rows[i].HasTarget,
            (s, i) => Judged(s, q.Raw.Rows[i].Y, q.Targets),
            (s, i) => Judged(s, q.Evaluation.Outputs[i], q.Targets)),
        _ => throw new InvalidOperationException("unreachable: SetRows is closed"),
    };

    /// <summary>Writes <paramref name="count"/> rows to <paramref name="sink"/>; returns their outline (each row's
    /// <c>id</c> and <c>output</c>, as written) when <paramref name="keep"/>.</summary>
    public JArray? To(IJsonSink sink, int count, bool keep)
    {
        var outline = keep ? new JArray() : null;
        sink.StartArray();
        for (var i = 0; i < count; i++)
        {
            sink.StartObject();
            sink.Property("id");
            sink.String(Id(i));
            if (X is not null)
            {
                sink.Property("x");
                X(sink, i);
            }
            if (HasTarget(i))
            {
                sink.Property("y");
                Y(sink, i);
            }
            sink.Property("output");
            Output(sink, i);
            Extra?.Invoke(sink, i);
            sink.EndObject();
            if (outline is null) continue;
            var row = new JsonTree();
            row.StartObject();
            row.Property("id");
            row.String(Id(i));
            row.Property("output");
            Output(row, i);
            row.EndObject();
            outline.Add(row.Root);
        }
        sink.EndArray();
        return outline;
    }

    /// <summary>A list of vectors for per-step targets, the one vector for <c>last</c>.</summary>
    private static void Judged(IJsonSink sink, ImmutableArray<ImmutableArray<double>> vectors, SequenceTargets targets)
    {
        if (targets == SequenceTargets.PerStep) Vectors(sink, vectors);
        else sink.Numbers(vectors[0].AsSpan());
    }

    private static void Vectors(IJsonSink sink, ImmutableArray<ImmutableArray<double>> vectors)
    {
        sink.StartArray();
        foreach (var v in vectors) sink.Numbers(v.AsSpan());
        sink.EndArray();
    }
}
