using System.Collections.Immutable;

namespace NeuralFunctional.Core.Tests;

/// <summary>REINFORCE on the batched engine (<see cref="Reinforce.Run"/>) against the reference (<see cref="Reinforce.RunReference"/>):
/// every record's return and length and every bit of the state after it (parameters, optimizer step and moments, both
/// rng streams, the running mean's sum and count), on bandits of fixed (Bernoulli) and random (normal) arms and on
/// cart-pole, with and without a baseline, for every optimizer, with and without a helper thread; and a steady state
/// that allocates nothing.</summary>
public class ReinforceEngineTests
{
    private static readonly Optimizer[] Optimizers =
    [
        new Optimizer.Sgd(0.05), new Optimizer.Momentum(0.05, 0.9), new Optimizer.Nesterov(0.05, 0.9), new Optimizer.Adam(0.01, 0.9, 0.999, 1e-8),
    ];

    private static readonly AgentEnvironment BernoulliBandit = new AgentEnvironment.MultiArmedBandit([new Arm.Bernoulli(0.2), new Arm.Bernoulli(0.8), new Arm.Bernoulli(0.5)]);

    private static readonly AgentEnvironment NormalBandit = new AgentEnvironment.MultiArmedBandit([new Arm.Normal(1.0, 2.0), new Arm.Normal(-0.5, 0.3), new Arm.Bernoulli(0.7), new Arm.Normal(0.2, 5.0)]);

    private static Network Policy(AgentEnvironment env, int seed, params int[] hidden)
    {
        var layers = hidden.Select(h => new LayerSpec(h, Activation.Tanh)).Append(new LayerSpec(AgentEnvironment.Actions(env), Activation.Softmax)).ToArray();
        return Initializer.Network(new Initializer.XavierUniform(), Rng.Stream((ulong)seed, "init"), AgentEnvironment.ObservationSize(env), layers).Network;
    }

    private static ReinforceState Start(Network net, Optimizer optimizer, int seed) =>
        Reinforce.Start(net, optimizer, Rng.Stream((ulong)seed, "policy"), Rng.Stream((ulong)seed, "env"));

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static void AssertSame(IReadOnlyList<EpisodeRecord> expected, IReadOnlyList<EpisodeRecord> actual, string where)
    {
        Assert.True(expected.Count == actual.Count, $"{where}: {expected.Count} records, engine {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            var at = $"{where}, episode {e.Episode}";
            Assert.True(e.Episode == a.Episode && e.Length == a.Length && Same(e.Return, a.Return), $"{at}: record {a.Episode} length {a.Length} return {a.Return}, expected {e.Length}, {e.Return}");
            var (s, t) = (e.State, a.State);
            Assert.True(Network.BitEquals(s.Network, t.Network), $"{at}: parameters");
            Assert.Equal(s.Optimizer.Step, t.Optimizer.Step);
            Assert.Equal(s.Optimizer.Moments.Length, t.Optimizer.Moments.Length);
            for (var m = 0; m < s.Optimizer.Moments.Length; m++)
                Assert.True(Bits.Equal(s.Optimizer.Moments[m].AsSpan(), t.Optimizer.Moments[m].AsSpan()), $"{at}: moment {m}");
            Assert.True((s.Policy, s.Env, s.Episode, s.ReturnCount) == (t.Policy, t.Env, t.Episode, t.ReturnCount), $"{at}: streams or counts");
            Assert.True(Same(s.ReturnSum, t.ReturnSum), $"{at}: return sum");
        }
    }

    private static void AssertEngineIsReference(ReinforceState start, AgentEnvironment env, ReinforceConfig config, string where, IHelperThread? helper = null)
    {
        var reference = Reinforce.RunReference(start, env, config).ToList();
        AssertSame(reference, Reinforce.Run(start, env, config, helper).ToList(), where);
    }

    [Fact]
    public void Run_BanditsOfFixedAndRandomArms_EqualsReferenceBitForBit()
    {
        var seed = 0;
        foreach (var env in new[] { BernoulliBandit, NormalBandit })
            foreach (var optimizer in Optimizers)
                foreach (var baseline in new[] { BaselineKind.None, BaselineKind.Mean })
                    foreach (var hidden in new[] { Array.Empty<int>(), [5] })
                    {
                        seed++;
                        var config = new ReinforceConfig(optimizer, 60, 1.0, baseline);
                        AssertEngineIsReference(Start(Policy(env, seed, hidden), optimizer, seed), env, config,
                            $"bandit {seed}, {optimizer.GetType().Name}, {baseline}, hidden [{string.Join(",", hidden)}]");
                    }
    }

    [Fact]
    public void Run_CartPole_EqualsReferenceBitForBit()
    {
        var seed = 100;
        foreach (var optimizer in Optimizers)
            foreach (var baseline in new[] { BaselineKind.None, BaselineKind.Mean })
                foreach (var hidden in new[] { new[] { 8 }, [6, 5] })
                {
                    seed++;
                    var env = new AgentEnvironment.CartPoleBalance(seed % 2 == 0 ? 200 : 37);
                    var config = new ReinforceConfig(optimizer, 40, 0.95, baseline);
                    AssertEngineIsReference(Start(Policy(env, seed, hidden), optimizer, seed), env, config,
                        $"cart-pole {seed}, {optimizer.GetType().Name}, {baseline}, hidden [{string.Join(",", hidden)}]");
                }
    }

    [Fact]
    public void Run_WidePolicySharedWithAHelper_EqualsReferenceBitForBitWhetherItComesAtOnceLateOrNever()
    {
        // Wide enough that a long episode's backward pass and weights phase are cut into blocks and shared; the layer of
        // 300 × 280 weights goes layer by layer (more weights than a block of rows reads).
        var helpers = new IHelperThread?[] { null, new Kernels.DedicatedThread(), new Kernels.LateThread(), new Kernels.AbsentThread() };
        var env = new AgentEnvironment.CartPoleBalance(120);
        foreach (var (seed, hidden) in new[] { (200, new[] { 512 }), (201, [300, 280]) })
            foreach (var optimizer in new Optimizer[] { new Optimizer.Sgd(0.002), new Optimizer.Adam(0.001, 0.9, 0.999, 1e-8) })
            {
                var start = Start(Policy(env, seed, hidden), optimizer, seed);
                var config = new ReinforceConfig(optimizer, 12, 0.99, BaselineKind.Mean);
                var reference = Reinforce.RunReference(start, env, config).ToList();
                var weights = start.Network.Layers.Sum(l => (long)l.Units * l.Inputs);
                Assert.Contains(reference, r => r.Length * weights >= FastTrainer.ShareThreshold);
                foreach (var helper in helpers)
                    AssertSame(reference, Reinforce.Run(start, env, config, helper).ToList(),
                        $"cart-pole {seed}, {optimizer.GetType().Name}, {helper?.GetType().Name ?? "no helper"}");
            }
    }

    [Fact]
    public void Run_ResumedFromAMidwayState_EqualsReferenceBitForBit()
    {
        var env = new AgentEnvironment.CartPoleBalance(100);
        var optimizer = new Optimizer.Adam(0.01, 0.9, 0.999, 1e-8);
        var config = new ReinforceConfig(optimizer, 30, 0.95, BaselineKind.Mean);
        var midway = Reinforce.RunReference(Start(Policy(env, 300, 8), optimizer, 300), env, config).Skip(11).First().State;
        AssertEngineIsReference(midway, env, config, "resumed at episode 12");
    }

    [Fact]
    public void Engine_EpisodesLongerThanItsRows_GrowThemAndEqualTheReference()
    {
        var env = new AgentEnvironment.CartPoleBalance(200);
        var optimizer = new Optimizer.Sgd(0.01);
        var config = new ReinforceConfig(optimizer, 25, 0.95, BaselineKind.Mean);
        var start = Start(Policy(env, 400, 8), optimizer, 400);
        var reference = Reinforce.RunReference(start, env, config).ToList();
        Assert.Contains(reference, r => r.Length > 8);
        var engine = ReinforceEngine.TryCreate(start, env, config, null, firstRows: 3)!;
        var records = new List<EpisodeRecord>();
        while (engine.Episode < config.Episodes)
        {
            var (total, length) = engine.Play();
            records.Add(new EpisodeRecord(engine.Episode, total, length, engine.State()));
        }
        AssertSame(reference, records, "rows from 3");
    }

    [Fact]
    public void Run_DivergingPolicy_EndsAtTheSameRecordAsTheReference()
    {
        var env = new AgentEnvironment.MultiArmedBandit([new Arm.Normal(1e300, 1e300), new Arm.Normal(-1e300, 1e300)]);
        var optimizer = new Optimizer.Sgd(1e10);
        var config = new ReinforceConfig(optimizer, 50, 1.0, BaselineKind.Mean);
        var start = Start(Policy(env, 500, 3), optimizer, 500);
        var reference = Reinforce.RunReference(start, env, config).ToList();
        Assert.True(reference[^1].Diverged && reference.Count < 50);
        AssertEngineIsReference(start, env, config, "diverging");
    }

    [Fact]
    public void Engine_SteadyStateEpisodes_AllocateNothing()
    {
        foreach (var optimizer in Optimizers)
            foreach (var (env, hidden) in new[] { (NormalBandit, new[] { 5 }), ((AgentEnvironment)new AgentEnvironment.CartPoleBalance(200), [8]) })
                foreach (var helper in new IHelperThread?[] { null, new Kernels.AbsentThread() })
                {
                    var config = new ReinforceConfig(optimizer, 1000, 0.95, BaselineKind.Mean);
                    var engine = ReinforceEngine.TryCreate(Start(Policy(env, 600, hidden), optimizer, 600), env, config, helper)!;
                    for (var i = 0; i < 5; i++) engine.Play();
                    // The runtime may allocate once on this thread while it recompiles hot code: up to three tries.
                    var (allocated, steps) = (long.MaxValue, 0);
                    for (var attempt = 0; attempt < 3 && allocated > 0; attempt++)
                    {
                        var before = GC.GetAllocatedBytesForCurrentThread();
                        for (var i = 0; i < 20; i++) steps += engine.Play().Length;
                        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    }
                    Assert.True(allocated == 0, $"{env.GetType().Name}, {optimizer.GetType().Name}, {helper?.GetType().Name ?? "no helper"}: {allocated} bytes over 20 episodes ({steps} steps)");
                }
    }

    [Fact]
    public void Run_WithAPolicyThatDoesNotFitTheEnvironment_TakesTheReferenceAndItsError()
    {
        var env = new AgentEnvironment.CartPoleBalance(10);
        var optimizer = new Optimizer.Sgd(0.1);
        var wrong = Policy(new AgentEnvironment.MultiArmedBandit([new Arm.Bernoulli(0.5), new Arm.Bernoulli(0.5)]), 700, 4);
        var config = new ReinforceConfig(optimizer, 3, 0.9, BaselineKind.None);
        Assert.Null(ReinforceEngine.TryCreate(Start(wrong, optimizer, 700), env, config, null));
        Assert.ThrowsAny<ArgumentException>(() => Reinforce.Run(Start(wrong, optimizer, 700), env, config).ToList());
    }
}
