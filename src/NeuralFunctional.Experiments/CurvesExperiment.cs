using System.ComponentModel.DataAnnotations;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>An experiment that draws activation functions instead of running a network: each activation's value and
/// derivative on a grid of weighted sums z (the lecture's table of activation functions).</summary>
public sealed record CurvesExperiment(string Name, string Description, ImmutableArray<Activation> Activations, double From, double To, int Points)
{
    /// <summary>Key whose presence at the root marks a curves experiment.</summary>
    public const string Key = "curves";

    /// <summary>True when the file's root object has a <c>curves</c> section.</summary>
    public static bool IsCurves(JToken tree) => tree is JObject obj && obj.ContainsKey(Key);
}

/// <summary>A curves experiment file.</summary>
public sealed class CurvesExperimentDto
{
    /// <summary>Path of the JSON Schema the file follows, for editors. Ignored.</summary>
    [JsonProperty("$schema")] public string? Schema { get; set; }

    /// <summary>The experiment's name: letters, digits, <c>-</c>, <c>_</c> and <c>.</c> only. Required.</summary>
    [Required, JsonProperty("name")] public string? Name { get; set; }

    /// <summary>What the experiment shows, in a sentence. Default "".</summary>
    [JsonProperty("description")] public string? Description { get; set; }

    /// <summary>The activations and the grid to draw them on. Required.</summary>
    [Required, JsonProperty("curves")] public CurvesDto? Curves { get; set; }
}

/// <summary>The curves section.</summary>
public sealed class CurvesDto
{
    /// <summary>The activations to draw (names or objects with parameters). Default: every activation.</summary>
    [JsonProperty("activations")] public List<ActivationDto>? Activations { get; set; }

    /// <summary>First z of the grid. Default −5.</summary>
    [JsonProperty("from")] public double? From { get; set; }

    /// <summary>Last z of the grid. Default 5.</summary>
    [JsonProperty("to")] public double? To { get; set; }

    /// <summary>Number of grid points, from and to included, at least 2. Default 41 (steps of 0.25 from −5 to 5).</summary>
    [JsonProperty("points")] public int? Points { get; set; }
}

/// <summary>Parses curves experiments and writes their documents.</summary>
public static class Curves
{
    public const string Format = "neuralfunctional/curves@1";

    /// <summary>JSON tree → validated curves experiment, every problem at once (as <see cref="ExperimentParser.FromTree"/>).</summary>
    public static LanguageExt.Validation<ExperimentError, CurvesExperiment> FromTree(string file, JToken tree)
    {
        var shape = new JsonShape(file);
        var clean = shape.Check(tree, typeof(CurvesExperimentDto), "");
        if (clean is null || shape.Errors.Count > 0)
            return LanguageExt.Prelude.Fail<ExperimentError, CurvesExperiment>(LanguageExt.Prelude.toSeq(shape.Errors));
        var dto = clean.ToObject<CurvesExperimentDto>(JsonShape.Serializer())!;
        return ExperimentRules.ToCurves(dto, shape.Locator);
    }

    /// <summary>The resolved experiment, every default filled in.</summary>
    public static JObject ToJson(CurvesExperiment e) => new()
    {
        ["name"] = e.Name,
        ["description"] = e.Description,
        [CurvesExperiment.Key] = new JObject
        {
            ["activations"] = new JArray(e.Activations.Select(ExperimentJson.Activation)),
            ["from"] = e.From,
            ["to"] = e.To,
            ["points"] = e.Points,
        },
    };

    /// <summary>The output document: the resolved experiment and, per activation, z, a = f(z) and f'(z).</summary>
    public static JObject Build(CurvesExperiment e) => new()
    {
        ["format"] = Format,
        ["experiment"] = ToJson(e),
        ["curves"] = new JArray(e.Activations.Select(f => ActivationCurve.Evaluate(f, e.From, e.To, e.Points)).Select(c => new JObject
        {
            ["activation"] = ExperimentJson.Activation(c.Activation),
            ["z"] = new JArray(c.Z.Select(v => new JValue(v))),
            ["a"] = new JArray(c.A.Select(v => new JValue(v))),
            ["derivative"] = new JArray(c.Derivative.Select(v => new JValue(v))),
        })),
    };
}
