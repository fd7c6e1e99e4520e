
namespace NeuralFunctional.Experiments;

/// <summary>An experiment made ready to run: transforms fitted on the training rows, the rows transformed
/// (<see cref="Rows"/>: with early stopping, its training rows are only those trained on and its validation rows the
/// held-out ones, the transforms fitted on the rows trained on), the starting network drawn (or taken from the file;
/// for an Elman network its <see cref="ElmanNetwork.Stack"/>), and the training state before the first step.</summary>
public sealed record PreparedRun(
    Experiment Experiment,
    ImmutableArray<FittedTransform> Transforms,
    DataRows Rows,
    Network Initial,
    TrainingState Start)
{
    /// <summary>The rows of <paramref name="transformed"/> as written in the file (matched by id), in the same order.</summary>
    public Dataset Raw(Dataset transformed)
    {
        // Nothing transformed and targets as given (an autoencoder's targets are its inputs): the rows are as written.
        if (Experiment.Data.Transforms.IsDefaultOrEmpty && Experiment.Training?.Objective != Objective.Reconstruct) return transformed;
        var raw = (DataRows.Features)Experiment.Data.Rows;
        var byId = raw.Train.Rows.Concat(raw.Test.Rows).ToDictionary(r => r.Id, StringComparer.Ordinal);
        return new Dataset(transformed.Rows.Select(r => byId[r.Id]).ToImmutableArray());
    }

    /// <summary>The sequence rows of <paramref name="transformed"/> as written in the file (matched by id), in the same order.</summary>
    public SequenceDataset Raw(SequenceDataset transformed)
    {
        var raw = (DataRows.Sequences)Experiment.Data.Rows;
        var byId = raw.Train.Rows.Concat(raw.Test.Rows).ToDictionary(r => r.Id, StringComparer.Ordinal);
        return new SequenceDataset(transformed.Rows.Select(r => byId[r.Id]).ToImmutableArray());
    }
}

/// <summary>How a run ended.</summary>
public enum RunStatus { Completed, Evaluated, Diverged, Interrupted, StoppedEarly }

/// <summary>Everything a run produced, before it is written as an output document: the recorded trace, the final
/// training state (what a checkpoint saves), how the run ended. <see cref="Final"/> is the network the run produced:
/// the best one (by validation loss) when early stopping stopped it.</summary>
public sealed record RunResult(
    PreparedRun Run,
    ImmutableArray<TracePoint> Trace,
    TrainingState FinalState,
    RunStatus Status,
    Divergence? Divergence) : IDocumented
{
    /// <summary>How much of each row the document's <c>predictions</c> hold (<c>nf run --predictions</c>).</summary>
    public PredictionsForm Predictions { get; init; } = PredictionsForm.Full;

    Newtonsoft.Json.Linq.JObject IDocumented.Describe(IJsonSink sink) => OutputDocument.Describe(EvaluatedRun.Of(this), sink);

    public Network Final => FinalState.Result;
}

/// <summary>Where and how training diverged: the epoch and what became non-finite.</summary>
public sealed record Divergence(int Epoch, string What);

/// <summary>Runs experiments: prepare, enumerate the training records lazily, and finish into a result. Pure: the
/// host decides what to show while enumerating and when to stop.</summary>
public static class Runner
{
    /// <summary>Named random streams: each use of randomness draws from its own, derived from the experiment's seed.</summary>
    public const string InitStream = "init";
    public const string ShuffleStream = "shuffle";
    public const string ValidationStream = "validation";

    /// <summary>Fits the transforms, transforms the rows, draws the starting network. An experiment whose rows come
    /// from a CSV file must have them read first (<see cref="CsvData.Fill"/>).</summary>
    public static PreparedRun Prepare(Experiment e)
    {
        if (e.Data.AwaitsCsv)
            throw new InvalidOperationException($"The rows of {e.Name} come from {e.Data.Csv!.Path}: read it with CsvData.Fill before preparing the run.");
        var transforms = ImmutableArray.CreateBuilder<FittedTransform>();
        var stopping = e.Training?.EarlyStopping;
        var rows = e.Data.Rows.Match<DataRows>(
            features => PrepareFeatures(e, features, stopping, transforms),
            sequences => PrepareSequences(HoldOut(sequences, stopping, e.Seed), e.Data.Transforms, transforms));
        var initial = InitialNetwork(e.Seed, e.Network);
        var config = e.Training?.ToConfig() ?? new TrainingConfig(LossKind.Mse, new Optimizer.Sgd(0.1), 0);
        var start = Training.Start(initial, config, Rng.Stream(e.Seed, ShuffleStream));
        return new PreparedRun(e, transforms.ToImmutable(), rows, initial, start);
    }

    /// <summary>Feature rows made ready: with early stopping the held-out rows split from the training rows (stream
    /// <c>validation</c>), each transform fitted on the rows trained on and applied to every set, and for an
    /// autoencoder every row's targets its own transformed x.</summary>
    private static DataRows.Features PrepareFeatures(Experiment e, DataRows.Features raw, EarlyStopping? stopping, ImmutableArray<FittedTransform>.Builder fitted)
    {
        var (train, test) = (raw.Train, raw.Test);
        var validation = Dataset.Of();
        if (stopping is not null)
            (train, validation) = EarlyStopping.Split(train, stopping.Validation, Rng.Stream(e.Seed, ValidationStream));
        foreach (var kind in e.Data.Transforms)
        {
            if (train.Count == 0) break;
            var t = FittedTransform.Fit(kind, train.Rows.Select(r => r.X).ToList());
            fitted.Add(t);
            (train, validation, test) = (FittedTransform.Apply(t, train), FittedTransform.Apply(t, validation), FittedTransform.Apply(t, test));
        }
        if (e.Training?.Objective == Objective.Reconstruct)
            (train, validation, test) = (Reconstruction.Targets(train), Reconstruction.Targets(validation), Reconstruction.Targets(test));
        return new DataRows.Features(train, test) { Validation = validation };
    }

    /// <summary>With early stopping, the sequence rows to train on and the held-out ones, split from the training
    /// rows as feature rows are (<see cref="EarlyStopping.Split(SequenceDataset, double, RngState)"/>, stream
    /// <c>validation</c>); without it, the rows themselves.</summary>
    private static DataRows.Sequences HoldOut(DataRows.Sequences raw, EarlyStopping? stopping, ulong seed)
    {
        if (stopping is null) return raw;
        var (train, validation) = EarlyStopping.Split(raw.Train, stopping.Validation, Rng.Stream(seed, ValidationStream));
        return raw with { Train = train, Validation = validation };
    }

    /// <summary>Sequence rows transformed: each transform fitted on every step of every row trained on (row order,
    /// then step order) and applied to every step of every row.</summary>
    private static DataRows.Sequences PrepareSequences(DataRows.Sequences raw, ImmutableArray<TransformKind> kinds, ImmutableArray<FittedTransform>.Builder fitted)
    {
        var (train, validation, test) = (raw.Train, raw.Validation, raw.Test);
        foreach (var kind in kinds)
        {
            if (train.Count == 0) break;
            var t = FittedTransform.Fit(kind, SequenceDataset.AllSteps(train));
            fitted.Add(t);
            (train, validation, test) = (SequenceDataset.Apply(t, train), SequenceDataset.Apply(t, validation), SequenceDataset.Apply(t, test));
        }
        return raw with { Train = train, Validation = validation, Test = test };
    }

    /// <summary>The starting network: every layer drawn from the <c>init</c> stream in order (so giving one layer
    /// explicit values never shifts another layer's draws), then explicit weights and biases put in place.
    /// For an Elman network this is its <see cref="ElmanNetwork.Stack"/>: the hidden layer (over inputs + hidden
    /// values) is drawn first, then the head.</summary>
    public static Network InitialNetwork(ulong seed, NetworkPlan plan)
    {
        var (all, inputs) = plan.Match(
            dense => (dense.Layers, dense.Inputs),
            elman => (elman.Layers.Insert(0, elman.Hidden), elman.Inputs + elman.Hidden.Units));
        var specs = all.Select(l => new LayerSpec(l.Units, l.Activation, l.Init)).ToList();
        var (drawn, _) = Initializer.Network(plan.Init, Rng.Stream(seed, InitStream), inputs, specs);
        var layers = drawn.Layers.Select((layer, i) => layer with
        {
            Weights = all[i].Weights ?? layer.Weights,
            Biases = all[i].Biases ?? layer.Biases,
        });
        return Network.Create(inputs, layers);
    }

    /// <summary>The training records, lazily: epoch 0, every recorded epoch, the last (or the divergent) one.
    /// Empty for an experiment without training. The host may lend a <paramref name="helper"/> thread (same bits).</summary>
    public static IEnumerable<EpochRecord> Records(PreparedRun run, IHelperThread? helper = null) =>
        run.Experiment.Training is not { } training ? []
        : run.Rows.Match(
            features => Training.Run(run.Start, features.Train, training.ToConfig(), features.Validation, helper),
            // Sequences go with an Elman network, and only with one (the rules see to it).
            sequences => ElmanTraining.Run(run.Start, run.Experiment.Network.Inputs, sequences.Train, training.ToConfig(),
                new SequenceConfig(sequences.Targets, ((NetworkPlan.Elman)run.Experiment.Network).Truncate), sequences.Validation, helper));

    /// <summary>The result from the records a host collected (all of them, or those before it stopped), after the
    /// trace points restored from a checkpoint (<paramref name="earlier"/>; none for a fresh run).</summary>
    public static RunResult Finish(PreparedRun run, IReadOnlyList<EpochRecord> records, bool interrupted = false,
        IReadOnlyList<TracePoint>? earlier = null)
    {
        if (run.Experiment.Training is null)
            return new RunResult(run, [], run.Start, RunStatus.Evaluated, null);
        var trace = Trace(run.Experiment.Training, earlier ?? [], records);
        var final = records.Count > 0 ? records[^1].State : run.Start;
        if (records.Count > 0 && records[^1].Diverged)
        {
            var last = records[^1];
            return new RunResult(run, trace, final, RunStatus.Diverged, new Divergence(last.Epoch, WhatDiverged(last)));
        }
        var status = final.Stopping is { Stopped: true } ? RunStatus.StoppedEarly : interrupted ? RunStatus.Interrupted : RunStatus.Completed;
        return new RunResult(run, trace, final, status, null);
    }

    /// <summary>Continues a checkpointed run: the same prepared experiment, started from the checkpoint's state.
    /// Enumerate <see cref="Records"/> of the result and pass the checkpoint's trace to <see cref="Finish"/>.</summary>
    public static PreparedRun Resume(PreparedRun run, TrainingState state) => run with { Start = state };

    /// <summary>The trace an uninterrupted run would have recorded: restored points and new records merged by epoch,
    /// keeping epoch 0, every <c>record.every</c>-th epoch and the last one (a resumed run's checkpoint epoch is
    /// dropped unless it is one of those), and a divergent or early-stopped last record.</summary>
    private static ImmutableArray<TracePoint> Trace(TrainingPlan training, IReadOnlyList<TracePoint> earlier, IReadOnlyList<EpochRecord> records)
    {
        var last = records.Count > 0 ? records[^1].Epoch : 0;
        var ended = records.Count > 0 && (records[^1].Diverged || records[^1].StoppedEarly);
        var points = new SortedDictionary<int, TracePoint>();
        foreach (var p in earlier) points[p.Epoch] = p;
        foreach (var r in records) points[r.Epoch] = new TracePoint(r.Epoch, r.Loss, r.ValidationLoss);
        return points.Values
            .Where(p => p.Epoch % training.RecordEvery == 0 || p.Epoch == training.Epochs || (ended && p.Epoch == last))
            .ToImmutableArray();
    }

    /// <summary>Prepare, run to the end, finish.</summary>
    public static RunResult Run(Experiment e)
    {
        var run = Prepare(e);
        return Finish(run, Records(run).ToList());
    }

    private static string WhatDiverged(EpochRecord record)
    {
        var net = record.State.Network;
        for (var l = 0; l < net.Layers.Length; l++)
        {
            var layer = net.Layers[l];
            if (layer.Weights.Values.Any(v => !double.IsFinite(v))) return $"the weights of layer {l}";
            if (layer.Biases.Any(v => !double.IsFinite(v))) return $"the biases of layer {l}";
        }
        return $"the training loss ({CanonicalJson.Number(record.Loss).Trim('"')})";
    }
}
