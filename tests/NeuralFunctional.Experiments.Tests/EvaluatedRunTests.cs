using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>A run evaluated once (<see cref="EvaluatedRun"/>): the typed outputs and metrics the console summary reads
/// are those the output document holds, and they agree with the Core's own forward pass and a count by hand.</summary>
public class EvaluatedRunTests
{
    private static RunResult Run(string name)
    {
        var e = ExperimentParser.Parse(name + ".json", File.ReadAllText(Path.Combine(Repo.Experiments, name + ".json")))
            .Match(x => x, errors => throw new Xunit.Sdk.XunitException(string.Join("\n", errors)));
        var run = Runner.Prepare(e);
        return Runner.Finish(run, Runner.Records(run).ToList());
    }

    [Fact]
    public void FeatureRows_OutputsAreTheCoreForwardPass_AndTheDocumentsOutputs()
    {
        var result = Run("xor-2-2-1");
        var evaluated = EvaluatedRun.Of(result);
        var document = Documents.Build(evaluated);
        Assert.Equal(["train", "test"], evaluated.Sets.Select(s => s.Name));
        foreach (var set in evaluated.Sets)
        {
            var rows = Assert.IsType<SetRows.Features>(set.Rows);
            var written = (JArray)document["predictions"]![set.Name]!;
            Assert.Equal(rows.Count, written.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var forward = Network.Predict(result.Final, rows.Transformed.Rows[i].X);
                Assert.Equal(forward.Select(BitConverter.DoubleToInt64Bits), rows.Evaluation.Outputs[i].Select(BitConverter.DoubleToInt64Bits));
                Assert.Equal(forward, written[i]!["output"]!.Select(v => (double)v!));
            }
            Assert.True(JToken.DeepEquals(document["metrics"]![set.Name], set.Metrics.ToJson()));
        }
    }

    [Fact]
    public void Metrics_AgreeWithACountByHand()
    {
        var evaluated = EvaluatedRun.Of(Run("hiring"));
        var train = evaluated.Sets.Single(s => s.Name == "train");
        var rows = Assert.IsType<SetRows.Features>(train.Rows);
        var correct = Enumerable.Range(0, rows.Count).Count(i => (rows.Evaluation.Outputs[i][0] >= 0.5) == (rows.Transformed.Rows[i].Y[0] == 1));
        Assert.Equal(rows.Count, train.Metrics.Rows);
        Assert.Equal((double)correct / rows.Count, train.Metrics.Accuracy);
        var classes = train.Metrics.Classes!;
        Assert.Equal(["0", "1"], classes.Names);
        Assert.Equal(rows.Count, classes.Confusion.Sum(r => r.Sum()));
        Assert.Equal(correct, classes.Confusion[0][0] + classes.Confusion[1][1]);
    }

    [Fact]
    public void Sequences_OutputsAreTheElmanForwardPass_AndTheDocumentsMetrics()
    {
        var result = Run("sine-elman");
        var evaluated = EvaluatedRun.Of(result);
        var document = Documents.Build(evaluated);
        var net = ElmanNetwork.FromStack(result.Run.Experiment.Network.Inputs, result.Final);
        foreach (var set in evaluated.Sets)
        {
            var rows = Assert.IsType<SetRows.Sequences>(set.Rows);
            var transformed = set.Name == "train" ? result.Run.SequenceRows().Train : result.Run.SequenceRows().Test;
            for (var i = 0; i < rows.Count; i++)
            {
                var forward = ElmanNetwork.Forward(net, transformed.Rows[i].X).Outputs;
                Assert.Equal(forward.Select(o => BitConverter.DoubleToInt64Bits(o[0])), rows.Evaluation.Outputs[i].Select(o => BitConverter.DoubleToInt64Bits(o[0])));
            }
            Assert.True(JToken.DeepEquals(document["metrics"]![set.Name], set.Metrics.ToJson()));
            Assert.NotNull(set.Metrics.Loss);
        }
    }
}
