using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments.Plots;

/// <summary>One labelled row drawn on a decision map: its raw inputs, its target (null for a test row without one)
/// and the network's output for it.</summary>
public sealed record MapPoint(string Id, double X, double Y, double? Target, double Output, bool IsTest);

/// <summary>The decision boundary of a two-input network: its first output on a regular grid over the rows' raw input
/// range (padded by a sixth on each side), <c>Values[row][column]</c> at (<c>Xs[column]</c>, <c>Ys[row]</c>), and the
/// training and test rows to draw on it.</summary>
public sealed record DecisionMap(
    string XLabel,
    string YLabel,
    string OutputLabel,
    ImmutableArray<double> Xs,
    ImmutableArray<double> Ys,
    ImmutableArray<ImmutableArray<double>> Values,
    ImmutableArray<MapPoint> Points)
{
    /// <summary>The map of a run with <paramref name="resolution"/> grid points per axis (at least 2).</summary>
    public static Validation<ExperimentError, DecisionMap> Of(PlottedRun run, int resolution = 101)
    {
        var e = run.Experiment;
        if (e.Network.Inputs != 2 || e.Data.Rows is not DataRows.Features written)
            return Fail<ExperimentError, DecisionMap>(ErrorCatalog.BoundaryNeedsTwoInputs(new Site(run.File, "experiment.network.inputs", null, null), e.Network.Inputs));
        var rows = written.Train.Rows.Select(r => (Row: r, Test: false)).Concat(written.Test.Rows.Select(r => (Row: r, Test: true))).ToList();
        var xs = Axis(rows.Select(r => r.Row.X[0]), resolution);
        var ys = Axis(rows.Select(r => r.Row.X[1]), resolution);
        var points = rows.Select(r => new MapPoint(r.Row.Id, r.Row.X[0], r.Row.X[1],
            r.Row.HasTarget ? r.Row.Y[0] : null, run.Predict(r.Row.X)[0], r.Test)).ToImmutableArray();
        return Success<ExperimentError, DecisionMap>(new DecisionMap(
            e.Data.Features.ElementAtOrDefault(0) ?? "x0", e.Data.Features.ElementAtOrDefault(1) ?? "x1",
            e.Data.Targets.ElementAtOrDefault(0) ?? "output", xs, ys, Grid(run.Predict, xs, ys), points));
    }

    /// <summary>The grid of predictions: <paramref name="predict"/>'s first output at every (x, y), row by row (y outer).</summary>
    public static ImmutableArray<ImmutableArray<double>> Grid(Func<ImmutableArray<double>, ImmutableArray<double>> predict,
        ImmutableArray<double> xs, ImmutableArray<double> ys) =>
        ys.Select(y => xs.Select(x => predict([x, y])[0]).ToImmutableArray()).ToImmutableArray();

    /// <summary><paramref name="count"/> evenly spaced values over the values' range padded by a sixth on each side
    /// (a range of 2 around a single value).</summary>
    public static ImmutableArray<double> Axis(IEnumerable<double> values, int count)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), "A grid axis has at least 2 points.");
        var list = values.ToList();
        var (min, max) = list.Count == 0 ? (0.0, 1.0) : (list.Min(), list.Max());
        var pad = max > min ? (max - min) / 6 : 1.0;
        var (from, to) = (min - pad, max + pad);
        return Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1)).ToImmutableArray();
    }
}
