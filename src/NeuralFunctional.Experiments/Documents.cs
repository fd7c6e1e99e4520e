using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>A finished run that has an output document (<see cref="RunResult"/>, or the same run once evaluated,
/// <see cref="EvaluatedRun"/>: <see cref="OutputDocument"/>; <see cref="ReinforcementResult"/>:
/// <see cref="ReinforcementDocument"/>). Its document is described once, to a sink, and comes out as a tree or as
/// canonical text (<see cref="Documents"/>).</summary>
public interface IDocumented
{
    /// <summary>Describes the output document to <paramref name="sink"/>, in its canonical key order; returns its
    /// outline (the few fields a sweep's summary row reads back: status, metrics, the test rows' outputs).</summary>
    internal JObject Describe(IJsonSink sink);
}

/// <summary>The output document of any finished run, written the same way for every kind.</summary>
public static class Documents
{
    /// <summary>The document as a tree (for reading back and comparing): the same document <see cref="Write"/> writes.</summary>
    public static JObject Build(IDocumented result) => Described.Tree(result.Describe);

    /// <summary>The document's canonical text, written straight from the result, with its outline.</summary>
    public static WrittenDocument Render(IDocumented result) => Described.Text(result.Describe);

    /// <summary>Writes the document's canonical text to <paramref name="to"/> as it is described (a document of millions
    /// of rows never exists whole in memory); returns its outline.</summary>
    public static JObject Stream(IDocumented result, TextWriter to) => Described.Stream(result.Describe, to);

    /// <summary>The document's bytes (<see cref="CanonicalJson"/> of <see cref="Build"/>), written without the tree.</summary>
    public static string Write(IDocumented result) => Render(result).Text;
}
