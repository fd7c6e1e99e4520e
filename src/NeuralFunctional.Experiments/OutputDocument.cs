using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The output document of a run: canonical JSON with keys in a fixed order and no timestamps, paths or
/// machine names, so the same experiment gives the same bytes anywhere.</summary>
public static class OutputDocument
{
    /// <summary>Identifies the document's shape; bumped when a field changes meaning.</summary>
    public const string Format = "neuralfunctional/output@1";

    /// <summary>Describes the document to <paramref name="sink"/>; returns its outline.</summary>
    internal static JObject Describe(EvaluatedRun evaluated, IJsonSink sink)
    {
        var result = evaluated.Result;
        var run = result.Run;
        var e = run.Experiment;
        var status = Status(result.Status);
        sink.StartObject();
        sink.Property("format");
        sink.String(Format);
        sink.Property("experiment");
        sink.Token(ExperimentJson.ToJson(e));
        DataFiles.To(sink, e);
        sink.Property("transform");
        sink.StartArray();
        foreach (var t in run.Transforms)
        {
            sink.StartObject();
            sink.Property("kind");
            sink.String(TransformName(t.Kind));
            sink.Property("offset");
            sink.Numbers(t.Offset.AsSpan());
            sink.Property("scale");
            sink.Numbers(t.Scale.AsSpan());
            sink.EndObject();
        }
        sink.EndArray();
        sink.Property("initialParameters");
        ParametersTo(sink, run.Initial);
        OutputDocument.StatusTo(sink, status, result.Divergence, "epoch");
        if (result.Status == RunStatus.StoppedEarly && result.FinalState.Stopping is { } stop)
        {
            sink.Property("stoppedEarly");
            sink.StartObject();
            sink.Property("epoch");
            sink.Integer(result.FinalState.Epoch);
            sink.Property("bestEpoch");
            sink.Integer(stop.BestEpoch);
            sink.EndObject();
        }
        var traceHash = sink.Hashed(s =>
        {
            s.Property("trace");
            TraceTo(s, result.Trace);
            s.Property("finalParameters");
            ParametersTo(s, result.Final);
        });
        var outline = new JObject { ["status"] = status };
        var (predictions, metrics) = Sets(sink, evaluated);
        outline["metrics"] = metrics;
        outline["predictions"] = predictions;
        sink.Property("traceHash");
        sink.String(traceHash);
        sink.EndObject();
        return outline;
    }

    /// <summary>The <c>predictions</c> and <c>metrics</c> of every evaluated set (<see cref="PredictionRows"/>,
    /// <see cref="SetMetrics"/>); returns the predictions' outline (the test rows' ids and outputs, what a sweep's summary
    /// row reads: for millions of training rows more would cost more than the document) and the metrics.</summary>
    private static (JObject Predictions, JObject Metrics) Sets(IJsonSink sink, EvaluatedRun evaluated)
    {
        var e = evaluated.Result.Run.Experiment;
        var bottleneck = Reconstruction.Bottleneck(e);
        var reconstructs = e.Training?.Objective == Objective.Reconstruct;
        var predictions = new JObject();
        var metrics = new JObject();
        var form = evaluated.Result.Predictions;
        if (form != PredictionsForm.Full)
        {
            // Written only when not the whole rows, so that a document of the default form is as it always was.
            sink.Property(PredictionsForms.Key);
            sink.String(PredictionsForms.Name(form));
        }
        sink.Property("predictions");
        sink.StartObject();
        foreach (var set in evaluated.Sets)
        {
            metrics[set.Name] = set.Metrics.ToJson();
            if (form == PredictionsForm.None) continue;
            sink.Property(set.Name);
            var outline = PredictionRows.Of(set.Rows, bottleneck, reconstructs, withX: form == PredictionsForm.Full).To(sink, set.Rows.Count, keep: set.Name == "test");
            if (outline is not null) predictions[set.Name] = outline;
        }
        sink.EndObject();
        sink.Property("metrics");
        sink.Token(metrics);
        return (predictions, metrics);
    }

    /// <summary>A run's status as the document writes it: <c>completed</c>, <c>evaluated</c>, <c>diverged</c>,
    /// <c>interrupted</c> or <c>stopped early</c>.</summary>
    public static string Status(RunStatus status) =>
        status == RunStatus.StoppedEarly ? "stopped early" : status.ToString().ToLowerInvariant();

    /// <summary>The trace as JSON: <c>{ epoch, loss }</c> per point, and <c>validationLoss</c> when the run has one.</summary>
    public static JArray Trace(IEnumerable<TracePoint> points)
    {
        var tree = new JsonTree();
        tree.StartObject();
        tree.Property("trace");
        TraceTo(tree, points);
        tree.EndObject();
        return (JArray)tree.Root["trace"]!;
    }

    private static void TraceTo(IJsonSink sink, IEnumerable<TracePoint> points)
    {
        sink.StartArray();
        foreach (var p in points)
        {
            sink.StartObject();
            sink.Property("epoch");
            sink.Integer(p.Epoch);
            sink.Property("loss");
            sink.Number(p.Loss);
            if (p.ValidationLoss is { } v)
            {
                sink.Property("validationLoss");
                sink.Number(v);
            }
            sink.EndObject();
        }
        sink.EndArray();
    }

    /// <summary><c>sha256:</c> and the hex SHA-256 of the canonical bytes of <c>{"trace": …, "finalParameters": …}</c>:
    /// one string that two runs can compare.</summary>
    public static string TraceHash(JArray trace, JObject finalParameters) => CanonicalWriter.Standalone(s =>
    {
        s.Property("trace");
        s.Token(trace);
        s.Property("finalParameters");
        s.Token(finalParameters);
    });

    /// <summary>A network's parameters as JSON: <c>layers</c>, each with <c>weights</c> (one array per unit) and <c>biases</c>.</summary>
    public static JObject Parameters(Network net)
    {
        var tree = new JsonTree();
        ParametersTo(tree, net);
        return tree.Root;
    }

    internal static void ParametersTo(IJsonSink sink, Network net)
    {
        sink.StartObject();
        sink.Property("layers");
        sink.StartArray();
        foreach (var l in net.Layers)
        {
            sink.StartObject();
            sink.Property("weights");
            sink.StartArray();
            for (var r = 0; r < l.Weights.Rows; r++) sink.Numbers(l.Weights.Row(r));
            sink.EndArray();
            sink.Property("biases");
            sink.Numbers(l.Biases.AsSpan());
            sink.EndObject();
        }
        sink.EndArray();
        sink.EndObject();
    }

    /// <summary><c>status</c>, and <c>divergence</c> (<c>{ <paramref name="unit"/>, what }</c>: where training diverged,
    /// counted in epochs or episodes) when it did.</summary>
    internal static void StatusTo(IJsonSink sink, string status, Divergence? divergence, string unit)
    {
        sink.Property("status");
        sink.String(status);
        if (divergence is not { } d) return;
        sink.Property("divergence");
        sink.StartObject();
        sink.Property(unit);
        sink.Integer(d.Epoch);
        sink.Property("what");
        sink.String(d.What);
        sink.EndObject();
    }

    /// <summary>The names of the classes, in output order: for one-hot targets the target names (for CSV class
    /// targets, the class list; numbered from 0 if the names do not fit), <c>0</c> and <c>1</c> for a single 0/1 target.</summary>
    public static IReadOnlyList<string> ClassNames(Experiment e, TargetKind kind, int classes) =>
        kind != TargetKind.OneHot ? ["0", "1"]
        : e.Data.Targets.Length == classes ? e.Data.Targets
        : Enumerable.Range(0, classes).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static string TransformName(TransformKind kind) => kind switch
    {
        TransformKind.Center => "center",
        TransformKind.Standardize => "standardize",
        TransformKind.MinMax => "minmax",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>How much of each row an output document's <c>predictions</c> hold: <see cref="Full"/> (id, x, y, output;
/// the default), <see cref="Outputs"/> (no x: the ids point into the data file, which the document records), or
/// <see cref="None"/> (no rows; the metrics stay). For data too large to list whole (<c>nf run --predictions</c>).</summary>
public enum PredictionsForm { Full, Outputs, None }

/// <summary>The names of <see cref="PredictionsForm"/> as the command line and the document write them.</summary>
public static class PredictionsForms
{
    /// <summary>The document's key saying which form it holds (absent: <see cref="PredictionsForm.Full"/>).</summary>
    public const string Key = "predictionsWritten";

    public static readonly IReadOnlyList<string> Names = ["full", "outputs", "none"];

    public static string Name(PredictionsForm form) => Names[(int)form];

    /// <summary>The form named <paramref name="name"/>, or null.</summary>
    public static PredictionsForm? Parse(string? name) => name switch
    {
        "full" => PredictionsForm.Full,
        "outputs" => PredictionsForm.Outputs,
        "none" => PredictionsForm.None,
        _ => null,
    };
}
