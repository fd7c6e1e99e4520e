using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>A validated sweep: the grid's axes in file order and the seeds. Its variants, in order, are every
/// combination of the axes' values (the first axis varying slowest, the last fastest) and, within each such grid
/// point, every seed from first to last.</summary>
public sealed record SweepPlan(ImmutableArray<GridAxis> Grid, SeedRange? Seeds)
{
    /// <summary>The most variants a sweep may have.</summary>
    public const int MaxVariants = 1_000_000;

    /// <summary>Combinations of the grid's values (1 without a grid).</summary>
    public int GridPoints => Grid.Aggregate(1, (n, axis) => n * axis.Values.Length);

    /// <summary>Variants: grid points × seeds.</summary>
    public int Count => GridPoints * (Seeds?.Count ?? 1);
}

/// <summary>One axis of the grid: a path (as <c>--set</c> names it, written as in the file) and its values. The
/// values are JSON as written; treat them as immutable (clone before changing a tree with one).</summary>
public sealed record GridAxis(string Path, ImmutableArray<JToken> Values);

/// <summary>Seeds <c>From</c>, <c>From + 1</c>, …, <c>From + Count − 1</c>.</summary>
public sealed record SeedRange(ulong From, int Count);
