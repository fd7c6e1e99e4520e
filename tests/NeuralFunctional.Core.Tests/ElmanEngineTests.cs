using System.Collections.Immutable;
using NeuralFunctional.Core;

namespace NeuralFunctional.Core.Tests;

/// <summary>The batched engine of Elman training against the reference path (<see cref="ElmanTraining.RunReference"/>),
/// bit for bit: random shapes, activations, losses, targets (per step, last), truncations (full, 1, k, k ≥ every length),
/// ragged lengths, batch sizes (1, odd, at least the rows), shuffling, every optimizer, weight decay, schedules and early
/// stopping, with and without a helper thread.</summary>
public class ElmanEngineTests
{
    private static readonly Activation[] Cells = [Activation.Tanh, Activation.Sigmoid, Activation.Relu, Activation.Linear];

    internal sealed record Case(TrainingState Start, int Inputs, SequenceDataset Data, SequenceDataset Validation, TrainingConfig Config, SequenceConfig Sequence);

    /// <summary>A random case from <paramref name="seed"/>; <paramref name="hidden"/> fixes the cell's width (wide: shared
    /// with a helper), <paramref name="ragged"/> lets lengths differ, <paramref name="rows"/> fixes the number of training sequences.</summary>
    internal static Case Make(int seed, int? hidden = null, bool ragged = true, int? steps = null, int? rows = null)
    {
        var r = new Random(seed);
        double V() => Math.Round(r.NextDouble() * 2 - 1, 3);
        var inputs = r.Next(1, 4);
        var units = hidden ?? r.Next(1, 9);
        var loss = (LossKind)r.Next(0, 3);
        var outputs = r.Next(1, 4);
        var targets = r.Next(2) == 0 ? SequenceTargets.PerStep : SequenceTargets.Last;
        var longest = steps ?? r.Next(1, 8);
        var truncate = new[] { 0, 1, 2, 3, longest, longest + 2 }[r.Next(6)];
        Layer Dense(int n, int m, Activation f) =>
            Layer.Create(new Matrix(m, n, [.. Enumerable.Range(0, m * n).Select(_ => V() * 0.8)]), [.. Enumerable.Range(0, m).Select(_ => V() * 0.2)], f);
        var head = new List<Layer>();
        if (r.Next(3) == 0) head.Add(Dense(units, 3, Activation.Tanh));
        var outputActivation = Loss.RequiredOutput(loss) switch
        {
            ActivationKind.Softmax => Activation.Softmax,
            ActivationKind.Sigmoid => Activation.Sigmoid,
            _ => r.Next(2) == 0 ? Activation.Linear : Activation.Tanh,
        };
        if (outputActivation.Kind == ActivationKind.Softmax && outputs == 1) outputs = 2;
        head.Add(Dense(head.Count == 0 ? units : 3, outputs, outputActivation));
        var net = ElmanNetwork.Create(inputs, Dense(inputs + units, units, Cells[r.Next(Cells.Length)]), head);
        ImmutableArray<double> Target()
        {
            if (loss == LossKind.Ce) { var t = new double[outputs]; t[r.Next(outputs)] = 1; return [.. t]; }
            return [.. Enumerable.Range(0, outputs).Select(_ => loss == LossKind.Bce ? r.Next(2) : V())];
        }
        SequenceDataset Rows(int count, string prefix) => new([.. Enumerable.Range(0, count).Select(i =>
        {
            var length = ragged ? r.Next(1, longest + 1) : longest;
            var x = Enumerable.Range(0, length).Select(_ => ImmutableArray.CreateRange(Enumerable.Range(0, inputs).Select(_ => V()))).ToImmutableArray();
            var y = Enumerable.Range(0, targets == SequenceTargets.PerStep ? length : 1).Select(_ => Target()).ToImmutableArray();
            return new SequenceSample($"{prefix}{i}", x, y);
        })]);
        var data = Rows(rows ?? r.Next(1, 10), "s");
        var validation = Rows(r.Next(1, 4), "v");
        Optimizer optimizer = r.Next(4) switch
        {
            0 => new Optimizer.Sgd(0.1),
            1 => new Optimizer.Momentum(0.05, 0.9),
            2 => new Optimizer.Nesterov(0.05, 0.9),
            _ => new Optimizer.Adam(0.01, 0.9, 0.999, 1e-8),
        };
        var batch = r.Next(4) switch { 0 => 1, 1 => 3, 2 => data.Count + r.Next(3), _ => r.Next(1, 6) };
        var config = new TrainingConfig(loss, optimizer, r.Next(1, 5), batch, Shuffle: r.Next(2) == 0, RecordEvery: r.Next(1, 3),
            WeightDecay: r.Next(3) == 0 ? 0.01 : 0,
            Schedule: r.Next(3) == 0 ? new Schedule.Step(1, 0.5) : null,
            EarlyStopping: r.Next(3) == 0 ? new EarlyStopping(0.2, r.Next(1, 3), 0) : null);
        var start = ElmanTraining.Start(net, config, Rng.Stream((ulong)seed, "shuffle"));
        return new Case(start, inputs, data, validation, config, new SequenceConfig(targets, truncate));
    }

    private static List<EpochRecord> Reference(Case c) =>
        ElmanTraining.RunReference(c.Start, c.Inputs, c.Data, c.Config, c.Sequence, c.Validation).ToList();

    private static List<EpochRecord> Engine(Case c, IHelperThread? helper = null) =>
        ElmanTraining.Run(c.Start, c.Inputs, c.Data, c.Config, c.Sequence, c.Validation, helper).ToList();

    [Fact]
    public void Run_RandomCases_EqualsReferenceBitForBit()
    {
        var (perStep, last, ragged, truncated, stops, ones) = (0, 0, 0, 0, 0, 0);
        for (var seed = 1; seed <= 240; seed++)
        {
            var c = Make(seed);
            Assert.NotNull(FastTrainer.TryCreate(c.Start, c.Inputs, c.Data, c.Validation, c.Config, c.Sequence));
            FastTrainerTests.AssertSame(Reference(c), Engine(c), $"case {seed}");
            if (c.Sequence.Targets == SequenceTargets.PerStep) perStep++; else last++;
            if (c.Data.Rows.Select(r => r.Steps).Distinct().Count() > 1) ragged++;
            if (c.Sequence.Truncate > 0 && c.Sequence.Truncate < c.Data.Rows.Max(r => r.Steps)) truncated++;
            if (c.Config.EarlyStopping is not null) stops++;
            if (c.Config.BatchSize == 1) ones++;
        }
        Assert.True(perStep >= 60 && last >= 60 && ragged >= 60 && truncated >= 30 && stops >= 40 && ones >= 30,
            $"per step {perStep}, last {last}, ragged {ragged}, truncated {truncated}, early stopping {stops}, batch 1 {ones}");
    }

    [Fact]
    public void Run_WideCellSharedWithAHelper_EqualsReferenceBitForBit()
    {
        var helpers = new IHelperThread?[] { null, new Kernels.DedicatedThread(), new Kernels.LateThread(), new Kernels.AbsentThread() };
        for (var seed = 500; seed < 506; seed++)
        {
            // Batches of 16 to 24 sequences: at every step the cell's products (rows × 70 × 71 and more) are large enough to share.
            var c = Make(seed, hidden: 70 + seed % 3, steps: 5, rows: 24);
            c = c with { Config = c.Config with { BatchSize = 16 + seed % 9, Epochs = 2 } };
            var reference = Reference(c);
            foreach (var helper in helpers)
                FastTrainerTests.AssertSame(reference, Engine(c, helper), $"case {seed}, {helper?.GetType().Name ?? "no helper"}");
        }
    }

    [Fact]
    public void Run_SteadyState_AllocatesNothingPerStep()
    {
        foreach (var helper in new IHelperThread?[] { null, new Kernels.AbsentThread() })
            foreach (var seed in new[] { 610, 611, 612, 613 })
            {
                var c = Make(seed, hidden: 12, steps: 6);
                long Allocated(int epochs)
                {
                    var config = c.Config with { BatchSize = 2, Epochs = epochs, RecordEvery = epochs, EarlyStopping = null };
                    using var records = ElmanTraining.Run(c.Start, c.Inputs, c.Data, config, c.Sequence, null, helper).GetEnumerator();
                    Assert.True(records.MoveNext());
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    while (records.MoveNext()) { }
                    return GC.GetAllocatedBytesForCurrentThread() - before;
                }
                Allocated(2);
                var (few, many) = (0L, long.MaxValue);
                for (var attempt = 0; attempt < 3 && many - few >= 512; attempt++) (few, many) = (Allocated(2), Allocated(12));
                Assert.True(many - few < 512, $"case {seed}, {helper?.GetType().Name ?? "no helper"}: {few} bytes over 2 epochs, {many} over 12");
            }
    }
}
