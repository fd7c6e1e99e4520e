using CsCheck;
using LanguageExt;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

using static NeuralFunctional.Tests.ExperimentTexts;

namespace NeuralFunctional.Experiments.Tests;

public class ExperimentParserTests
{
    private static ExperimentError Single(string text)
    {
        var errors = Errors(text);
        Assert.True(errors.Count == 1, "expected one error, got:\n" + string.Join("\n", errors));
        return errors[0];
    }

    private static void AssertError(ExperimentError e, string code, string path, int line, string fragment)
    {
        Assert.Equal(code, e.Code);
        Assert.Equal(path, e.Path);
        Assert.Equal("t.json", e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(fragment, e.Message + " | " + e.Hint);
    }

    private static int Column(string text, int line, string fragment) => text.Split('\n')[line - 1].IndexOf(fragment, StringComparison.Ordinal) + 1;

    // ---------- success ----------

    [Fact]
    public void Parse_Hiring_ResolvesEveryValue()
    {
        var e = Ok(Hiring);
        Assert.Equal("hiring", e.Name);
        Assert.Equal(7UL, e.Seed);
        Assert.Equal(["experience", "projects"], e.Data.Features.AsEnumerable());
        Assert.Equal(["y1"], e.Data.Targets.AsEnumerable());
        Assert.Equal(["Michael", "Shash"], e.Data.FeatureRows().Train.Rows.Select(r => r.Id));
        Assert.Equal([32.0, 4.0], e.Data.FeatureRows().Train.Rows[1].X.AsEnumerable());
        Assert.Equal([1.0], e.Data.FeatureRows().Train.Rows[1].Y.AsEnumerable());
        Assert.False(e.Data.FeatureRows().Test.Rows[0].HasTarget);
        Assert.Equal(2, e.Network.Inputs);
        Assert.Equal([2, 1], e.Network.Layers.Select(l => l.Units));
        Assert.Equal(new TrainingPlan(LossKind.Mse, new Optimizer.Sgd(0.1), 10, 1, false, 1), e.Training);
    }

    [Fact]
    public void Parse_SpecExample_ReadsActivationObjectsWeightsAndInit()
    {
        var e = Ok(ExperimentJsonTests.SpecExample);
        var hidden = e.Network.Layers[0];
        Assert.Equal(Matrix.FromRows([[0.5, -0.25], [-0.75, 0.125]]), hidden.Weights);
        Assert.Equal([0.0, 0.25], hidden.Biases!.Value.AsEnumerable());
        Assert.Equal(Activation.Step(2), e.Network.Layers[1].Activation);
        Assert.Null(e.Network.Layers[1].Weights);
        Assert.Equal(new Initializer.Normal(0, 1), e.Network.Init);
        Assert.Equal([TransformKind.Center], e.Data.Transforms.AsEnumerable());
        Assert.Equal(10, e.Training!.RecordEvery);
    }

    [Fact]
    public void Parse_MinimalFile_FillsEveryDefault()
    {
        var e = Ok("""{ "name": "m", "data": { "train": [ { "x": [1, 2, 3], "y": [1, 0] } ], "test": [ { "x": [0, 0, 0] } ] },"""
                   + """ "network": { "inputs": 3, "layers": [ { "units": 2 } ] }, "training": {} }""");
        Assert.Equal("", e.Description);
        Assert.Equal(0UL, e.Seed);
        Assert.Equal(["x1", "x2", "x3"], e.Data.Features.AsEnumerable());
        Assert.Equal(["y1", "y2"], e.Data.Targets.AsEnumerable());
        Assert.Equal("train-1", e.Data.FeatureRows().Train.Rows[0].Id);
        Assert.Equal("test-1", e.Data.FeatureRows().Test.Rows[0].Id);
        Assert.Empty(e.Data.Transforms);
        Assert.Equal(Activation.Sigmoid, e.Network.Layers[0].Activation);
        Assert.Equal(new Initializer.Normal(0, 1), e.Network.Init);
        Assert.Null(e.Network.Layers[0].Init);
        Assert.Equal(new TrainingPlan(LossKind.Mse, new Optimizer.Sgd(0.1), 1000, 1, false, 1), e.Training);
    }

    [Theory]
    [InlineData("\"step\"", ActivationKind.Step, 0.0, 0.0)]
    [InlineData("{ \"kind\": \"step\", \"threshold\": 2 }", ActivationKind.Step, 2.0, 0.0)]
    [InlineData("\"leakyRelu\"", ActivationKind.LeakyRelu, 0.0, 0.01)]
    [InlineData("{ \"kind\": \"leakyRelu\", \"alpha\": 0.2 }", ActivationKind.LeakyRelu, 0.0, 0.2)]
    [InlineData("\"elu\"", ActivationKind.Elu, 0.0, 1.0)]
    [InlineData("{ \"kind\": \"softplus\" }", ActivationKind.Softplus, 0.0, 0.0)]
    public void Parse_Activation_AppliesParameterDefaults(string activation, ActivationKind kind, double threshold, double alpha)
    {
        var e = Ok(With(Hiring, "{ \"units\": 1, \"activation\": \"sigmoid\" }", $"{{ \"units\": 1, \"activation\": {activation} }}"));
        Assert.Equal(new Activation(kind, threshold, alpha), e.Network.Layers[1].Activation);
    }

    [Fact]
    public void Parse_InitKinds_WithBiasAndPerLayerInit()
    {
        var e = Ok(With(With(Hiring, "\"inputs\": 2,", "\"inputs\": 2, \"init\": { \"kind\": \"uniform\", \"low\": -0.5, \"high\": 0.5, \"bias\": 1 },"),
            "{ \"units\": 2, \"activation\": \"sigmoid\" }", "{ \"units\": 2, \"init\": { \"kind\": \"heNormal\" } }"));
        Assert.Equal(new Initializer.Uniform(-0.5, 0.5) { Bias = 1 }, e.Network.Init);
        Assert.Equal(new Initializer.HeNormal(), e.Network.Layers[0].Init);
    }

    [Fact]
    public void Parse_NoTrainingWithExplicitParameters_NeedsNoTrainRowsOrTargets()
    {
        var e = Ok("""
            { "name": "and-gate",
              "data": { "test": [ { "x": [0, 0] }, { "x": [1, 1] } ] },
              "network": { "inputs": 2, "layers": [ { "units": 1, "activation": { "kind": "step", "threshold": 1.5 }, "weights": [[1, 1]], "biases": [0] } ] } }
            """);
        Assert.True(e.EvaluateOnly);
        Assert.Empty(e.Data.FeatureRows().Train.Rows);
        Assert.Empty(e.Data.Targets);
    }

    [Fact]
    public void Parse_MinusZero_KeepsItsSign()
    {
        var e = Ok(With(Hiring, "\"x\": [14, 6]", "\"x\": [-0, 6]"));
        Assert.True(double.IsNegative(e.Data.FeatureRows().Test.Rows[0].X[0]));
    }

    [Fact]
    public void Parse_LargestSeed_IsRead()
    {
        Assert.Equal(ulong.MaxValue, Ok(With(Hiring, "\"seed\": 7", "\"seed\": 18446744073709551615")).Seed);
    }

    // ---------- the JSON itself ----------

    [Fact]
    public void Parse_NotJson_ReportsLineAndColumn()
    {
        var e = Single(With(Hiring, "\"epochs\": 10,", "\"epochs\" 10,"));
        Assert.Equal("NF1001", e.Code);
        Assert.Equal(23, e.Line);
        Assert.NotNull(e.Column);
    }

    [Fact]
    public void Parse_EmptyText_IsNotJson() => Assert.Equal("NF1001", Single("  \n").Code);

    [Fact]
    public void Parse_TrailingGarbage_ReportsWhereItIs()
    {
        var e = Single(Hiring + "\n}");
        Assert.Equal("NF1002", e.Code);
        Assert.Equal(28, e.Line);
    }

    [Fact]
    public void Parse_TrailingComment_IsAllowed() => Ok(Hiring + "\n// the end\n");

    [Fact]
    public void Parse_DuplicateKey_NamesTheKey()
    {
        var e = Single(With(Hiring, "\"epochs\": 10,", "\"epochs\": 10, \"epochs\": 20,"));
        AssertError(e, "NF1003", "training.epochs", 23, "`epochs` appears twice");
    }

    [Fact]
    public void Parse_MisspeltKey_SuggestsTheAllowedKey()
    {
        var text = With(Hiring, "\"learningRate\"", "\"learningrate\"");
        var e = Single(text);
        AssertError(e, "NF1004", "training.optimizer.learningrate", 22, "did you mean `learningRate`?");
        Assert.Equal(Column(text, 22, "\"learningrate\""), e.Column);
    }

    [Fact]
    public void Parse_UnknownKeyFarFromAny_ListsAllowedKeys()
    {
        var e = Single(With(Hiring, "\"seed\": 7,", "\"seed\": 7, \"colour\": \"red\","));
        AssertError(e, "NF1004", "colour", 4, "allowed here: `name`, `description`, `seed`, `data`, `network`, `training`");
    }

    [Fact]
    public void Parse_WrongJsonType_SaysWhatWasExpected()
    {
        var e = Single(With(Hiring, "\"epochs\": 10,", "\"epochs\": \"ten\","));
        AssertError(e, "NF1005", "training.epochs", 23, "expected an integer, got the string \"ten\"");
    }

    [Fact]
    public void Parse_WrongTypeInArray_PointsAtTheElement()
    {
        var text = With(Hiring, "\"x\": [32, 4]", "\"x\": [32, \"4\"]");
        var e = Single(text);
        AssertError(e, "NF1005", "data.train[1].x[1]", 9, "expected a number");
        Assert.Equal(Column(text, 9, "\"4\""), e.Column);
    }

    [Fact]
    public void Parse_FractionalInteger_IsWrongType() =>
        AssertError(Single(With(Hiring, "\"units\": 2,", "\"units\": 2.5,")), "NF1005", "network.layers[0].units", 16, "expected an integer");

    [Theory]
    [InlineData("NaN", "NF1006")]
    [InlineData("Infinity", "NF1006")]
    [InlineData("-Infinity", "NF1006")]
    [InlineData("1e400", "NF1007")]
    public void Parse_NonFiniteNumber_IsRejected(string token, string code)
    {
        var text = With(Hiring, "\"x\": [12, 6]", $"\"x\": [12, {token}]");
        var e = Single(text);
        AssertError(e, code, "data.train[0].x[1]", 8, token);
        Assert.Equal(Column(text, 8, token), e.Column);
    }

    [Fact]
    public void Parse_HugeInteger_IsTooLargeForEpochs() =>
        AssertError(Single(With(Hiring, "\"epochs\": 10,", "\"epochs\": 10000000000,")), "NF1007", "training.epochs", 23, "too large");

    [Fact]
    public void Parse_RootNotAnObject_IsWrongType() => Assert.Equal("NF1005", Single("[1, 2]").Code);

    // ---------- names ----------

    [Fact]
    public void Parse_MissingName_IsRequired() =>
        AssertError(Single(With(Hiring, "\"name\": \"hiring\",", "")), "NF1008", "name", 1, "`name` is required");

    [Theory]
    [InlineData("my experiment")]
    [InlineData("../etc/passwd")]
    [InlineData("..")]
    [InlineData("")]
    public void Parse_UnsafeName_IsRejected(string name) =>
        AssertError(Single(With(Hiring, "\"name\": \"hiring\"", $"\"name\": \"{name}\"")), "NF1101", "name", 3, "safe file name");

    [Fact]
    public void Parse_UnknownActivation_SuggestsClosest() =>
        AssertError(Single(With(Hiring, "{ \"units\": 1, \"activation\": \"sigmoid\" }", "{ \"units\": 1, \"activation\": \"sigmoud\" }")),
            "NF1102", "network.layers[1].activation", 17, "did you mean `sigmoid`?");

    [Fact]
    public void Parse_UnknownActivationKindInObject_PointsAtKind() =>
        AssertError(Single(With(Hiring, "{ \"units\": 1, \"activation\": \"sigmoid\" }", "{ \"units\": 1, \"activation\": { \"kind\": \"leakyrelu\" } }")),
            "NF1102", "network.layers[1].activation.kind", 17, "did you mean `leakyRelu`?");

    [Fact]
    public void Parse_UnknownLoss_SuggestsClosest() =>
        AssertError(Single(With(Hiring, "\"loss\": \"mse\"", "\"loss\": \"mes\"")), "NF1103", "training.loss", 21, "did you mean `mse`?");

    [Fact]
    public void Parse_UnknownInit_SuggestsClosest() =>
        AssertError(Single(With(Hiring, "\"inputs\": 2,", "\"inputs\": 2, \"init\": { \"kind\": \"normel\" },")),
            "NF1104", "network.init.kind", 14, "did you mean `normal`?");

    [Fact]
    public void Parse_UnknownTransform_SuggestsClosest() =>
        AssertError(Single(With(Hiring, "\"features\"", "\"transform\": [ { \"kind\": \"centre\" } ], \"features\"")),
            "NF1105", "data.transform[0].kind", 6, "did you mean `center`?");

    [Fact]
    public void Parse_UnknownOptimizer_SuggestsClosest() =>
        AssertError(Single(With(Hiring, "\"kind\": \"sgd\"", "\"kind\": \"sdg\"")), "NF1106", "training.optimizer.kind", 22, "did you mean `sgd`?");

    [Fact]
    public void Parse_ParameterOfAnotherKind_IsRejected() =>
        AssertError(Single(With(Hiring, "{ \"units\": 1, \"activation\": \"sigmoid\" }", "{ \"units\": 1, \"activation\": { \"kind\": \"sigmoid\", \"alpha\": 1 } }")),
            "NF1107", "network.layers[1].activation.alpha", 17, "`alpha` does not apply to `sigmoid`");

    [Fact]
    public void Parse_DuplicateRowId_NamesBothPlaces() =>
        AssertError(Single(With(Hiring, "\"id\": \"Jamal\"", "\"id\": \"Michael\"")), "NF1109", "data.test[0].id", 11, "already used at data.train[0]");

    [Fact]
    public void Parse_DefaultIdClash_IsReported() =>
        AssertError(Single(With(With(Hiring, "\"id\": \"Jamal\"", "\"id\": \"train-2\""), "{ \"id\": \"Shash\",", "{")),
            "NF1109", "data.test[0].id", 11, "`train-2` is already used at data.train[1]");

    // ---------- network ----------

    [Fact]
    public void Parse_NoLayers_IsRejected()
    {
        var text = """{ "name": "n", "network": { "inputs": 1, "layers": [] }, "training": {}, "data": { "train": [ { "x": [1], "y": [1] } ] } }""";
        AssertError(Single(text), "NF1201", "network.layers", 1, "no layers");
    }

    [Fact]
    public void Parse_ZeroInputs_IsRejected() =>
        Assert.Contains(Errors(With(Hiring, "\"inputs\": 2,", "\"inputs\": 0,")), e => e is { Code: "NF1202", Path: "network.inputs", Line: 14 });

    [Fact]
    public void Parse_ZeroUnits_IsRejected() =>
        AssertError(Single(With(Hiring, "{ \"units\": 2, \"activation\": \"sigmoid\" }", "{ \"units\": 0, \"activation\": \"sigmoid\" }")),
            "NF1203", "network.layers[0].units", 16, "at least 1 unit");

    [Fact]
    public void Parse_WeightsOfWrongShape_SaysTheExpectedShape() =>
        AssertError(Single(With(Hiring, "{ \"units\": 2, \"activation\": \"sigmoid\" }", "{ \"units\": 2, \"weights\": [[1, 2], [3, 4], [5, 6]] }")),
            "NF1204", "network.layers[0].weights", 16, "weights is 3×2, expected 2×2");

    [Fact]
    public void Parse_WeightsOfLaterLayer_UseThePreviousLayersUnitsAsInputs() =>
        AssertError(Single(With(Hiring, "{ \"units\": 1, \"activation\": \"sigmoid\" }", "{ \"units\": 1, \"weights\": [[1, 2, 3]] }")),
            "NF1204", "network.layers[1].weights", 17, "expected 1×2");

    [Fact]
    public void Parse_RaggedWeights_AreRejected() =>
        AssertError(Single(With(Hiring, "{ \"units\": 2, \"activation\": \"sigmoid\" }", "{ \"units\": 2, \"weights\": [[1, 2], [3]] }")),
            "NF1204", "network.layers[0].weights", 16, "ragged");

    [Fact]
    public void Parse_BiasesOfWrongLength_AreRejected() =>
        AssertError(Single(With(Hiring, "{ \"units\": 2, \"activation\": \"sigmoid\" }", "{ \"units\": 2, \"biases\": [0, 1, 2] }")),
            "NF1205", "network.layers[0].biases", 16, "biases has 3 values, expected 2");

    [Fact]
    public void Parse_SoftmaxInHiddenLayer_IsRejected() =>
        AssertError(Single(With(Hiring, "{ \"units\": 2, \"activation\": \"sigmoid\" }", "{ \"units\": 2, \"activation\": \"softmax\" }")),
            "NF1206", "network.layers[0].activation", 16, "only allowed on the output layer");

    [Fact]
    public void Parse_BceWithoutSigmoidOutput_SaysWhichActivation() =>
        AssertError(Single(With(With(Hiring, "\"loss\": \"mse\"", "\"loss\": \"bce\""),
                "{ \"units\": 1, \"activation\": \"sigmoid\" }", "{ \"units\": 1, \"activation\": \"relu\" }")),
            "NF1207", "network.layers[1].activation", 17, "set network.layers[1].activation to \"sigmoid\"");

    [Fact]
    public void Parse_CeWithoutSoftmaxOutput_SaysWhichActivation() =>
        AssertError(Single(With(With(Hiring, "\"loss\": \"mse\"", "\"loss\": \"ce\""), "\"y\": [0]", "\"y\": [1]")),
            "NF1207", "network.layers[1].activation", 17, "needs a `softmax` output layer");

    [Fact]
    public void Parse_NoTrainingAndNoExplicitParameters_NeedsWeightsAndBiases()
    {
        var text = Hiring[..Hiring.IndexOf(",\n  \"training\"", StringComparison.Ordinal)] + "\n}";
        var errors = Errors(text);
        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.Equal("NF1208", e.Code));
        Assert.Equal(["network.layers[0].weights", "network.layers[0].biases", "network.layers[1].weights", "network.layers[1].biases"],
            errors.Select(e => e.Path));
        Assert.Equal(16, errors[0].Line);
        Assert.Contains("network.init", errors[0].Hint);
    }

    [Fact]
    public void Parse_NoTrainingWithNamedInitializer_DrawsParametersInstead()
    {
        var text = Hiring[..Hiring.IndexOf(",\n  \"training\"", StringComparison.Ordinal)] + "\n}";
        var e = Ok(With(text, "\"inputs\": 2,", "\"inputs\": 2, \"init\": { \"kind\": \"normal\", \"mean\": 0, \"std\": 1, \"bias\": 1 },"));
        Assert.True(e.EvaluateOnly);
        Assert.Equal(new Initializer.Normal(0, 1) { Bias = 1 }, e.Network.Init);
    }

    [Fact]
    public void Parse_InputsDisagreeWithFeatures_IsRejected() =>
        AssertError(Single(With(Hiring, "\"features\": [\"experience\", \"projects\"]", "\"features\": [\"experience\"]")),
            "NF1209", "network.inputs", 14, "data.features names 1");

    [Fact]
    public void Parse_UniformWithLowAboveHigh_IsRejected() =>
        AssertError(Single(With(Hiring, "\"inputs\": 2,", "\"inputs\": 2, \"init\": { \"kind\": \"uniform\", \"low\": 1, \"high\": 0 },")),
            "NF1211", "network.init.high", 14, "low < high");

    // ---------- training ----------

    [Theory]
    [InlineData("0")]
    [InlineData("-0.1")]
    public void Parse_NonPositiveLearningRate_IsRejected(string value) =>
        AssertError(Single(With(Hiring, "\"learningRate\": 0.1", $"\"learningRate\": {value}")),
            "NF1301", "training.optimizer.learningRate", 22, "greater than 0");

    [Fact]
    public void Parse_ZeroEpochs_IsRejected() =>
        AssertError(Single(With(Hiring, "\"epochs\": 10,", "\"epochs\": 0,")), "NF1302", "training.epochs", 23, "at least 1");

    [Fact]
    public void Parse_ZeroBatchSize_IsRejected() =>
        AssertError(Single(With(Hiring, "\"batchSize\": 1,", "\"batchSize\": -3,")), "NF1303", "training.batchSize", 24, "got -3");

    [Fact]
    public void Parse_ZeroRecordEvery_IsRejected() =>
        AssertError(Single(With(Hiring, "\"every\": 1", "\"every\": 0")), "NF1304", "training.record.every", 25, "record.every");

    // ---------- data ----------

    [Fact]
    public void Parse_XOfWrongLength_IsRejected() =>
        AssertError(Single(With(Hiring, "\"x\": [32, 4]", "\"x\": [32, 4, 1]")), "NF1401", "data.train[1].x", 9, "x has 3 values, expected 2");

    [Fact]
    public void Parse_YOfWrongLength_IsRejected() =>
        AssertError(Single(With(Hiring, "\"y\": [1]", "\"y\": [1, 0]")), "NF1402", "data.train[1].y", 9, "y has 2 values, expected 1");

    [Fact]
    public void Parse_BceTargetOutsideUnitInterval_IsRejected() =>
        AssertError(Single(With(With(Hiring, "\"loss\": \"mse\"", "\"loss\": \"bce\""), "\"y\": [1]", "\"y\": [2]")),
            "NF1403", "data.train[1].y[0]", 9, "in [0, 1], got 2");

    [Fact]
    public void Parse_RuleErrorInsideANumberArray_PointsAtTheElement()
    {
        // Plain number arrays are checked without locating each number; an error about one still points at it.
        var text = With(With(Hiring, "\"loss\": \"mse\"", "\"loss\": \"bce\""), "\"y\": [1]", "\"y\": [2]");
        var e = Single(text);
        AssertError(e, "NF1403", "data.train[1].y[0]", 9, "in [0, 1], got 2");
        Assert.Equal(Column(text, 9, "2]"), e.Column);
    }

    [Fact]
    public void Parse_CeTargetNotSummingToOne_IsRejected()
    {
        var text = With(With(With(With(With(Hiring, "\"loss\": \"mse\"", "\"loss\": \"ce\""),
            "{ \"units\": 1, \"activation\": \"sigmoid\" }", "{ \"units\": 2, \"activation\": \"softmax\" }"),
            "\"y\": [0]", "\"y\": [1, 0]"), "\"y\": [1]", "\"y\": [0.5, 0.6]"), "\"loss\"", "\"loss\"");
        AssertError(Single(text), "NF1404", "data.train[1].y", 9, "sum to 1.1");
    }

    [Fact]
    public void Parse_CeNegativeTarget_IsRejected()
    {
        var text = With(With(With(With(Hiring, "\"loss\": \"mse\"", "\"loss\": \"ce\""),
            "{ \"units\": 1, \"activation\": \"sigmoid\" }", "{ \"units\": 2, \"activation\": \"softmax\" }"),
            "\"y\": [0]", "\"y\": [1, 0]"), "\"y\": [1]", "\"y\": [1.5, -0.5]");
        AssertError(Single(text), "NF1404", "data.train[1].y[1]", 9, "below 0");
    }

    [Fact]
    public void Parse_CeDecimalDistribution_IsAccepted()
    {
        var text = With(With(With(With(Hiring, "\"loss\": \"mse\"", "\"loss\": \"ce\""),
            "{ \"units\": 1, \"activation\": \"sigmoid\" }", "{ \"units\": 3, \"activation\": \"softmax\" }"),
            "\"y\": [0]", "\"y\": [0.1, 0.2, 0.7]"), "\"y\": [1]", "\"y\": [0, 0, 1]");
        Assert.Equal(LossKind.Ce, Ok(text).Training!.Loss);
    }

    [Fact]
    public void Parse_EmptyTrainingSet_IsRejected()
    {
        var text = With(With(Hiring, "{ \"id\": \"Michael\", \"x\": [12, 6], \"y\": [0] },", ""), "{ \"id\": \"Shash\", \"x\": [32, 4], \"y\": [1] }", "");
        AssertError(Single(text), "NF1405", "data.train", 7, "no training rows");
    }

    [Fact]
    public void Parse_TrainRowWithoutY_IsRejected() =>
        AssertError(Single(With(Hiring, ", \"y\": [1]", "")), "NF1406", "data.train[1].y", 9, "needs `y`");

    [Fact]
    public void Parse_RowWithoutX_IsRequired() =>
        AssertError(Single(With(Hiring, "\"x\": [14, 6]", "\"y\": [1]")), "NF1008", "data.test[0].x", 11, "`x` is required");

    // ---------- all at once ----------

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOneInLineOrder()
    {
        var text = With(With(With(With(With(Hiring,
            "\"learningRate\": 0.1", "\"learningRat\": 0.1"),
            "\"x\": [32, 4]", "\"x\": [32]"),
            "{ \"units\": 1, \"activation\": \"sigmoid\" }", "{ \"units\": 1, \"activation\": \"sigmod\" }"),
            "\"epochs\": 10,", "\"epochs\": -1,"),
            "\"seed\": 7", "\"seed\": \"seven\"");
        var errors = Errors(text);
        Assert.Equal(["NF1005", "NF1401", "NF1102", "NF1004", "NF1302"], errors.Select(e => e.Code));
        Assert.Equal([4, 9, 17, 22, 23], errors.Select(e => e.Line!.Value));
    }

    [Fact]
    public void Parse_WrongTypedValue_IsNotAlsoReportedAsMissing()
    {
        var errors = Errors(With(Hiring, "{ \"units\": 2, \"activation\": \"sigmoid\" }", "{ \"units\": \"two\", \"activation\": 3 }"));
        Assert.Equal(["network.layers[0].units", "network.layers[0].activation"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Equal("NF1005", e.Code));
    }

    [Fact]
    public void Parse_ErrorToString_HasCompilerShape()
    {
        var e = Single(With(Hiring, "\"epochs\": 10,", "\"epochs\": 0,"));
        Assert.StartsWith("t.json:23:15: error NF1302 at training.epochs: epochs must be at least 1", e.ToString());
    }

    // ---------- tree stage ----------

    [Fact]
    public void FromTree_EditedTree_ValidatesTheEdit()
    {
        var tree = ExperimentParser.ParseTree("t.json", Hiring).Match(t => t, _ => throw new InvalidOperationException());
        tree.SelectToken("training.optimizer")!["learningRate"] = -1.0;
        var errors = ExperimentParser.FromTree("t.json", tree).Match(_ => [], errs => errs.ToList());
        var e = Assert.Single(errors);
        Assert.Equal("NF1301", e.Code);
        Assert.Equal(22, e.Line); // the edited value has no position: its parent object's line
    }

    [Fact]
    public void FromTree_BuiltInCode_HasNoLines()
    {
        var tree = JObject.Parse(Hiring);
        tree["name"] = "bad name";
        var e = Assert.Single(ExperimentParser.FromTree("t.json", tree).Match(_ => [], errs => errs.ToList()));
        Assert.Equal("NF1101", e.Code);
    }

    // ---------- no exception escapes ----------

    [Fact]
    public void Parse_MangledText_NeverThrows()
    {
        Gen.Select(Gen.Int[0, Hiring.Length - 1], Gen.Int[0, 8], Gen.String[Gen.Char["{}[]\":,0123456789.eE-+ NaInfityl\\"], 0, 6])
            .Sample((at, cut, insert) =>
            {
                var text = Hiring[..at] + insert + Hiring[Math.Min(Hiring.Length, at + cut)..];
                var result = ExperimentParser.Parse("t.json", text);
                Assert.True(result.IsSuccess || result.FailAsEnumerable().Any());
            }, iter: 3000);
    }

    [Fact]
    public void Parse_RandomJsonValues_NeverThrow()
    {
        var leaf = Gen.OneOf<string>(Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.OneOf("null", "true", "\"\"", "\"sigmoid\"", "[]", "{}", "1e400", "-0", "NaN", "[[1]]", "{\"kind\":\"step\"}"));
        var paths = new[] { "\"seed\": 7", "\"inputs\": 2", "\"units\": 2", "\"x\": [12, 6]", "\"y\": [1]", "\"learningRate\": 0.1", "\"loss\": \"mse\"",
            "\"activation\": \"sigmoid\"", "\"train\": [", "\"record\": { \"every\": 1 }", "\"id\": \"Jamal\"" };
        Gen.Select(Gen.Int[0, paths.Length - 1], leaf).Sample((i, value) =>
        {
            var key = paths[i][..(paths[i].IndexOf(':') + 1)];
            var text = paths[i].EndsWith('[') ? Hiring.Replace(paths[i], key + " " + value + ", \"_\": [") : Hiring.Replace(paths[i], key + " " + value);
            _ = ExperimentParser.Parse("t.json", text);
        }, iter: 2000);
    }
}
