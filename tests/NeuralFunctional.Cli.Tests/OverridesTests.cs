using NeuralFunctional.Core;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary><c>--set path=value</c>: every kind of value, nested paths and indices, creating a missing object, and
/// each kind of mistake reported as the override's (exit 2, nothing written, through the command line).</summary>
public class OverridesTests
{
    private static readonly string Hiring = ExperimentTexts.Hiring;

    private static Experiment OkText(string text, params string[] overrides) =>
        Overrides.Parse("t.json", text, overrides).Match(
            Succ: e => e,
            Fail: errors => throw new Xunit.Sdk.XunitException("expected success, got:\n" + string.Join("\n", errors)));

    private static Experiment Ok(params string[] overrides) => OkText(Hiring, overrides);

    private static List<ExperimentError> Errors(params string[] overrides) =>
        Overrides.Parse("t.json", Hiring, overrides).Match(
            Succ: _ => throw new Xunit.Sdk.XunitException("expected errors, the overrides were accepted"),
            Fail: errors => errors.ToList());

    private static ExperimentError Single(params string[] overrides)
    {
        var errors = Errors(overrides);
        Assert.True(errors.Count == 1, string.Join("\n", errors));
        return errors[0];
    }

    [Fact]
    public void Set_Integer_ChangesTheField() => Assert.Equal(200, Ok("training.epochs=200").Training!.Epochs);

    [Fact]
    public void Set_Double_ChangesTheNestedField() =>
        Assert.Equal(new Optimizer.Sgd(0.5), Ok("training.optimizer.learningRate=0.5").Training!.Optimizer);

    [Fact]
    public void Set_Boolean_ChangesTheField() => Assert.True(Ok("training.shuffle=true").Training!.Shuffle);

    [Fact]
    public void Set_EmptyArray_ReplacesTheArray() =>
        Assert.Empty(OkText(ExperimentTexts.With(Hiring, "\"test\": [", "\"transform\": [{ \"kind\": \"center\" }], \"test\": ["), "data.transform=[]").Data.Transforms);

    [Fact]
    public void Set_Object_ReplacesTheObject() =>
        Assert.IsType<Initializer.Zeros>(Ok("network.init={\"kind\": \"zeros\"}").Network.Init);

    [Fact]
    public void Set_Null_MeansAbsentSoTheDefaultApplies() => Assert.Equal(1, Ok("training.record.every=5", "training.record=null").Training!.RecordEvery);

    [Fact]
    public void Set_PlainWord_IsAString() =>
        Assert.Equal(ActivationKind.Tanh, Ok("network.layers[0].activation=tanh").Network.Layers[0].Activation.Kind);

    [Fact]
    public void Set_QuotedString_IsTheStringInside()
    {
        Assert.Equal("two words", Ok("description=\"two words\"").Description);
        Assert.Equal("two words", Ok("description=two words").Description);
        Assert.Equal("", Ok("description=").Description);
    }

    [Fact]
    public void Set_ArrayIndex_ChangesOnlyThatElement()
    {
        var e = Ok("network.layers[1].units=1", "network.layers[0].units=4");
        Assert.Equal([4, 1], e.Network.Layers.Select(l => l.Units));
    }

    [Fact]
    public void Set_SamePathTwice_LastWins() => Assert.Equal(3, Ok("training.epochs=2", "training.epochs=3").Training!.Epochs);

    [Fact]
    public void Set_MissingIntermediateObject_IsCreated()
    {
        var text = ExperimentTexts.With(Hiring, ",\n    \"record\": { \"every\": 1 }", "");
        Assert.Equal(1, OkText(text).Training!.RecordEvery);
        Assert.Equal(5, OkText(text, "training.record.every=5").Training!.RecordEvery);
    }

    [Fact]
    public void Set_KeyUnderActivationName_TurnsTheNameIntoAnObject()
    {
        var activation = Ok("network.layers[0].activation=leakyRelu", "network.layers[0].activation.alpha=0.2").Network.Layers[0].Activation;
        Assert.Equal((ActivationKind.LeakyRelu, 0.2), (activation.Kind, activation.Alpha));
    }

    [Fact]
    public void Set_UnknownKey_SuggestsTheKnownOneAndNamesTheOverride()
    {
        var error = Single("training.epocs=200");
        Assert.Equal(("NF1004", "--set training.epocs=200", "training.epocs", null), (error.Code, error.File, error.Path, error.Line));
        Assert.Contains("did you mean `epochs`?", error.Hint);
        Assert.StartsWith("--set training.epocs=200: error NF1004 at training.epocs: unknown key `epocs`", error.ToString());
    }

    [Fact]
    public void Set_UnknownTopLevelKey_ListsTheAllowedKeys()
    {
        var error = Single("epochs=200");
        Assert.Equal("NF1004", error.Code);
        Assert.Contains("`training`", error.Hint);
    }

    [Fact]
    public void Set_WrongType_GetsTheNormalMessageNamingTheOverride()
    {
        var error = Single("training.epochs=abc");
        Assert.Equal(("NF1005", "--set training.epochs=abc", "training.epochs", null), (error.Code, error.File, error.Path, error.Line));
        Assert.Equal("expected an integer, got the string \"abc\"", error.Message);
    }

    [Fact]
    public void Set_ValueBreakingARule_NamesTheOverride()
    {
        var error = Single("training.optimizer.learningRate=-1");
        Assert.Equal(("NF1301", "--set training.optimizer.learningRate=-1"), (error.Code, error.File));
    }

    [Fact]
    public void Set_IndexOutOfRange_SaysHowManyElementsThereAre()
    {
        var error = Single("network.layers[2].units=3");
        Assert.Equal(("NF1504", "network.layers[2]"), (error.Code, error.Path));
        Assert.Contains("has 2 elements", error.Message);
    }

    [Fact]
    public void Set_IndexIntoAbsentArray_IsOutOfRange() => Assert.Equal("NF1504", Single("data.transform[0].kind=center").Code);

    [Fact]
    public void Set_KeyUnderAPlainValue_SaysItHasNoKeys()
    {
        var error = Single("training.epochs.value=3");
        Assert.Equal("NF1503", error.Code);
        Assert.Contains("`training.epochs` is a number", error.Message);
    }

    [Theory]
    [InlineData("training.epochs")]
    [InlineData("=3")]
    [InlineData("network.layers[x].units=3")]
    [InlineData("training..epochs=3")]
    public void Set_Malformed_IsRejected(string text) => Assert.Contains(Single(text).Code, new[] { "NF1501", "NF1502" });

    [Fact]
    public void Set_SeveralMistakes_ReportsAllAtOnceFileFirst()
    {
        var text = ExperimentTexts.With(Hiring, "\"epochs\": 10", "\"epochs\": 0");
        var errors = Overrides.Parse("t.json", text, ["training.epocs=1", "network.inputs=[1]"]).FailToSeq().ToList();
        Assert.Equal(["t.json", "--set training.epocs=1", "--set network.inputs=[1]"], errors.Select(e => e.File));
    }

    [Fact]
    public void Apply_DoesNotChangeTheGivenTree()
    {
        var tree = JObject.Parse(Hiring);
        var before = tree.ToString();
        var changed = Overrides.Apply(tree, ["training.epochs=5", "training.record.every=2"]).SuccessToSeq().Head();
        Assert.Equal(before, tree.ToString());
        Assert.Equal(5, (int)changed["training"]!["epochs"]!);
    }

    [Fact]
    public void Run_WithOverrides_OutputShowsTheFinalValues()
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("hiring"), "--out", temp.File("o.json"),
            "--set", "training.epochs=20", "--set", "network.layers[0].activation=tanh");
        Assert.True(exit == 0, err);
        var experiment = JObject.Parse(File.ReadAllText(temp.File("o.json")))["experiment"]!;
        Assert.Equal(20, (int)experiment["training"]!["epochs"]!);
        Assert.Equal("tanh", (string?)experiment["network"]!["layers"]![0]!["activation"]);
    }

    [Fact]
    public void Run_BadOverride_Exits2AndWritesNothing()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.File("o.json"), "precious");
        var (exit, _, err) = Cli.Run("run", Repo.Experiment("hiring"), "--out", temp.File("o.json"), "--set", "training.epocs=200");
        Assert.Equal(2, exit);
        Assert.Contains("--set training.epocs=200: error NF1004", err);
        Assert.Contains("did you mean `epochs`?", err);
        Assert.Contains("nothing was written", err);
        Assert.Equal("precious", File.ReadAllText(temp.File("o.json")));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Run_CurvesExperimentWithOverride_UsesTheCurvesKeys()
    {
        var (exit, stdout, err) = Cli.Run("run", Repo.Experiment("activations"), "--out", "-", "--set", "curves.points=3");
        Assert.True(exit == 0, err);
        Assert.Equal(3, (int)JObject.Parse(stdout)["experiment"]!["curves"]!["points"]!);
        var (bad, _, badErr) = Cli.Run("run", Repo.Experiment("activations"), "--out", "-", "--set", "curves.pionts=3");
        Assert.Equal(2, bad);
        Assert.Contains("did you mean `points`?", badErr);
    }
}
