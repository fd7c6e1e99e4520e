
namespace NeuralFunctional.Experiments;

/// <summary>What <see cref="OutputDiff.Compare"/> found between two output documents A and B: the configuration
/// changes, the metrics side by side, the traces, the predictions that changed, the other numeric sections (parameters, transform, curves), and the outcome.</summary>
public sealed record OutputComparison(
    double Tolerance,
    ImmutableArray<JsonChange> ConfigChanges,
    ImmutableArray<MetricComparison> Metrics,
    TraceComparison Trace,
    PredictionComparison Predictions,
    ImmutableArray<SectionComparison> Sections,
    ImmutableArray<JsonChange> OutcomeChanges,
    DataComparison? Data = null)
{
    /// <summary>True when every compared field is equal (bit for bit, or within <see cref="Tolerance"/> for results).</summary>
    public bool Identical =>
        ConfigChanges.IsEmpty && Metrics.All(m => m.Equal) && Trace.Identical && Predictions.Changed.IsEmpty
        && Sections.All(p => p.Equal) && OutcomeChanges.IsEmpty && (Data?.Changes.IsEmpty ?? true);
}

/// <summary>The data files the two runs read (<c>dataFiles</c>, <see cref="DataFiles"/>): how many A and B recorded, and
/// what differs (a path, size, hash or row count). Null in a comparison where neither document records any.</summary>
public sealed record DataComparison(int FilesA, int FilesB, ImmutableArray<JsonChange> Changes);

/// <summary>One final metric (<c>train.loss</c>, <c>test.accuracy</c> …) in A and B; a side is null when that
/// document lacks the metric.</summary>
public sealed record MetricComparison(string Name, double? A, double? B, bool Equal)
{
    /// <summary>B − A, when both are present.</summary>
    public double? Change => A is { } a && B is { } b ? b - a : null;
}

/// <summary>The traces compared epoch by epoch (entries with the same epoch number): <c>FirstDivergentEpoch</c> is
/// the first common epoch whose values differ (null when none does), <c>Field</c> the trace field that differs there
/// first (<c>loss</c>), <c>UlpAtFirstDivergence</c> how many doubles apart the two values are there; the maxima run over
/// the common epochs; <c>Points</c> holds the loss of every epoch either trace recorded, for side-by-side display.</summary>
public sealed record TraceComparison(
    bool Identical,
    int CommonEpochs,
    ImmutableArray<int> OnlyInA,
    ImmutableArray<int> OnlyInB,
    int? FirstDivergentEpoch,
    string? Field,
    double? AAtDivergence,
    double? BAtDivergence,
    ulong? UlpAtFirstDivergence,
    double MaxAbsDiff,
    int? MaxAbsDiffEpoch,
    double MaxRelDiff,
    int? MaxRelDiffEpoch,
    ImmutableArray<TracePair> Points);

/// <summary>One recorded epoch's loss in A and B (null where that trace did not record the epoch).</summary>
public sealed record TracePair(int Epoch, double? A, double? B);

/// <summary>The prediction rows compared (matched by set and row id) and those whose output changed.</summary>
public sealed record PredictionComparison(int Compared, ImmutableArray<PredictionChange> Changed);

/// <summary>A row whose prediction changed; a side is null when that document has no row with this id.
/// <c>CrossedHalf</c> (0/1 targets only): an output crossed 0.5, so the decision flipped. <c>ClassChanged</c> (one-hot
/// targets only): the largest output names another class.</summary>
public sealed record PredictionChange(
    string Set,
    string Id,
    ImmutableArray<double>? A,
    ImmutableArray<double>? B,
    double? MaxAbsDiff,
    bool? CrossedHalf,
    bool? ClassChanged);

/// <summary>A block of numbers compared value by value (<c>finalParameters</c>, <c>initialParameters</c>,
/// <c>transform</c>): how many there are, how many differ, the largest difference, and whether the shapes differ.</summary>
public sealed record SectionComparison(string Name, int Values, int Changed, double MaxAbsDiff, bool ShapeDiffers)
{
    public bool Equal => Changed == 0 && !ShapeDiffers;
}
