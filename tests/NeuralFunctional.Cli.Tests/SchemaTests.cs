using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The committed JSON Schema is the generated one, every shipped experiment follows it, and it rejects what
/// the parser rejects for shape (misspelt keys, unknown names).</summary>
public class SchemaTests
{
    private static readonly string CommittedPath = Path.Combine(Repo.Root, ExperimentSchema.RepositoryPath);

    private static readonly Lazy<JsonSchema> Committed = new(() => JsonSchema.FromJsonAsync(File.ReadAllText(CommittedPath)).GetAwaiter().GetResult());

    public static TheoryData<string> Names => new(Repo.ExperimentNames());

    [Fact]
    public void Schema_CommittedFile_EqualsGenerated()
    {
        var generated = ExperimentSchema.Generate();
        var committed = File.Exists(CommittedPath) ? File.ReadAllText(CommittedPath) : "";
        Assert.True(committed == generated,
            $"{ExperimentSchema.RepositoryPath} differs from the schema generated from the DTOs. Regenerate it with\n" +
            $"  {ExperimentSchema.RegenerateCommand}\nand commit the result.");
    }

    [Fact]
    public void Schema_Generated_IsCanonicalJsonWithLfAndFinalNewline()
    {
        var generated = ExperimentSchema.Generate();
        Assert.DoesNotContain("\r", generated);
        Assert.EndsWith("}\n", generated);
        Assert.Equal(generated, CanonicalJson.Write(JObject.Parse(generated)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Schema_ShippedExperiment_Validates(string name)
    {
        var errors = Committed.Value.Validate(File.ReadAllText(Repo.Experiment(name)));
        Assert.True(errors.Count == 0, $"{name}.json does not follow the schema:\n" + string.Join("\n", errors.Select(Describe)));
    }

    [Theory]
    [InlineData("training.epochs", "epoch")]
    [InlineData("network.layers[0].units", "unit")]
    [InlineData("data.train[0].x", "X")]
    [InlineData("name", "nmae")]
    public void Schema_MisspeltKey_FailsValidation(string path, string misspelt)
    {
        var json = Hiring();
        var property = (JProperty)json.SelectToken(path)!.Parent!;
        property.Replace(new JProperty(misspelt, property.Value));
        Assert.NotEmpty(Committed.Value.Validate(json.ToString()));
        Assert.True(ExperimentParser.Parse("x.json", json.ToString()).IsFail, "the parser rejects it too");
    }

    [Theory]
    [InlineData("network.layers[0].activation", "\"sigmod\"")]
    [InlineData("network.layers[0].activation", "{ \"kind\": \"sigmod\" }")]
    [InlineData("network.layers[0].activation", "{ \"kind\": \"step\", \"treshold\": 1 }")]
    [InlineData("training.loss", "\"mae\"")]
    [InlineData("training.optimizer.kind", "\"sdg\"")]
    [InlineData("data.transform[0].kind", "\"normalize\"")]
    [InlineData("training.epochs", "\"many\"")]
    public void Schema_UnknownNameOrWrongType_FailsValidation(string path, string value)
    {
        var json = Hiring();
        json.SelectToken(path)!.Replace(JToken.Parse(value));
        Assert.NotEmpty(Committed.Value.Validate(json.ToString()));
        Assert.True(ExperimentParser.Parse("x.json", json.ToString()).IsFail, "the parser rejects it too");
    }

    [Fact]
    public void Schema_ActivationAsObjectWithParameter_Validates()
    {
        var json = Hiring();
        json.SelectToken("network.layers[0].activation")!.Replace(JToken.Parse("{ \"kind\": \"leakyRelu\", \"alpha\": 0.1 }"));
        Assert.Empty(Committed.Value.Validate(json.ToString()));
    }

    [Fact]
    public void Schema_NetworkAndCurvesTogether_FailsValidation()
    {
        var json = Hiring();
        json["curves"] = new JObject { ["points"] = 3 };
        Assert.NotEmpty(Committed.Value.Validate(json.ToString()));
    }

    [Fact]
    public void Schema_NameLists_ComeFromTheParsersNames()
    {
        var schema = ExperimentSchema.Build();
        var definitions = schema["definitions"]!;
        Assert.Equal(Experiments.Names.Losses.Keys, definitions["Training"]!["properties"]!["loss"]!["enum"]!.Values<string>());
        Assert.Equal(Experiments.Names.Optimizers, definitions["Optimizer"]!["properties"]!["kind"]!["enum"]!.Values<string>());
        Assert.Equal(Experiments.Names.Inits, definitions["Init"]!["properties"]!["kind"]!["enum"]!.Values<string>());
        Assert.Equal(Experiments.Names.Transforms.Keys, definitions["Transform"]!["properties"]!["kind"]!["enum"]!.Values<string>());
        Assert.Equal(Experiments.Names.Activations.Keys, definitions["Activation"]!["oneOf"]![0]!["enum"]!.Values<string>());
    }

    [Fact]
    public void Schema_Descriptions_ComeFromTheDtosXmlDocs()
    {
        var layer = ExperimentSchema.Build()["definitions"]!["Layer"]!;
        Assert.Equal("Number of neurons, at least 1. Required.", (string?)layer["properties"]!["units"]!["description"]);
    }

    [Fact]
    public void SchemaCommand_Out_WritesTheGeneratedBytes()
    {
        using var temp = new TempDir();
        var target = temp.File("sub/experiment.schema.json");
        var (exit, _, err) = Cli.Run("schema", "--out", target);
        Assert.True(exit == 0, err);
        Assert.Equal(ExperimentSchema.Generate(), File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public void SchemaCommand_NoOut_PrintsTheSchema()
    {
        var (exit, stdout, _) = Cli.Run("schema");
        Assert.Equal(0, exit);
        Assert.Equal(ExperimentSchema.Generate(), stdout);
    }

    private static JObject Hiring() => JObject.Parse(File.ReadAllText(Repo.Experiment("hiring")));

    private static string Describe(NJsonSchema.Validation.ValidationError e) => $"  {e.Path} (line {e.LineNumber}): {e.Kind}";
}
