using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>What a JSON file given to <c>nf diff</c> or <c>nf verify</c> is.</summary>
public enum DocumentKind { Output, Experiment }

/// <summary>Reads output documents back: tells an output document (it has a <c>format</c> key) from an experiment
/// file, and checks that an output document (a run's, or a curves experiment's) has the sections a comparison needs,
/// each of the right JSON type.</summary>
public static class OutputDocumentReader
{
    /// <summary>The top-level keys of an experiment file; a <c>format</c>-less object with none of them is neither kind.</summary>
    private static readonly string[] ExperimentKeys = ["$schema", "name", "description", "seed", "data", "network", "training", ReinforcementExperiment.Key];

    /// <summary>Parses the text and says which kind of document it is; anything else is an error value.</summary>
    public static Validation<ExperimentError, (DocumentKind Kind, JToken Tree)> Classify(string file, string text) =>
        ExperimentParser.ParseTree(file, text).Bind(tree => Classify(file, tree));

    private static Validation<ExperimentError, (DocumentKind Kind, JToken Tree)> Classify(string file, JToken tree)
    {
        if (tree is not JObject root)
            return Fail<ExperimentError, (DocumentKind, JToken)>(ErrorCatalog.NotComparable(At(file, tree, ""), $"the file holds {Describe(tree)}"));
        if (root.ContainsKey("format"))
            return Success<ExperimentError, (DocumentKind, JToken)>((DocumentKind.Output, tree));
        if (ExperimentKeys.Any(root.ContainsKey))
            return Success<ExperimentError, (DocumentKind, JToken)>((DocumentKind.Experiment, tree));
        var keys = root.Properties().Select(p => $"`{p.Name}`").Take(5).ToList();
        var actual = keys.Count == 0 ? "an empty object" : $"an object with the keys {string.Join(", ", keys)}";
        return Fail<ExperimentError, (DocumentKind, JToken)>(ErrorCatalog.NotComparable(At(file, tree, ""), actual));
    }

    /// <summary>Checks an output document's format and the shape of the sections a comparison reads; every problem at once.</summary>
    public static Validation<ExperimentError, JObject> Read(string file, JToken tree)
    {
        if (tree is not JObject doc)
            return Fail<ExperimentError, JObject>(ErrorCatalog.OutputShape(At(file, tree, ""), "an object", Describe(tree)));
        if (doc["format"] is not JValue { Type: JTokenType.String } format)
            return Fail<ExperimentError, JObject>(ErrorCatalog.OutputShape(At(file, doc["format"] ?? doc, "format"), "a string", Describe(doc["format"])));
        var isCurves = (string)format! == Curves.Format;
        var isReinforce = (string)format! == ReinforcementDocument.Format;
        if ((string)format! != OutputDocument.Format && !isCurves && !isReinforce)
            return Fail<ExperimentError, JObject>(ErrorCatalog.UnknownOutputFormat(At(file, format, "format"), (string)format!));
        var errors = new List<ExperimentError>();
        void Expect(string key, JTokenType type, string what)
        {
            var token = doc[key];
            if (token?.Type != type) errors.Add(ErrorCatalog.OutputShape(At(file, token ?? doc, key), what, Describe(token)));
        }
        Expect("experiment", JTokenType.Object, "the experiment (an object)");
        if (isCurves)
        {
            Expect("curves", JTokenType.Array, "the curves (an array)");
            return errors.Count == 0 ? Success<ExperimentError, JObject>(doc) : Fail<ExperimentError, JObject>(toSeq(errors));
        }
        Expect("status", JTokenType.String, "the status (a string)");
        Expect("trace", JTokenType.Array, "the trace (an array)");
        Expect("finalParameters", JTokenType.Object, "the final parameters (an object)");
        if (isReinforce)
        {
            // Reinforcement documents (neuralfunctional/reinforce@1): per-episode returns instead of predictions.
            Expect("returns", JTokenType.Array, "the returns (an array)");
            Expect("traceHash", JTokenType.String, "the trace hash (a string)");
            return errors.Count == 0 ? Success<ExperimentError, JObject>(doc) : Fail<ExperimentError, JObject>(toSeq(errors));
        }
        errors.AddRange(DataFiles.Read(file, doc).FailToSeq());
        Expect("predictions", JTokenType.Object, "the predictions (an object)");
        Expect("metrics", JTokenType.Object, "the metrics (an object)");
        Expect("traceHash", JTokenType.String, "the trace hash (a string)");
        if (doc["trace"] is JArray trace)
            for (var i = 0; i < trace.Count; i++)
                if (trace[i] is not JObject entry || entry["epoch"]?.Type != JTokenType.Integer)
                {
                    errors.Add(ErrorCatalog.OutputShape(At(file, trace[i], $"trace[{i}]"), "an entry with an integer `epoch`", Describe(trace[i])));
                    break;
                }
        return errors.Count == 0 ? Success<ExperimentError, JObject>(doc) : Fail<ExperimentError, JObject>(toSeq(errors));
    }

    /// <summary>Runs the experiment recorded in a (checked) output document again, in-process, and builds the fresh
    /// document. The recorded experiment is validated as an experiment file; error paths are prefixed with
    /// <c>experiment.</c> so they point into the document. Rows that come from a CSV file are read by the host's
    /// <paramref name="attach"/> (an output document records the CSV path relative to its experiment file).</summary>
    public static Validation<ExperimentError, JObject> Rerun(string file, JObject doc,
        Func<Experiment, Validation<ExperimentError, Experiment>> attach)
    {
        var recorded = doc["experiment"]!;
        var fresh = (string?)doc["format"] == Curves.Format
            ? Curves.FromTree(file, recorded).Map(Curves.Build)
            : (string?)doc["format"] == ReinforcementDocument.Format
            ? ReinforcementJson.FromTree(file, recorded).Map(e => Documents.Build(ReinforcementRunner.Run(e)))
            : ExperimentParser.FromTree(file, recorded).Bind(attach)
                .Map(e => Documents.Build(Runner.Run(e) with { Predictions = PredictionsForms.Parse((string?)(doc[PredictionsForms.Key] as JValue)) ?? PredictionsForm.Full }));
        return fresh.MapFail(e => e with { Path = e.Path.Length == 0 ? "experiment" : "experiment." + e.Path });
    }

    /// <summary>Hex SHA-256 of a document's canonical bytes: the fingerprint shown for documents without a
    /// <c>traceHash</c> (curves documents).</summary>
    public static string Hash(JObject doc) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(CanonicalJson.Write(doc))));

    private static Site At(string file, JToken token, string path)
    {
        var (line, column) = SourcePositions.Of(token);
        return new Site(file, path, line, column);
    }

    private static string Describe(JToken? token) => token?.Type switch
    {
        null => "nothing",
        JTokenType.Object => "an object",
        JTokenType.Array => "an array",
        JTokenType.String => "a string",
        JTokenType.Integer or JTokenType.Float => "a number",
        JTokenType.Boolean => "true or false",
        JTokenType.Null => "null",
        _ => token.Type.ToString().ToLowerInvariant(),
    };
}
