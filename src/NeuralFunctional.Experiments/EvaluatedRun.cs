using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>A finished supervised run evaluated once: the final network on each set the document lists (<c>train</c>,
/// <c>validation</c> with early stopping, <c>test</c>), one batched forward pass per set, and each set's metrics. The
/// output document is written from it (<see cref="OutputDocument"/>) and the console summary reads it, so no row is
/// run twice and nothing is read back out of JSON.</summary>
public sealed record EvaluatedRun(RunResult Result, ImmutableArray<EvaluatedSet> Sets) : IDocumented
{
    /// <summary>Evaluates the run's final network on its sets: feature rows on the dense engine
    /// (<see cref="Evaluation.Of"/>), sequences on the Elman engine (<see cref="ElmanEvaluation.Of"/>).</summary>
    public static EvaluatedRun Of(RunResult result)
    {
        var e = result.Run.Experiment;
        // The held-out rows of early stopping: predicted and measured like the others, listed on their own.
        string[] names = e.Training?.EarlyStopping is null ? ["train", "test"] : ["train", "validation", "test"];
        return new EvaluatedRun(result, [.. names.Select(name =>
        {
            var rows = Evaluate(result, name);
            return new EvaluatedSet(name, rows, SetMetrics.Of(e, rows));
        })]);
    }

    /// <summary>The final network on the set <paramref name="name"/> of the prepared (transformed) rows.</summary>
    private static SetRows Evaluate(RunResult result, string name)
    {
        var run = result.Run;
        var e = run.Experiment;
        return run.Rows.Match<SetRows>(
            features =>
            {
                var rows = name switch { "train" => features.Train, "validation" => features.Validation, _ => features.Test };
                return new SetRows.Features(run.Raw(rows), rows, Evaluation.Of(result.Final, rows, e.Training?.Loss, Reconstruction.Bottleneck(e)));
            },
            sequences =>
            {
                var rows = name switch { "train" => sequences.Train, "validation" => sequences.Validation, _ => sequences.Test };
                var net = ElmanNetwork.FromStack(e.Network.Inputs, result.Final);
                return new SetRows.Sequences(run.Raw(rows), ElmanEvaluation.Of(net, rows, sequences.Targets, e.Training?.Loss), sequences.Targets);
            });
    }

    JObject IDocumented.Describe(IJsonSink sink) => OutputDocument.Describe(this, sink);
}

/// <summary>One set of a run's rows evaluated: its name in the document, the rows and outputs, the metrics.</summary>
public sealed record EvaluatedSet(string Name, SetRows Rows, SetMetrics Metrics);

/// <summary>A set's rows, as written in the file, with the final network's outputs on them: feature rows (one vector
/// in, one out) or sequences (a vector per step; the outputs compared with the targets, per step or the last).</summary>
public abstract record SetRows
{
    private SetRows() { }

    /// <summary>How many rows.</summary>
    public abstract int Count { get; }

    /// <summary>Feature rows: <paramref name="Raw"/> as written, <paramref name="Transformed"/> as the network saw them.</summary>
    public sealed record Features(Dataset Raw, Dataset Transformed, Evaluation Evaluation) : SetRows
    {
        public override int Count => Raw.Count;
    }

    /// <summary>Sequence rows of an Elman network.</summary>
    public sealed record Sequences(SequenceDataset Raw, ElmanEvaluation Evaluation, SequenceTargets Targets) : SetRows
    {
        public override int Count => Raw.Count;
    }
}

/// <summary>A set's metrics, as the document's <c>metrics.&lt;set&gt;</c> holds them: the row count; with every row's
/// targets the loss (when training names one) and the accuracy; for classification the classes with their confusion
/// matrix and scores; for an autoencoder the reconstruction error.</summary>
public sealed record SetMetrics(int Rows, double? Loss = null, double? Accuracy = null, ClassScores? Classes = null, double? ReconstructionError = null)
{
    /// <summary>The metrics of <paramref name="rows"/>. Accuracy counts every compared vector: every row, or for
    /// sequences every step (or every row's last step).</summary>
    public static SetMetrics Of(Experiment e, SetRows rows) => rows switch
    {
        SetRows.Features f => Features(e, f),
        SetRows.Sequences s => Sequences(s),
        _ => throw new InvalidOperationException("unreachable: SetRows is closed"),
    };

    private static SetMetrics Features(Experiment e, SetRows.Features rows)
    {
        var data = rows.Transformed;
        var evaluation = rows.Evaluation;
        var reconstruction = e.Training?.Objective == Objective.Reconstruct && data.Count > 0 ? evaluation.Loss : null;
        if (data.Count == 0 || data.Rows.Any(r => !r.HasTarget)) return new SetMetrics(data.Count, ReconstructionError: reconstruction);
        var loss = e.Training is not null ? evaluation.Loss : null;
        var targets = data.Rows.Select(r => r.Y).ToList();
        var kind = Metrics.Classify(targets);
        var accuracy = Metrics.Accuracy(kind, evaluation.Outputs, targets);
        var classes = Metrics.Confusion(kind, evaluation.Outputs, targets) is { } confusion
            ? ClassScores.Of(OutputDocument.ClassNames(e, kind, confusion.Length), confusion)
            : null;
        return new SetMetrics(data.Count, loss, accuracy, classes, reconstruction);
    }

    private static SetMetrics Sequences(SetRows.Sequences rows)
    {
        var data = rows.Raw;
        if (data.Count == 0 || data.Rows.Any(r => !r.HasTarget)) return new SetMetrics(data.Count);
        var ys = data.Rows.SelectMany(r => r.Y).ToList();
        var kind = Metrics.Classify(ys);
        return new SetMetrics(data.Count, rows.Evaluation.Loss, Metrics.Accuracy(kind, rows.Evaluation.Outputs.SelectMany(o => o).ToList(), ys));
    }

    /// <summary>The document's JSON of these metrics, keys in their fixed order.</summary>
    public JObject ToJson()
    {
        var json = new JObject { ["rows"] = Rows };
        if (Loss is { } loss) json["loss"] = loss;
        if (Accuracy is { } accuracy) json["accuracy"] = accuracy;
        if (Classes is { } c)
        {
            json["classes"] = new JArray(c.Names.Select(n => new JValue(n)));
            json["confusion"] = new JArray(c.Confusion.Select(row => new JArray(row.Select(n => new JValue(n)))));
            json["perClass"] = new JArray(c.PerClass.Select((s, k) => new JObject
            {
                ["class"] = c.Names[k],
                ["precision"] = s.Precision,
                ["recall"] = s.Recall,
                ["f1"] = s.F1,
                ["support"] = s.Support,
            }));
            json["macro"] = new JObject { ["precision"] = c.Macro.Precision, ["recall"] = c.Macro.Recall, ["f1"] = c.Macro.F1 };
        }
        if (ReconstructionError is { } error) json["reconstructionError"] = error;
        return json;
    }
}

/// <summary>A classification's classes in output order, the confusion matrix (rows = true class, columns =
/// predicted), each class's precision, recall, F1 and support, and their macro averages.</summary>
public sealed record ClassScores(IReadOnlyList<string> Names, ImmutableArray<ImmutableArray<int>> Confusion, ImmutableArray<ClassScore> PerClass,
    (double Precision, double Recall, double F1) Macro)
{
    public static ClassScores Of(IReadOnlyList<string> names, ImmutableArray<ImmutableArray<int>> confusion)
    {
        var scores = Metrics.PerClass(confusion);
        return new ClassScores(names, confusion, scores, Metrics.Macro(scores));
    }
}
