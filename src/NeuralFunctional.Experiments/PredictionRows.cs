using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The rows of one set in an output document's <c>predictions</c>, written in the same order for every kind
/// of network: <c>id</c>, <c>x</c> (when the document's form lists it), <c>y</c> (when the row has targets),
/// <c>output</c>, then what the kind adds (an autoencoder's <c>code</c> and <c>reconstructionError</c>). How a
/// vector or a sequence of vectors is written is the kind's (<see cref="OutputDocument"/>, <see cref="ElmanOutput"/>).</summary>
internal sealed record PredictionRows(
    Func<int, string> Id,
    Action<IJsonSink, int>? X,
    Func<int, bool> HasTarget,
    Action<IJsonSink, int> Y,
    Action<IJsonSink, int> Output,
    Action<IJsonSink, int>? Extra = null)
{
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
}
