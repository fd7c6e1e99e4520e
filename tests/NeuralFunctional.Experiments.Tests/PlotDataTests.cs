using NeuralFunctional.Experiments.Plots;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>The data behind <c>nf plot</c>, computed in Experiments: labels, grids, diagrams.</summary>
public class PlotDataTests
{
    private static JObject Doc(string name) => JObject.Parse(File.ReadAllText(Path.Combine(Repo.Experiments, "expected", name + ".json")));

    private static PlottedRun Run(string name) =>
        PlottedRun.Read(name, Doc(name), "boundary", LanguageExt.Prelude.Success<ExperimentError, Experiment>).SuccessToSeq().Head();

    [Fact]
    public void LossCurves_SeveralRuns_LabelledByConfigurationDifferences()
    {
        var series = LossCurves.Of([Doc("hiring"), Doc("hiring-lr-1"), Doc("hiring-tanh")]);
        Assert.Equal(["learningRate=0.1, activation=sigmoid", "learningRate=1, activation=sigmoid", "learningRate=0.1, activation=tanh"],
            series.Select(s => s.Label));
        Assert.Equal(Doc("hiring")["trace"]!.Count(), series[0].Epochs.Length);
        Assert.Equal((double)Doc("hiring")["trace"]![0]!["loss"]!, series[0].Losses[0]);
    }

    [Fact]
    public void LossCurves_OneRun_LabelledByName()
    {
        Assert.Equal("hiring", LossCurves.Of([Doc("hiring")])[0].Label);
    }

    [Theory]
    [InlineData("training.optimizer.learningRate", "learningRate")]
    [InlineData("network.layers[0].activation.kind", "activation")]
    [InlineData("seed", "seed")]
    public void LossCurves_ShortName_LastPropertyName(string path, string expected)
    {
        Assert.Equal(expected, LossCurves.ShortName(path));
    }

    [Fact]
    public void PlottedRun_FinalNetwork_ReproducesRecordedPredictions()
    {
        var run = Run("hiring");
        foreach (var row in Doc("hiring")["predictions"]!["train"]!)
        {
            var x = row["x"]!.Select(v => (double)v).ToArray();
            Assert.Equal((double)row["output"]![0]!, run.Predict([.. x])[0]);
        }
    }

    [Fact]
    public void DecisionMap_Grid_IsTheNetworkOutputAtEveryPoint()
    {
        var run = Run("hiring");
        var map = DecisionMap.Of(run, resolution: 7).SuccessToSeq().Head();
        Assert.Equal(7, map.Xs.Length);
        Assert.Equal(7, map.Values.Length);
        Assert.Equal(run.Predict([map.Xs[3], map.Ys[5]])[0], map.Values[5][3]);
        Assert.Equal(["Michael", "Shash", "Hannah", "Lisa", "Jamal", "Mina"], map.Points.Select(p => p.Id));
        Assert.True(map.Points.Single(p => p.Id == "Mina").IsTest);
        Assert.True(map.Xs[0] < 11 && map.Xs[^1] > 32);
    }

    [Fact]
    public void DecisionMap_Axis_PadsTheRangeBySixth()
    {
        var axis = DecisionMap.Axis([0, 6], 3);
        Assert.Equal(3, axis.Length);
        Assert.Equal(-1.0, axis[0], 12);
        Assert.Equal(7.0, axis[2], 12);
    }

    [Fact]
    public void NetworkDiagram_Hiring_NodesPerLayerAndEveryWeight()
    {
        var run = Run("hiring");
        var diagram = NetworkDiagram.Of(run.Final, run.Experiment);
        Assert.Equal(["experience", "projects", "h1.1", "h1.2", "hired"], diagram.Nodes.Select(n => n.Label));
        Assert.Equal(6, diagram.Edges.Length);
        Assert.True(diagram.LabelEdges);
        var first = (double)Doc("hiring")["finalParameters"]!["layers"]![0]!["weights"]![0]![0]!;
        Assert.Equal(first, diagram.Edges[0].Weight);
        Assert.Equal(diagram.Edges.Max(e => Math.Abs(e.Weight)), diagram.MaxAbsWeight);
    }

    [Fact]
    public void ActivationCurves_CurvesDocument_OneSeriesPerActivation()
    {
        var curves = ActivationCurves.Of("activations", Doc("activations")).SuccessToSeq().Head();
        Assert.Equal(10, curves.Length);
        Assert.Equal("leakyRelu (alpha 0.1)", curves[6].Label);
        Assert.Equal(curves[0].Z.Length, curves[0].Derivative.Length);
    }
}
