using System.Diagnostics.Contracts;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>Experiment → JSON: the resolved experiment with every default written out, as a valid experiment file
/// (parsing it gives the same experiment back). Keys in a fixed order; doubles as doubles, so
/// <see cref="CanonicalJson"/> writes them in shortest round-trip form.</summary>
public static class ExperimentJson
{
    [Pure]
    public static JObject ToJson(Experiment e)
    {
        var root = new JObject
        {
            ["name"] = e.Name,
            ["description"] = e.Description,
            ["seed"] = new JValue(e.Seed),
            ["data"] = Data(e.Data),
            ["network"] = Network(e.Network),
        };
        if (e.Training is { } t) root["training"] = Training(t);
        if (e.Training is { Objective: Objective.Reconstruct }) ((JObject)root["training"]!)["objective"] = "reconstruct";
        if (e.Sweep is { } sweep) root["sweep"] = Sweep(sweep);
        return root;
    }

    /// <summary>The sweep section: <c>grid</c> (paths in order, values as written) and/or <c>seeds</c>.</summary>
    public static JObject Sweep(SweepPlan s)
    {
        var sweep = new JObject();
        if (s.Grid.Length > 0)
            sweep["grid"] = new JObject(s.Grid.Select(axis => new JProperty(axis.Path, new JArray(axis.Values.Select(v => v.DeepClone())))));
        if (s.Seeds is { } seeds) sweep["seeds"] = new JObject { ["from"] = new JValue(seeds.From), ["count"] = new JValue((long)seeds.Count) };
        return sweep;
    }

    private static JObject Data(DataPlan d) => d.Rows.Match(
        features => d.Csv is { } csv ? new JObject { ["csv"] = Csv(csv), ["transform"] = Transforms(d) }
            : new JObject
            {
                ["features"] = new JArray(d.Features.Select(f => new JValue(f))),
                ["targets"] = new JArray(d.Targets.Select(f => new JValue(f))),
                ["train"] = new JArray(features.Train.Rows.Select(Row)),
                ["test"] = new JArray(features.Test.Rows.Select(Row)),
                ["transform"] = Transforms(d),
            },
        sequences => new JObject
        {
            ["features"] = new JArray(d.Features.Select(f => new JValue(f))),
            ["targets"] = new JArray(d.Targets.Select(f => new JValue(f))),
            ["sequence"] = new JObject { ["targets"] = Names.Of(sequences.Targets) },
            ["train"] = new JArray(sequences.Train.Rows.Select(r => SequenceRow(r, sequences.Targets))),
            ["test"] = new JArray(sequences.Test.Rows.Select(r => SequenceRow(r, sequences.Targets))),
            ["transform"] = Transforms(d),
        });

    private static JArray Transforms(DataPlan d) => new(d.Transforms.Select(t => new JObject { ["kind"] = Names.Of(t) }));

    /// <summary>The CSV source, not its rows: path, columns, target kind, id column, class list (once known), split.</summary>
    private static JObject Csv(CsvSource c)
    {
        var o = c.Dataset is { } dataset ? new JObject { ["dataset"] = dataset } : new JObject { ["path"] = c.Path };
        o["features"] = Strings(c.Features);
        if (c.Targets.Length == 1) o["target"] = c.Targets[0];
        else o["targets"] = Strings(c.Targets);
        o["targetKind"] = Names.Of(c.TargetKind);
        if (c.IdColumn is { } id) o["id"] = id;
        if (!c.Classes.IsDefaultOrEmpty) o["classes"] = Strings(c.Classes);
        if (c.TestFraction is { } test) o["split"] = new JObject { ["test"] = new JValue(test) };
        return o;
    }

    private static JArray Strings(IEnumerable<string> values) => new(values.Select(v => new JValue(v)));

    private static JObject Row(Sample s)
    {
        var row = new JObject { ["id"] = s.Id, ["x"] = Numbers(s.X) };
        if (s.HasTarget) row["y"] = Numbers(s.Y);
        return row;
    }

    public static JObject Network(NetworkPlan n) => n.Match(
        dense => new JObject
        {
            ["inputs"] = new JValue((long)dense.Inputs),
            ["layers"] = new JArray(dense.Layers.Select(Layer)),
            ["init"] = Init(dense.Init),
        },
        elman => new JObject
        {
            ["kind"] = "elman",
            ["inputs"] = new JValue((long)elman.Inputs),
            ["hidden"] = Layer(elman.Hidden),
            ["layers"] = new JArray(elman.Layers.Select(Layer)),
            ["bptt"] = new JObject { ["truncate"] = new JValue((long)elman.Truncate) },
            ["init"] = Init(elman.Init),
        });

    private static JObject SequenceRow(SequenceSample s, SequenceTargets targets)
    {
        var row = new JObject { ["id"] = s.Id, ["x"] = new JArray(s.X.Select(Numbers)) };
        if (s.HasTarget) row["y"] = targets == SequenceTargets.PerStep ? new JArray(s.Y.Select(Numbers)) : Numbers(s.Y[0]);
        return row;
    }

    private static JObject Layer(LayerPlan l)
    {
        var layer = new JObject { ["units"] = new JValue((long)l.Units), ["activation"] = Activation(l.Activation) };
        if (l.Weights is { } w) layer["weights"] = new JArray(Enumerable.Range(0, w.Rows).Select(r => Numbers(w.Row(r).ToArray())));
        if (l.Biases is { } b) layer["biases"] = Numbers(b);
        if (l.Init is { } init) layer["init"] = Init(init);
        if (l.Bottleneck) layer["bottleneck"] = true;
        return layer;
    }

    /// <summary>A bare name when the activation has no parameter, else <c>{ "kind", "threshold" | "alpha" }</c>.</summary>
    public static JToken Activation(Activation a) => a.Kind switch
    {
        ActivationKind.Step => new JObject { ["kind"] = Names.Of(a.Kind), ["threshold"] = new JValue(a.Threshold) },
        ActivationKind.LeakyRelu or ActivationKind.Elu => new JObject { ["kind"] = Names.Of(a.Kind), ["alpha"] = new JValue(a.Alpha) },
        _ => new JValue(Names.Of(a.Kind)),
    };

    public static JObject Init(Initializer init)
    {
        var o = new JObject { ["kind"] = Names.Of(init) };
        switch (init)
        {
            case Initializer.Constant c:
                o["value"] = new JValue(c.Value);
                break;
            case Initializer.Uniform u:
                o["low"] = new JValue(u.Low);
                o["high"] = new JValue(u.High);
                break;
            case Initializer.Normal n:
                o["mean"] = new JValue(n.Mean);
                o["std"] = new JValue(n.Std);
                break;
        }
        if (init.Bias is { } bias) o["bias"] = new JValue(bias);
        return o;
    }

    /// <summary>The training section. Weight decay, schedule and early stopping are written only when the
    /// experiment uses them (0 / none is the default), so experiments without them keep their bytes.</summary>
    private static JObject Training(TrainingPlan t)
    {
        var o = new JObject
        {
            ["loss"] = Names.Of(t.Loss),
            ["optimizer"] = Optimizer(t.Optimizer),
            ["epochs"] = new JValue((long)t.Epochs),
            ["batchSize"] = new JValue((long)t.BatchSize),
            ["shuffle"] = t.Shuffle,
            ["record"] = new JObject { ["every"] = new JValue((long)t.RecordEvery) },
        };
        if (t.WeightDecay != 0) o["weightDecay"] = new JValue(t.WeightDecay);
        if (t.Schedule is { } schedule) o["schedule"] = Schedule(schedule);
        if (t.EarlyStopping is { } e)
            o["earlyStopping"] = new JObject
            {
                ["validation"] = new JValue(e.Validation),
                ["patience"] = new JValue((long)e.Patience),
                ["minDelta"] = new JValue(e.MinDelta),
            };
        return o;
    }

    /// <summary>The optimizer with every setting of its kind.</summary>
    public static JObject Optimizer(Optimizer o)
    {
        var json = new JObject { ["kind"] = Names.Of(o), ["learningRate"] = new JValue(o.LearningRate) };
        switch (o)
        {
            case Core.Optimizer.Momentum m:
                json["beta"] = new JValue(m.Beta);
                break;
            case Core.Optimizer.Nesterov n:
                json["beta"] = new JValue(n.Beta);
                break;
            case Core.Optimizer.Adam a:
                json["beta1"] = new JValue(a.Beta1);
                json["beta2"] = new JValue(a.Beta2);
                json["epsilon"] = new JValue(a.Epsilon);
                break;
        }
        return json;
    }

    public static JObject Schedule(Schedule s) => s switch
    {
        Core.Schedule.Step step => new JObject { ["kind"] = "step", ["every"] = new JValue((long)step.Every), ["factor"] = new JValue(step.Factor) },
        Core.Schedule.Exponential x => new JObject { ["kind"] = "exponential", ["rate"] = new JValue(x.Rate) },
        _ => throw new ArgumentOutOfRangeException(nameof(s), $"No file form for schedule {s.GetType().Name}."),
    };

    private static JArray Numbers(IEnumerable<double> values) => new(values.Select(v => new JValue(v)));

    private static JArray Numbers(ImmutableArray<double> values) => Numbers(values.AsEnumerable());
}
