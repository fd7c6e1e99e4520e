using System.Collections.Immutable;
using System.Numerics;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

// The sweep section: each grid path must name a field the schema has, each axis must list distinct values, the seeds
// must be a real range. Whether each variant is itself a valid experiment is checked afterwards (SweepVariants.Check),
// once the base experiment is known to be valid.
internal sealed partial class ExperimentRules
{
    /// <summary>The sweep section of a file whose root DTO is <paramref name="root"/> (its keys are what grid paths may name).</summary>
    private SweepPlan? Sweep(SweepDto dto, Type root)
    {
        var ok = true;
        var axes = ImmutableArray.CreateBuilder<GridAxis>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in dto.Grid ?? [])
        {
            var site = at.At(JsonShape.Child("sweep.grid", key));
            if (GridPath(key, site, dto.Seeds is not null, root) is not { } canonical) { ok = false; continue; }
            if (seen.TryGetValue(canonical, out var first))
            {
                ok = Fails(ErrorCatalog.GridPathNotAllowed(site, key, $"the grid already varies it as `{first}`"));
                continue;
            }
            seen[canonical] = key;
            if (values.Count == 0) { ok = Fails(ErrorCatalog.GridNoValues(site, key)); continue; }
            var written = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < values.Count; i++)
            {
                var text = CanonicalJson.Write(values[i]).TrimEnd('\n');
                if (!written.Add(text))
                    ok = Fails(ErrorCatalog.GridDuplicateValue(at.At(JsonShape.Index(JsonShape.Child("sweep.grid", key), i)), key, text.Length > 40 ? text[..37] + "…" : text));
            }
            axes.Add(new GridAxis(key, values.Select(v => v.DeepClone()).ToImmutableArray()));
        }
        var seeds = dto.Seeds is null ? null : Seeds(dto.Seeds);
        if (dto.Seeds is not null && seeds is null) ok = false;
        if (ok && axes.Count == 0 && seeds is null) ok = Fails(ErrorCatalog.SweepVariesNothing(at.At("sweep")));
        if (!ok) return null;
        var count = axes.Aggregate(BigInteger.One, (n, a) => n * a.Values.Length) * (seeds?.Count ?? 1);
        if (count > SweepPlan.MaxVariants) return RejectRef<SweepPlan>(ErrorCatalog.SweepTooLarge(at.At("sweep"), count.ToString(), SweepPlan.MaxVariants));
        return new SweepPlan(axes.ToImmutable(), seeds);
    }

    /// <summary>The canonical form of a grid path that names a field the sweep may vary, else null (and an error).</summary>
    private string? GridPath(string key, Site site, bool hasSeeds, Type root)
    {
        var (path, problem) = ExperimentPath.Parse(key);
        if (path is null) return RejectRef<string>(ErrorCatalog.BadPath(site, key, problem!));
        var (_, wrong) = PathSchema.Resolve(path, root);
        if (wrong is PathProblem.UnknownKey u)
            return RejectRef<string>(ErrorCatalog.UnknownKey(site, u.Key, u.Allowed) with
            {
                Message = $"unknown key `{u.Key}`{(u.At == 0 ? "" : $" at {path.Format(u.At)}")} in the grid path `{key}`",
            });
        if (wrong is PathProblem.NotContainer n)
            return RejectRef<string>(ErrorCatalog.NotAContainer(site, path.Format(n.At), n.Holds, path.Segments[n.At] is PathSegment.Index));
        if (path.Segments[0] is PathSegment.Key { Name: "sweep" })
            return RejectRef<string>(ErrorCatalog.GridPathNotAllowed(site, key, "a sweep cannot vary itself"));
        if (path.Text == "seed" && hasSeeds)
            return RejectRef<string>(ErrorCatalog.GridPathNotAllowed(site, key, "`seeds` already varies the seed; vary it there"));
        return path.Text;
    }

    private SeedRange? Seeds(SeedsDto dto)
    {
        if (dto.Count is not { } count) return RejectRef<SeedRange>(MissingError("sweep.seeds.count", "how many seeds to run, e.g. 100"));
        if (count < 1) return RejectRef<SeedRange>(ErrorCatalog.SeedsCountNotPositive(at.At("sweep.seeds.count"), count));
        var from = dto.From ?? 0;
        if ((BigInteger)from + count - 1 > ulong.MaxValue) return RejectRef<SeedRange>(ErrorCatalog.SeedsOutOfRange(at.At("sweep.seeds")));
        return new SeedRange(from, count);
    }
}
