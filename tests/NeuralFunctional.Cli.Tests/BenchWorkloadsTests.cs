using NeuralFunctional.Cli;
using NeuralFunctional.Core;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The benchmark workloads' option variants and the end-to-end experiment files are what they say: functional
/// checks only (nothing here times or trains a workload; timings live in <c>nf bench</c> and bench/peers).</summary>
public class BenchWorkloadsTests
{
    private static Workload W2() => Workloads.Digits(File.ReadAllText(Path.Combine(Repo.Root, Workloads.DigitsFile)));

    [Fact]
    public void Every_W2_option_changes_only_its_option()
    {
        var w2 = W2();
        foreach (var option in Workloads.Options)
        {
            var v = Workloads.WithOption(w2, option)!;
            Assert.Equal($"W2-{option}", v.Name);
            Assert.Same(w2.Start.Network, v.Start.Network);
            Assert.Equal(w2.Start.Rng, v.Start.Rng);
            Assert.Equal(0, v.Start.Epoch);
            Assert.Equal(w2.Config with
            {
                Optimizer = v.Config.Optimizer, WeightDecay = v.Config.WeightDecay, Schedule = v.Config.Schedule,
                EarlyStopping = v.Config.EarlyStopping,
            }, v.Config);
            Assert.Equal(option == "early" ? w2.Train.Count - v.Validation.Count : w2.Train.Count, v.Train.Count);
        }
    }

    [Fact]
    public void The_options_are_as_documented()
    {
        var w2 = W2();
        Workload V(string option) => Workloads.WithOption(w2, option)!;
        Assert.Equal(new Optimizer.Momentum(0.1, 0.9), V("momentum").Config.Optimizer);
        Assert.Equal(new Optimizer.Nesterov(0.1, 0.9), V("nesterov").Config.Optimizer);
        Assert.Equal(new Optimizer.Adam(0.001, 0.9, 0.999, 1e-8), V("adam").Config.Optimizer);
        Assert.Equal(2, V("adam").Start.Optimizer.Moments.Length);
        Assert.Equal(1e-4, V("decay").Config.WeightDecay);
        Assert.Equal(new Optimizer.Sgd(0.1), V("decay").Config.Optimizer);
        Assert.Equal(new Schedule.Step(5, 0.5), V("schedule").Config.Schedule);
        var early = V("early");
        Assert.Equal(new EarlyStopping(0.1, 20, 0), early.Config.EarlyStopping);
        Assert.Equal(180, early.Validation.Count);
        Assert.Equal(1797 - 180, early.Train.Count);
        Assert.Null(Workloads.WithOption(w2, "bogus"));
    }

    [Fact]
    public void W3_adam_is_W3_with_Adam()
    {
        var w3 = Workloads.Wide(64);
        var adam = Workloads.WithOption(w3, "adam")!;
        Assert.Equal("W3-adam", adam.Name);
        Assert.Equal(new Optimizer.Adam(0.001, 0.9, 0.999, 1e-8), adam.Config.Optimizer);
        Assert.Equal(w3.Config with { Optimizer = adam.Config.Optimizer }, adam.Config);
        Assert.Same(w3.Start.Network, adam.Start.Network);
        Assert.Same(w3.Train, adam.Train);
    }

    [Fact]
    public void Bench_loads_variants_by_name_in_any_case()
    {
        Assert.Equal("W2-adam", BenchCommand.Load("w2-ADAM", Repo.Root, TextWriter.Null)!.Name);
        Assert.Equal("W3@64-adam", BenchCommand.Load("W3@64-adam", Repo.Root, TextWriter.Null)!.Name);
        var err = new StringWriter();
        Assert.Null(BenchCommand.Load("W2-bogus", Repo.Root, err));
        Assert.Contains("unknown option", err.ToString());
        Assert.Contains("W3-adam", string.Join(",", BenchCommand.All));
    }

    [Fact]
    public void Bench_rejects_an_unknown_name_before_timing_anything()
    {
        var (exit, _, err) = Cli.Run("bench", "--only", "W2-adam,W9", "--root", Repo.Root);
        Assert.Equal(2, exit);
        Assert.Contains("unknown workload 'W9'", err);
    }

    [Fact]
    public void Bench_help_lists_the_workload_names()
    {
        var (_, help, _) = Cli.Run("bench", "--help");
        foreach (var name in BenchCommand.All) Assert.Contains(name, help);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void The_end_to_end_experiments_validate_and_are_64_256_256_10_on_digits(string optimizer)
    {
        var loaded = ExperimentFiles.LoadSupervised(Path.Combine(Repo.Root, "bench", $"e2e-digits-{optimizer}.json"), [], "bench");
        Assert.True(loaded.IsSuccess, string.Join("\n", loaded.FailToSeq().Select(e => e.ToString())));
        var e = loaded.SuccessToSeq().Head();
        Assert.Equal(64, e.Network.Inputs);
        Assert.Equal([256, 256, 10], e.Network.Layers.Select(l => l.Units));
        var config = e.Training!.ToConfig();
        Assert.Equal((10, 16, true), (config.Epochs, config.BatchSize, config.Shuffle));
        Assert.Equal(optimizer == "sgd" ? new Optimizer.Sgd(0.1) : new Optimizer.Adam(0.001, 0.9, 0.999, 1e-8), config.Optimizer);
        var run = Runner.Prepare(e);
        Assert.Equal((1438, 359), (run.FeatureRows().Train.Count, run.FeatureRows().Test.Count));
        Assert.Contains(BenchCommand.EndToEnd, x => x.File == $"bench/e2e-digits-{optimizer}.json");
    }

    [Fact]
    public void The_elman_end_to_end_experiment_validates_and_is_the_issue_workload()
    {
        var loaded = ExperimentFiles.LoadSupervised(Path.Combine(Repo.Root, "bench", "e2e-elman.json"), [], "bench");
        Assert.True(loaded.IsSuccess, string.Join("\n", loaded.FailToSeq().Select(e => e.ToString())));
        var e = loaded.SuccessToSeq().Head();
        Assert.Equal(8, e.Network.Inputs);
        var recurrent = Assert.IsType<NetworkPlan.Elman>(e.Network);
        Assert.Equal((128, ActivationKind.Tanh, 0), (recurrent.Hidden.Units, recurrent.Hidden.Activation.Kind, recurrent.Truncate));
        Assert.Equal([(8, ActivationKind.Linear)], e.Network.Layers.Select(l => (l.Units, l.Activation.Kind)));
        var config = e.Training!.ToConfig();
        Assert.Equal((LossKind.Mse, 20, 32, true), (config.Loss, config.Epochs, config.BatchSize, config.Shuffle));
        Assert.Equal(new Optimizer.Sgd(0.1), config.Optimizer);
        var sequences = e.Data.SequenceRows();
        Assert.Equal(SequenceTargets.PerStep, sequences.Targets);
        Assert.Equal(256, sequences.Train.Count);
        Assert.All(sequences.Train.Rows, r =>
        {
            Assert.Equal(32, r.Steps);
            Assert.All(r.X, x => Assert.Equal(8, x.Length));
            Assert.Equal(32, r.Y.Length);
            Assert.All(r.Y, y => Assert.Equal(8, y.Length));
        });
        Assert.Contains(BenchCommand.EndToEnd, x => x.Name == "E2E-inproc-elman" && x.File == "bench/e2e-elman.json");
        Assert.Contains("E2E-inproc-elman", BenchCommand.All);
        var (_, help, _) = Cli.Run("bench", "--help");
        Assert.Contains("E2E-inproc-elman", help);
    }
}
