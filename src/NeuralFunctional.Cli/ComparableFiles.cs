using LanguageExt;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Cli;

/// <summary>Loads what <c>nf diff</c> and <c>nf verify</c> compare: an output document as written, or an experiment
/// file, which is run in-process to its output document. Every problem is an error value.</summary>
public static class ComparableFiles
{
    /// <summary>The output document at <paramref name="path"/>, or the output document of running the experiment file
    /// there (<see cref="Run(string)"/>).</summary>
    public static Validation<ExperimentError, JObject> Load(string path) => Load(path, []);

    /// <summary>As <see cref="Load(string)"/>, with <c>--set</c> overrides applied to an experiment file before it runs;
    /// overrides given for an output document (which records a finished run) are an error.</summary>
    public static Validation<ExperimentError, JObject> Load(string path, IReadOnlyList<string> overrides) =>
        ReadText(path)
            .Bind(text => OutputDocumentReader.Classify(path, text))
            .Bind(found => found.Kind != DocumentKind.Output ? Run(path, found.Tree, overrides)
                : overrides.Count > 0 ? Fail<ExperimentError, JObject>(ErrorCatalog.BadOption("--set",
                    $"{path} is an output document (a finished run); --set applies to experiment files"))
                : OutputDocumentReader.Read(path, found.Tree));

    /// <summary>Runs the experiment file at <paramref name="path"/> (either kind) and builds its output document. The one
    /// place where diff and verify load experiment files: through <c>ExperimentFiles.LoadKind</c>, as <c>nf run</c> does.</summary>
    public static Validation<ExperimentError, JObject> Run(string path) =>
        ExperimentFiles.Parse(path).Bind(tree => Run(path, tree, []));

    /// <summary><see cref="Run(string)"/> of a file already read and parsed, with <c>--set</c> overrides.</summary>
    private static Validation<ExperimentError, JObject> Run(string path, JToken tree, IReadOnlyList<string> overrides) =>
        ExperimentFiles.LoadKind(path, tree, overrides).Map(kind => ExperimentPipelines.Of(kind).Document());

    /// <summary>An output document (not an experiment file) at <paramref name="path"/>.</summary>
    public static Validation<ExperimentError, JObject> LoadOutput(string path) =>
        ReadText(path).Bind(text => ReadOutput(path, text));

    /// <summary>The output document in <paramref name="text"/>, already read from <paramref name="path"/>.</summary>
    public static Validation<ExperimentError, JObject> ReadOutput(string path, string text) =>
        OutputDocumentReader.Classify(path, text)
            .Bind(found => found.Kind == DocumentKind.Output
                ? OutputDocumentReader.Read(path, found.Tree)
                : Fail<ExperimentError, JObject>(ErrorCatalog.NotAnOutputDocument(new Site(path, "", null, null))));

    /// <summary>The file's text; a missing file, a folder or an unreadable file is an error (NF0001–NF0003).</summary>
    public static Validation<ExperimentError, string> ReadText(string path) => ExperimentFiles.ReadText(path);
}
