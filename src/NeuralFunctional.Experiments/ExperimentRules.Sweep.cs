using System.Numerics;
using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

// The sweep section: each grid path must name a field the schema has, each axis must list distinct values, the seeds
// must be a real range. Whether each variant is itself a valid experiment is checked afterwards (SweepVariants.Check),
// once the base experiment is known to be valid.
internal static partial class ExperimentRules
{
    /// <summary>The sweep section of a file whose root DTO is <paramref name="root"/> (its keys are what grid paths may name).</summary>
    private static Validation<ExperimentError, SweepPlan> Sweep(SweepDto dto, Type root, Locator at)
    {
        var grid = (dto.Grid ?? []).Select(entry =>
            (entry.Key, Values: entry.Value, Site: at.At(JsonShape.Child("sweep.grid", entry.Key)))).ToList();
        var paths = grid.Select(axis => GridPath(axis.Key, axis.Site, dto.Seeds is not null, root, at)).ToList();
        // The key that first names each field (two keys may name one field: `seed` and `["seed"]`).
        var firstKeys = grid.Zip(paths, (axis, path) => (axis.Key, Canonical: KnownRef(path)))
            .Where(p => p.Canonical is not null)
            .GroupBy(p => p.Canonical!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        var axes = Each(grid.Zip(paths, (axis, path) => path.Bind(canonical =>
            firstKeys[canonical] != axis.Key
                ? Invalid<GridAxis>(ErrorCatalog.GridPathNotAllowed(axis.Site, axis.Key, $"the grid already varies it as `{firstKeys[canonical]}`"))
                : GridAxisOf(axis.Key, axis.Values, axis.Site, at))));
        return (axes, dto.Seeds is null ? Valid(Option<SeedRange>.None) : Seeds(dto.Seeds, at).Map(Some))
            .Apply((grid, seeds) => (Grid: grid, Seeds: seeds))
            .Bind(sweep =>
            {
                if (sweep.Grid.Length == 0 && sweep.Seeds.IsNone) return Invalid<SweepPlan>(ErrorCatalog.SweepVariesNothing(at.At("sweep")));
                var seeds = OrNull(sweep.Seeds);
                var count = sweep.Grid.Aggregate(BigInteger.One, (n, a) => n * a.Values.Length) * (seeds?.Count ?? 1);
                return count > SweepPlan.MaxVariants
                    ? Invalid<SweepPlan>(ErrorCatalog.SweepTooLarge(at.At("sweep"), count.ToString(), SweepPlan.MaxVariants))
                    : Valid(new SweepPlan(sweep.Grid, seeds));
            });
    }

    /// <summary>One axis of the grid: at least one value, each listed once.</summary>
    private static Validation<ExperimentError, GridAxis> GridAxisOf(string key, List<Newtonsoft.Json.Linq.JToken> values, Site site, Locator at)
    {
        if (values.Count == 0) return Invalid<GridAxis>(ErrorCatalog.GridNoValues(site, key));
        var texts = values.Select(v => CanonicalJson.Write(v).TrimEnd('\n')).ToList();
        return All(texts.Select((text, i) => FailWhen(texts.IndexOf(text) != i, () => ErrorCatalog.GridDuplicateValue(
                at.At(JsonShape.Index(JsonShape.Child("sweep.grid", key), i)), key, text.Length > 40 ? text[..37] + "…" : text))))
            .Map(_ => new GridAxis(key, values.Select(v => v.DeepClone()).ToImmutableArray()));
    }

    /// <summary>The canonical form of a grid path that names a field the sweep may vary.</summary>
    private static Validation<ExperimentError, string> GridPath(string key, Site site, bool hasSeeds, Type root, Locator at)
    {
        var (path, problem) = ExperimentPath.Parse(key);
        if (path is null) return Invalid<string>(ErrorCatalog.BadPath(site, key, problem!));
        var (_, wrong) = PathSchema.Resolve(path, root);
        if (wrong is PathProblem.UnknownKey u)
            return Invalid<string>(ErrorCatalog.UnknownKey(site, u.Key, u.Allowed) with
            {
                Message = $"unknown key `{u.Key}`{(u.At == 0 ? "" : $" at {path.Format(u.At)}")} in the grid path `{key}`",
            });
        if (wrong is PathProblem.NotContainer n)
            return Invalid<string>(ErrorCatalog.NotAContainer(site, path.Format(n.At), n.Holds, path.Segments[n.At] is PathSegment.Index));
        if (path.Segments[0] is PathSegment.Key { Name: "sweep" })
            return Invalid<string>(ErrorCatalog.GridPathNotAllowed(site, key, "a sweep cannot vary itself"));
        if (path.Text == "seed" && hasSeeds)
            return Invalid<string>(ErrorCatalog.GridPathNotAllowed(site, key, "`seeds` already varies the seed; vary it there"));
        return Valid(path.Text);
    }

    /// <summary>sweep.seeds: at least one seed, and the last one still a seed (at most 2^64 − 1).</summary>
    private static Validation<ExperimentError, SeedRange> Seeds(SeedsDto dto, Locator at)
    {
        if (dto.Count is not { } count) return Invalid<SeedRange>(MissingError("sweep.seeds.count", "how many seeds to run, e.g. 100", at));
        if (count < 1) return Invalid<SeedRange>(ErrorCatalog.SeedsCountNotPositive(at.At("sweep.seeds.count"), count));
        var from = dto.From ?? 0;
        if ((BigInteger)from + count - 1 > ulong.MaxValue) return Invalid<SeedRange>(ErrorCatalog.SeedsOutOfRange(at.At("sweep.seeds")));
        return Valid(new SeedRange(from, count));
    }
}
