using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments.Plots;

/// <summary>The hidden state h_t of an Elman network over one row's steps: <c>Units[j][t]</c> is hidden unit j after
/// step t+1 (steps numbered from 1), with the row's raw inputs per step for reference.</summary>
public sealed record HiddenStates(string Id, bool IsTest, ImmutableArray<int> Steps, ImmutableArray<ImmutableArray<double>> Units,
    ImmutableArray<ImmutableArray<double>> Inputs)
{
    /// <summary>The hidden states of the row <paramref name="sampleId"/> (the first training row when null), recomputed
    /// from the document's <c>finalParameters</c> on the engine (<see cref="ElmanEvaluation"/>, the numbers training
    /// computes) over the row's transformed steps, from h_0 = 0.</summary>
    public static Validation<ExperimentError, HiddenStates> Of(PlottedRun run, string? sampleId)
    {
        var e = run.Experiment;
        if (run.Run.Rows is not DataRows.Sequences sequences)
            return Fail<ExperimentError, HiddenStates>(ErrorCatalog.PlotNeedsElman(new Site(run.File, "experiment.network", null, null)));
        var rows = sequences.Train.Rows.Concat(sequences.Validation.Rows).Select(r => (Row: r, Test: false))
            .Concat(sequences.Test.Rows.Select(r => (Row: r, Test: true))).ToList();
        var rawRows = run.Run.Raw(new SequenceDataset(rows.Select(r => r.Row).ToImmutableArray())).Rows;
        var index = sampleId is null ? (rows.Count > 0 ? 0 : -1) : rows.FindIndex(r => r.Row.Id == sampleId);
        if (index < 0)
            return Fail<ExperimentError, HiddenStates>(ErrorCatalog.UnknownSample(new Site(run.File, "predictions", null, null),
                sampleId ?? "", rows.Select(r => r.Row.Id).ToList()));
        var (row, test) = rows[index];
        var net = ElmanNetwork.FromStack(e.Network.Inputs, run.Final);
        var states = ElmanEvaluation.Of(net, SequenceDataset.Of(row), sequences.Targets).HiddenStates[0];
        var units = Enumerable.Range(0, net.Hidden)
            .Select(j => Enumerable.Range(0, states.Length).Select(t => states[t][j]).ToImmutableArray())
            .ToImmutableArray();
        return Success<ExperimentError, HiddenStates>(new HiddenStates(row.Id, test,
            Enumerable.Range(1, states.Length).ToImmutableArray(), units, rawRows[index].X));
    }
}
