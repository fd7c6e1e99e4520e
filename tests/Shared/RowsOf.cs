namespace NeuralFunctional;

/// <summary>The rows of an experiment or a prepared run, of the kind a test expects (it fails otherwise).</summary>
public static class RowsOf
{
    public static NeuralFunctional.Experiments.DataRows.Features FeatureRows(this NeuralFunctional.Experiments.DataPlan data) =>
        Xunit.Assert.IsType<NeuralFunctional.Experiments.DataRows.Features>(data.Rows);

    public static NeuralFunctional.Experiments.DataRows.Sequences SequenceRows(this NeuralFunctional.Experiments.DataPlan data) =>
        Xunit.Assert.IsType<NeuralFunctional.Experiments.DataRows.Sequences>(data.Rows);

    public static NeuralFunctional.Experiments.DataRows.Features FeatureRows(this NeuralFunctional.Experiments.PreparedRun run) =>
        Xunit.Assert.IsType<NeuralFunctional.Experiments.DataRows.Features>(run.Rows);

    public static NeuralFunctional.Experiments.DataRows.Sequences SequenceRows(this NeuralFunctional.Experiments.PreparedRun run) =>
        Xunit.Assert.IsType<NeuralFunctional.Experiments.DataRows.Sequences>(run.Rows);
}
