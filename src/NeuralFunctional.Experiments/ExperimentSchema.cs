using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.NewtonsoftJson.Generation;

namespace NeuralFunctional.Experiments;

/// <summary>The JSON Schema of experiment files (<c>schema/experiment.schema.json</c>), generated from the DTO classes
/// with NJsonSchema: keys, JSON types and descriptions (the DTOs' XML docs) come from the DTOs, the names of
/// activations, losses, initializers, transforms and optimizers from <see cref="Names"/>. A file is either a network
/// experiment (<see cref="ExperimentDto"/>), a curves experiment (<see cref="CurvesExperimentDto"/>) or a
/// reinforcement-learning experiment (<see cref="ReinforcementExperimentDto"/>): the root is <c>oneOf</c> the three, told
/// apart by their keys (<c>curves</c> or <c>environment</c> are required by their kinds and unknown to the others). Objects reject unknown
/// keys (<c>additionalProperties: false</c>), as the parser does. The schema is stricter than the parser in one way:
/// it does not offer <c>null</c> (which the parser reads as "absent").</summary>
public static partial class ExperimentSchema
{
    /// <summary>Where the schema lives in the repository, relative to its root.</summary>
    public const string RepositoryPath = "schema/experiment.schema.json";

    /// <summary>The command that rewrites the committed schema after a DTO changed.</summary>
    public const string RegenerateCommand = "dotnet run --project src/NeuralFunctional.Cli -- schema --out " + RepositoryPath;

    /// <summary>The DTO properties whose values are names from a fixed list (the one list lives in <see cref="Names"/>).</summary>
    private static readonly (Type Dto, string Property, Func<IEnumerable<string>> Names)[] NameLists =
    [
        (typeof(ActivationDto), nameof(ActivationDto.Kind), () => Names.Activations.Keys),
        (typeof(InitDto), nameof(InitDto.Kind), () => Names.Inits),
        (typeof(TransformDto), nameof(TransformDto.Kind), () => Names.Transforms.Keys),
        (typeof(TrainingDto), nameof(TrainingDto.Loss), () => Names.Losses.Keys),
        (typeof(OptimizerDto), nameof(OptimizerDto.Kind), () => Names.Optimizers),
        (typeof(TrainingDto), nameof(TrainingDto.Objective), () => ["predict", "reconstruct"]),
        (typeof(EnvironmentDto), nameof(EnvironmentDto.Kind), () => Names.Environments),
        (typeof(ReinforcementTrainingDto), nameof(ReinforcementTrainingDto.Kind), () => ["reinforce"]),
        (typeof(ReinforcementTrainingDto), nameof(ReinforcementTrainingDto.Baseline), () => ["none", "mean"]),
    ];

    private static readonly DefaultContractResolver Resolver = new();

    /// <summary>The schema as canonical JSON text (two-space indent, LF, final newline): the exact bytes of
    /// <see cref="RepositoryPath"/>.</summary>
    public static string Generate() => CanonicalJson.Write(Build());

    /// <summary>The schema as a JSON tree.</summary>
    public static JObject Build()
    {
        var experiment = FromType(typeof(ExperimentDto));
        var curves = FromType(typeof(CurvesExperimentDto));
        var reinforcement = FromType(typeof(ReinforcementExperimentDto));
        var definitions = new JObject();
        Define(definitions, NameOf(typeof(ExperimentDto)), Body(experiment));
        Define(definitions, NameOf(typeof(CurvesExperimentDto)), Body(curves));
        Define(definitions, NameOf(typeof(ReinforcementExperimentDto)), Body(reinforcement));
        foreach (var source in new[] { experiment, curves, reinforcement })
            foreach (var property in ((JObject?)source["definitions"])?.Properties() ?? [])
                Define(definitions, property.Name, (JObject)property.Value);
        foreach (var property in definitions.Properties()) Clean(property.Value);
        foreach (var (dto, member, names) in NameLists)
            ((JObject)definitions[NameOf(dto)]!["properties"]![JsonKey(dto, member)]!)["enum"] = new JArray(names());
        definitions[NameOf(typeof(ActivationDto))] = NameOrObject((JObject)definitions[NameOf(typeof(ActivationDto))]!);
        definitions[NameOf(typeof(ValuesDto))] = VectorOrSequence();
        return new JObject
        {
            ["$schema"] = "http://json-schema.org/draft-04/schema#",
            ["title"] = "NeuralFunctional experiment",
            ["description"] = "An experiment file for nf (NeuralFunctional): a network experiment (data, network, training) or a " +
                              $"curves experiment (a root \"{CurvesExperiment.Key}\" section) or a reinforcement-learning experiment (a root " +
                              $"\"{ReinforcementExperiment.Key}\" section). Generated from the experiment DTOs: " +
                              $"regenerate with `{RegenerateCommand}`.",
            ["oneOf"] = new JArray(Ref(NameOf(typeof(ExperimentDto))), Ref(NameOf(typeof(CurvesExperimentDto))),
                Ref(NameOf(typeof(ReinforcementExperimentDto)))),
            ["definitions"] = definitions,
        };
    }

    /// <summary>One root type as NJsonSchema generates it (descriptions read from the XML documentation file that the
    /// build puts beside the assembly).</summary>
    private static JObject FromType(Type type)
    {
        var settings = new NewtonsoftJsonSchemaGeneratorSettings
        {
            SchemaType = SchemaType.JsonSchema,
            SchemaNameGenerator = new WithoutDtoSuffix(),
            AlwaysAllowAdditionalObjectProperties = false,
        };
        var schema = JsonSchema.FromType(type, settings);
        var json = JObject.Parse(schema.ToJson());
        if (string.IsNullOrWhiteSpace((string?)json["description"]))
            throw new InvalidOperationException(
                $"No description for {type.Name}: the XML documentation file (NeuralFunctional.Experiments.xml) must lie beside the assembly.");
        return json;
    }

    /// <summary>A root schema's own part (without <c>$schema</c>, <c>title</c> and <c>definitions</c>).</summary>
    private static JObject Body(JObject root)
    {
        var body = (JObject)root.DeepClone();
        body.Remove("$schema");
        body.Remove("title");
        body.Remove("definitions");
        return body;
    }

    private static void Define(JObject definitions, string name, JObject schema)
    {
        if (definitions[name] is { } existing)
        {
            if (!JToken.DeepEquals(existing, schema))
                throw new InvalidOperationException($"Two different schemas are named {name}.");
            return;
        }
        definitions[name] = schema.DeepClone();
    }

    /// <summary>Drops the <c>null</c> alternatives NJsonSchema adds for nullable properties (a DTO property is nullable
    /// only to mean "absent"), puts each <c>$ref</c> with a description into <c>allOf</c>, and folds the XML docs'
    /// line breaks and indentation into single spaces.</summary>
    private static void Clean(JToken token)
    {
        switch (token)
        {
            case JObject obj:
                if (obj["type"] is JArray types)
                {
                    var rest = types.Where(t => (string?)t != "null").ToList();
                    obj["type"] = rest.Count == 1 ? rest[0].DeepClone() : new JArray(rest);
                }
                if (obj["oneOf"] is JArray alternatives && alternatives.Any(IsNull))
                {
                    var rest = alternatives.Where(a => !IsNull(a)).ToList();
                    obj.Remove("oneOf");
                    obj["allOf"] = new JArray(rest);
                }
                if (obj["description"] is JValue { Type: JTokenType.String } description)
                    obj["description"] = Spaces().Replace((string)description!, " ").Trim();
                foreach (var property in obj.Properties().ToList()) Clean(property.Value);
                return;
            case JArray array:
                foreach (var item in array) Clean(item);
                return;
        }
    }

    private static bool IsNull(JToken schema) => schema is JObject { Count: 1 } o && (string?)o["type"] == "null";

    /// <summary>An activation is written as a bare name or as an object (see <see cref="ActivationDtoConverter"/>).</summary>
    private static JObject NameOrObject(JObject objectForm)
    {
        var description = objectForm["description"];
        objectForm.Remove("description");
        return new JObject
        {
            ["description"] = description,
            ["oneOf"] = new JArray(
                new JObject
                {
                    ["type"] = "string",
                    ["description"] = "The activation's name (its parameters take their defaults).",
                    ["enum"] = new JArray(Names.Activations.Keys),
                },
                objectForm),
        };
    }

    /// <summary>A row's x or y is one vector or, for an Elman network, a sequence of vectors (see <see cref="ValuesDtoConverter"/>).</summary>
    private static JObject VectorOrSequence()
    {
        JObject Vector(string description) => new() { ["type"] = "array", ["description"] = description, ["items"] = new JObject { ["type"] = "number" } };
        return new JObject
        {
            ["description"] = "A row's values: one vector ([1, 2]) or, for an elman network, a sequence of vectors, one per time step ([[1], [0], [1]]).",
            ["anyOf"] = new JArray(
                Vector("One vector."),
                new JObject
                {
                    ["type"] = "array",
                    ["description"] = "A sequence of vectors, one per time step.",
                    ["items"] = Vector("The vector of one time step."),
                }),
        };
    }

    private static JObject Ref(string name) => new() { ["$ref"] = "#/definitions/" + name };

    private static string NameOf(Type dto) => WithoutDtoSuffix.Strip(dto.Name);

    /// <summary>The file's key of a DTO property (its <c>[JsonProperty]</c> name).</summary>
    private static string JsonKey(Type dto, string member) =>
        ((JsonObjectContract)Resolver.ResolveContract(dto)).Properties.Single(p => p.UnderlyingName == member).PropertyName!;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>Definitions are named after the DTO without its <c>Dto</c> suffix: <c>Layer</c>, <c>Activation</c>…</summary>
    private sealed class WithoutDtoSuffix : DefaultSchemaNameGenerator
    {
        public override string Generate(Type type) => Strip(base.Generate(type));

        public static string Strip(string name) => name.EndsWith("Dto", StringComparison.Ordinal) ? name[..^3] : name;
    }
}
