using System.Diagnostics.Contracts;
using System.Security.Cryptography;
using System.Text;
using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>A variant of a sweep of any kind, as <see cref="SweepRunner"/> runs it: its output document's file name
/// (the hash of its resolved experiment), its run to an output document, and its row in the summary.</summary>
public interface ISweepVariant
{
    /// <summary>The variant's output file name: <see cref="SweepVariants.Hash(Experiment)"/> and <c>.json</c>.</summary>
    string FileName { get; }

    /// <summary>Runs the variant to its output document (text and outline).</summary>
    WrittenDocument Run();

    /// <summary>Its summary row, from its output file name and its document's outline.</summary>
    JObject Row(string output, JObject outline);
}

/// <summary>One variant of a sweep: its place in the sweep's order, what it sets (grid paths and values in grid
/// order, then <c>seed</c> when the sweep has seeds), and the experiment it is (without a sweep).</summary>
public sealed record Variant(int Index, JObject Settings, Experiment Experiment) : ISweepVariant
{
    public string FileName => SweepVariants.Hash(Experiment) + ".json";

    public WrittenDocument Run() => Documents.Render(Runner.Run(Experiment));

    public JObject Row(string output, JObject outline) => SweepSummary.Row(this, output, outline);
}

/// <summary>One variant of a reinforcement-learning sweep, as <see cref="Variant"/>.</summary>
public sealed record ReinforcementVariant(int Index, JObject Settings, ReinforcementExperiment Experiment) : ISweepVariant
{
    public string FileName => SweepVariants.Hash(Experiment) + ".json";

    public WrittenDocument Run() => Documents.Render(ReinforcementRunner.Run(Experiment));

    public JObject Row(string output, JObject outline) => SweepSummary.Row(this, output, outline);
}

/// <summary>A sweep's variants. Order: the grid's points with the first axis varying slowest and the last fastest
/// (nested loops in file order), and within each point the seeds from first to last. Each grid point is the base
/// experiment's resolved JSON with the point's values set as <c>--set</c> would, validated like a file. Network and
/// reinforcement-learning experiments are swept alike (<see cref="Kind{T}"/> says how to write, read and reseed each).</summary>
public static class SweepVariants
{
    /// <summary>What the sweep needs of a kind of experiment: its sweep, its resolved JSON without the sweep, the DTO
    /// type of its files' root (what grid paths may name), how to validate a tree of it, and how to change its seed.</summary>
    private sealed record Kind<T>(Func<T, SweepPlan?> Plan, Func<T, string> Name, Func<T, JObject> WithoutSweep, Type Root,
        Func<string, JToken, Validation<ExperimentError, T>> Parse, Func<T, ulong, T> WithSeed);

    private static readonly Kind<Experiment> Network = new(e => e.Sweep, e => e.Name, e => ExperimentJson.ToJson(e with { Sweep = null }),
        typeof(ExperimentDto), ExperimentParser.FromTree, (e, seed) => e with { Seed = seed });

    private static readonly Kind<ReinforcementExperiment> Reinforcement = new(e => e.Sweep, e => e.Name,
        e => ReinforcementJson.ToJson(e with { Sweep = null }), typeof(ReinforcementExperimentDto), ReinforcementJson.FromTree,
        (e, seed) => e with { Seed = seed });

    /// <summary>Every variant, in order.</summary>
    [Pure]
    public static Validation<ExperimentError, ImmutableArray<Variant>> Expand(Experiment e) =>
        Expand(e, 0, e.Sweep?.Count ?? 1);

    /// <summary>The variants with index in [<paramref name="from"/>, <paramref name="to"/>), in order.</summary>
    [Pure]
    public static Validation<ExperimentError, ImmutableArray<Variant>> Expand(Experiment e, int from, int to) =>
        Expand(Network, e, from, to, (index, settings, variant) => new Variant(index, settings, variant));

    /// <summary>The variants of a reinforcement-learning sweep with index in [<paramref name="from"/>, <paramref name="to"/>), in order.</summary>
    [Pure]
    public static Validation<ExperimentError, ImmutableArray<ReinforcementVariant>> Expand(ReinforcementExperiment e, int from, int to) =>
        Expand(Reinforcement, e, from, to, (index, settings, variant) => new ReinforcementVariant(index, settings, variant));

    private static Validation<ExperimentError, ImmutableArray<TVariant>> Expand<T, TVariant>(Kind<T> kind, T e, int from, int to,
        Func<int, JObject, T, TVariant> make) where T : class
    {
        if (kind.Plan(e) is not { } plan)
            return Success<ExperimentError, ImmutableArray<TVariant>>([make(0, new JObject(), e)]);
        var seedCount = plan.Seeds?.Count ?? 1;
        var variants = ImmutableArray.CreateBuilder<TVariant>(Math.Max(0, to - from));
        var errors = new List<ExperimentError>();
        var point = -1;
        T? pointExperiment = null;
        for (var index = from; index < to; index++)
        {
            if (index / seedCount != point)
            {
                point = index / seedCount;
                var built = Point(kind, e, plan, point);
                pointExperiment = built.Match<T?>(Succ: x => x, Fail: _ => null);
                errors.AddRange(built.FailToSeq());
            }
            if (pointExperiment is null) continue;
            var settings = PointSettings(plan, point);
            var variant = pointExperiment;
            if (plan.Seeds is { } seeds)
            {
                var seed = seeds.From + (ulong)(index % seedCount);
                settings["seed"] = new JValue(seed);
                variant = kind.WithSeed(variant, seed);
            }
            variants.Add(make(index, settings, variant));
        }
        return errors.Count == 0
            ? Success<ExperimentError, ImmutableArray<TVariant>>(variants.ToImmutable())
            : Fail<ExperimentError, ImmutableArray<TVariant>>(toSeq(errors));
    }

    /// <summary>The problems of every grid point that is not a valid experiment, each located at the grid path it
    /// most likely comes from (<paramref name="at"/> gives a path's site in the file). Seeds cannot make a variant invalid.</summary>
    internal static IEnumerable<ExperimentError> Check(Experiment e, Func<string, Site> at) => Check(Network, e, at);

    /// <summary>The same for a reinforcement-learning sweep.</summary>
    internal static IEnumerable<ExperimentError> Check(ReinforcementExperiment e, Func<string, Site> at) => Check(Reinforcement, e, at);

    private static IEnumerable<ExperimentError> Check<T>(Kind<T> kind, T e, Func<string, Site> at)
    {
        if (kind.Plan(e) is not { } plan) return [];
        var errors = new List<ExperimentError>();
        for (var point = 0; point < plan.GridPoints; point++)
            Point(kind, e, plan, point).IfFail(problems =>
            {
                foreach (var problem in problems) errors.Add(Locate(problem, plan, point, at));
            });
        return errors.DistinctBy(error => error.ToString());
    }

    /// <summary>The first 12 hex digits of the SHA-256 of the variant's canonical resolved experiment;
    /// it names the variant's output document.</summary>
    public static string Hash(Experiment variant) => Hash(ExperimentJson.ToJson(variant));

    /// <summary>The same for a reinforcement-learning variant.</summary>
    public static string Hash(ReinforcementExperiment variant) => Hash(ReinforcementJson.ToJson(variant));

    private static string Hash(JObject resolved) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Write(resolved))))[..12];

    /// <summary>The <paramref name="k"/>-th (1-based) of <paramref name="n"/> contiguous slices of <paramref name="count"/>
    /// variants: [⌊(k−1)·count/n⌋, ⌊k·count/n⌋).</summary>
    public static (int From, int To) Slice(int count, int k, int n) =>
        ((int)((long)(k - 1) * count / n), (int)((long)k * count / n));

    /// <summary>The grid point's values by path, in grid order.</summary>
    public static JObject PointSettings(SweepPlan plan, int point)
    {
        var settings = new JObject();
        var indices = PointIndices(plan, point);
        for (var a = 0; a < plan.Grid.Length; a++) settings[plan.Grid[a].Path] = plan.Grid[a].Values[indices[a]].DeepClone();
        return settings;
    }

    private static int[] PointIndices(SweepPlan plan, int point)
    {
        var indices = new int[plan.Grid.Length];
        for (var a = plan.Grid.Length - 1; a >= 0; a--)
        {
            indices[a] = point % plan.Grid[a].Values.Length;
            point /= plan.Grid[a].Values.Length;
        }
        return indices;
    }

    /// <summary>The grid point as an experiment: base resolved JSON (without the sweep), the point's values set, validated.</summary>
    private static Validation<ExperimentError, T> Point<T>(Kind<T> kind, T e, SweepPlan plan, int point)
    {
        var tree = kind.WithoutSweep(e);
        var indices = PointIndices(plan, point);
        var errors = new List<ExperimentError>();
        for (var a = 0; a < plan.Grid.Length; a++)
        {
            var axis = plan.Grid[a];
            var path = ExperimentPath.Parse(axis.Path).Path!;
            var site = new Site(kind.Name(e), "", null, null);
            if (Overrides.Set(tree, path, axis.Values[indices[a]], p => site with { Path = p }, kind.Root) is { } error) errors.Add(error);
        }
        if (errors.Count > 0) return Fail<ExperimentError, T>(toSeq(errors));
        return kind.Parse(kind.Name(e), tree);
    }

    private static ExperimentError Locate(ExperimentError problem, SweepPlan plan, int point, Func<string, Site> at)
    {
        var indices = PointIndices(plan, point);
        for (var a = plan.Grid.Length - 1; a >= 0; a--)
        {
            var path = ExperimentPath.Parse(plan.Grid[a].Path).Path!.Text;
            if (Related(problem.Path, path))
                return ErrorCatalog.BadVariant(at(JsonShape.Index(JsonShape.Child("sweep.grid", plan.Grid[a].Path), indices[a])),
                    $"{plan.Grid[a].Path} = {Short(plan.Grid[a].Values[indices[a]])}", problem);
        }
        var all = string.Join(", ", plan.Grid.Select((axis, a) => $"{axis.Path} = {Short(axis.Values[indices[a]])}"));
        return ErrorCatalog.BadVariant(at("sweep.grid"), all, problem);
    }

    /// <summary>One path is the other or lies under it.</summary>
    private static bool Related(string a, string b) => a.Length > 0 && (Under(a, b) || Under(b, a));

    private static bool Under(string path, string ancestor) =>
        path == ancestor || path.StartsWith(ancestor + ".", StringComparison.Ordinal) || path.StartsWith(ancestor + "[", StringComparison.Ordinal);

    private static string Short(JToken value)
    {
        var text = CanonicalJson.Write(value).TrimEnd('\n').ReplaceLineEndings(" ");
        return text.Length > 40 ? text[..37] + "…" : text;
    }
}
