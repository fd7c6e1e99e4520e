using System.Collections.Immutable;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments.Plots;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>The data behind <c>nf plot --kind hidden</c>: h_t recomputed from <c>finalParameters</c> by the Core forward pass.</summary>
public class HiddenStatesTests
{
    private static JObject Doc(string name) => JObject.Parse(File.ReadAllText(Path.Combine(Repo.Experiments, "expected", name + ".json")));

    private static PlottedRun Run(string name) => PlottedRun.Read(name, Doc(name), "hidden", LanguageExt.Prelude.Success<ExperimentError, Experiment>).SuccessToSeq().Head();

    [Theory]
    [InlineData("sine-elman", "from-3")]
    [InlineData("memory-elman", null)]
    public void HiddenStates_EveryStep_EqualsCoreRecurrentForward(string name, string? sample)
    {
        var run = Run(name);
        var states = HiddenStates.Of(run, sample).SuccessToSeq().Head();
        var row = run.Run.SequenceRows().Train.Rows.Concat(run.Run.SequenceRows().Test.Rows).First(r => r.Id == (sample ?? states.Id));
        var pass = ElmanNetwork.Forward(ElmanNetwork.FromStack(run.Experiment.Network.Inputs, run.Final), row.X);
        Assert.Equal(row.X.Length, states.Steps.Length);
        Assert.Equal(pass.Steps[0].Layers[0].A.Length, states.Units.Length);
        for (var t = 0; t < pass.Steps.Length; t++)
            for (var j = 0; j < states.Units.Length; j++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(pass.HiddenState(t)[j]), BitConverter.DoubleToInt64Bits(states.Units[j][t]));
    }

    [Fact]
    public void HiddenStates_FinalParameters_ReproduceRecordedOutputs()
    {
        var run = Run("sine-elman");
        var net = ElmanNetwork.FromStack(run.Experiment.Network.Inputs, run.Final);
        var recorded = (JObject)Doc("sine-elman")["predictions"]!["train"]![0]!;
        var row = run.Run.SequenceRows().Train.Rows[0];
        var outputs = ElmanNetwork.Forward(net, row.X).Outputs;
        Assert.Equal(recorded["output"]!.Select(step => (double)step[0]!), outputs.Select(o => o[0]));
    }

    [Fact]
    public void HiddenStates_DefaultSample_FirstTrainingRowWithRawInputs()
    {
        var states = HiddenStates.Of(Run("memory-elman"), null).SuccessToSeq().Head();
        Assert.Equal("train-01 00101", states.Id);
        Assert.False(states.IsTest);
        Assert.Equal([0.0, 0, 1, 0, 1], states.Inputs.Select(x => x[0]));
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, states.Steps.ToArray());
    }

    [Fact]
    public void HiddenStates_TestRow_IsMarkedTest()
    {
        var doc = Doc("sine-elman");
        var id = (string)doc["predictions"]!["test"]![0]!["id"]!;
        Assert.True(HiddenStates.Of(Run("sine-elman"), id).SuccessToSeq().Head().IsTest);
    }

    [Fact]
    public void HiddenStates_FeedForwardRun_IsNF2603()
    {
        var run = PlottedRun.Read("hiring", Doc("hiring"), "hidden", LanguageExt.Prelude.Success<ExperimentError, Experiment>).SuccessToSeq().Head();
        Assert.Equal("NF2603", HiddenStates.Of(run, null).FailToSeq().Head().Code);
    }

    [Fact]
    public void HiddenStates_EarlyStoppingRun_FindsHeldOutAndTrainedRowsWithTheirOwnInputs()
    {
        // With early stopping the prepared run's training sequences are split: every row is still found by id, with
        // its own raw inputs (not those of the row at the same position in the file).
        var json = JObject.Parse(File.ReadAllText(Repo.Experiment("memory-elman")));
        json["training"]!["epochs"] = 3;
        json["training"]!["earlyStopping"] = new JObject { ["validation"] = 0.25 };
        var experiment = ExperimentParser.Parse("memory-elman.json", json.ToString()).SuccessToSeq().Head();
        var doc = Documents.Build(Runner.Run(experiment));
        var run = PlottedRun.Read("memory-elman", doc, "hidden", LanguageExt.Prelude.Success<ExperimentError, Experiment>).SuccessToSeq().Head();
        var raw = experiment.Data.SequenceRows().Train.Rows;
        foreach (var set in new[] { "validation", "train" })
        {
            var id = (string)doc["predictions"]![set]![0]!["id"]!;
            var states = HiddenStates.Of(run, id).SuccessToSeq().Head();
            Assert.False(states.IsTest);
            Assert.Equal(raw.Single(r => r.Id == id).X.Select(x => x[0]), states.Inputs.Select(x => x[0]));
            var pass = ElmanNetwork.Forward(ElmanNetwork.FromStack(1, run.Final), raw.Single(r => r.Id == id).X);
            Assert.Equal(pass.HiddenState(4)[0], states.Units[0][4]);
        }
    }
}
