using NeuralFunctional.Core;
using static NeuralFunctional.Tests.ExperimentTexts;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>training.optimizer kinds and their settings, training.weightDecay, training.schedule and
/// training.earlyStopping: defaults, and every way to get them wrong (line numbers refer to
/// <see cref="ExperimentTexts.Hiring"/>: the optimizer is on line 22, epochs on line 23).</summary>
public class TrainingControlsParserTests
{
    private const string Sgd = "\"optimizer\": { \"kind\": \"sgd\", \"learningRate\": 0.1 },";

    private static string WithOptimizer(string optimizer) => With(Hiring, Sgd, $"\"optimizer\": {optimizer},");

    private static string WithTraining(string keys) => With(Hiring, "\"epochs\": 10,", $"\"epochs\": 10, {keys},");

    private static void AssertSingle(string text, string code, string path, int line, string fragment)
    {
        var errors = Errors(text);
        Assert.True(errors.Count == 1, "expected one error, got:\n" + string.Join("\n", errors));
        var e = errors[0];
        Assert.Equal((code, path, line), (e.Code, e.Path, e.Line));
        Assert.Contains(fragment, e.Message + " | " + e.Hint);
    }

    [Theory]
    [InlineData("{ \"kind\": \"momentum\" }", "momentum(0.1, 0.9)")]
    [InlineData("{ \"kind\": \"nesterov\", \"beta\": 0 }", "nesterov(0.1, 0)")]
    [InlineData("{ \"kind\": \"momentum\", \"learningRate\": 0.5, \"beta\": 0.99 }", "momentum(0.5, 0.99)")]
    [InlineData("{ \"kind\": \"adam\" }", "adam(0.01, 0.9, 0.999, 1E-08)")]
    [InlineData("{ \"kind\": \"adam\", \"learningRate\": 0.001, \"beta1\": 0.8, \"beta2\": 0.99, \"epsilon\": 1e-6 }", "adam(0.001, 0.8, 0.99, 1E-06)")]
    public void Parse_Optimizer_FillsItsDefaults(string optimizer, string expected)
    {
        var o = Ok(WithOptimizer(optimizer)).Training!.Optimizer;
        string G(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var actual = o switch
        {
            Optimizer.Momentum m => $"momentum({G(m.LearningRate)}, {G(m.Beta)})",
            Optimizer.Nesterov n => $"nesterov({G(n.LearningRate)}, {G(n.Beta)})",
            Optimizer.Adam a => $"adam({G(a.LearningRate)}, {G(a.Beta1)}, {G(a.Beta2)}, {G(a.Epsilon)})",
            _ => o.ToString(),
        };
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Parse_NoControls_LeavesThemOff()
    {
        var t = Ok(Hiring).Training!;
        Assert.Equal((0.0, null, null), (t.WeightDecay, t.Schedule, t.EarlyStopping));
    }

    [Fact]
    public void Parse_Controls_AreRead()
    {
        var t = Ok(WithTraining("\"weightDecay\": 0.001, \"schedule\": { \"kind\": \"step\", \"every\": 100, \"factor\": 0.5 }, \"earlyStopping\": { \"patience\": 5 }")).Training!;
        Assert.Equal(0.001, t.WeightDecay);
        Assert.Equal(new Schedule.Step(100, 0.5), t.Schedule);
        Assert.Equal(new EarlyStopping(0.25, 5, 0), t.EarlyStopping);
        Assert.Equal(new Schedule.Exponential(0.99),
            Ok(WithTraining("\"schedule\": { \"kind\": \"exponential\", \"rate\": 0.99 }")).Training!.Schedule);
    }

    [Fact]
    public void Parse_UnknownOptimizer_SuggestsAdam() =>
        AssertSingle(WithOptimizer("{ \"kind\": \"adma\" }"), "NF1106", "training.optimizer.kind", 22, "did you mean `adam`?");

    [Theory]
    [InlineData("{ \"kind\": \"adam\", \"beta\": 0.9 }", "training.optimizer.beta", "`beta` does not apply to `adam`")]
    [InlineData("{ \"kind\": \"momentum\", \"beta1\": 0.9 }", "training.optimizer.beta1", "`momentum` takes `learningRate`, `beta`")]
    [InlineData("{ \"kind\": \"sgd\", \"epsilon\": 1e-8 }", "training.optimizer.epsilon", "`sgd` takes `learningRate`")]
    public void Parse_SettingOfAnotherOptimizer_IsRejected(string optimizer, string path, string fragment) =>
        AssertSingle(WithOptimizer(optimizer), "NF1107", path, 22, fragment);

    [Theory]
    [InlineData("{ \"kind\": \"momentum\", \"beta\": 1 }", "training.optimizer.beta", "in [0, 1)")]
    [InlineData("{ \"kind\": \"nesterov\", \"beta\": -0.1 }", "training.optimizer.beta", "in [0, 1)")]
    [InlineData("{ \"kind\": \"adam\", \"beta1\": 1.5 }", "training.optimizer.beta1", "in [0, 1)")]
    [InlineData("{ \"kind\": \"adam\", \"beta2\": 1 }", "training.optimizer.beta2", "in [0, 1)")]
    [InlineData("{ \"kind\": \"adam\", \"epsilon\": 0 }", "training.optimizer.epsilon", "greater than 0")]
    [InlineData("{ \"kind\": \"adam\", \"learningRate\": 0 }", "training.optimizer.learningRate", "greater than 0")]
    public void Parse_OptimizerSettingOutOfRange_IsRejected(string optimizer, string path, string fragment)
    {
        var code = path.EndsWith("learningRate", StringComparison.Ordinal) ? "NF1301" : "NF1305";
        AssertSingle(WithOptimizer(optimizer), code, path, 22, fragment);
    }

    [Theory]
    [InlineData("\"weightDecay\": -0.5", "NF1305", "training.weightDecay", "at least 0")]
    [InlineData("\"schedule\": { \"kind\": \"stpe\", \"every\": 2, \"factor\": 0.5 }", "NF1110", "training.schedule.kind", "did you mean `step`?")]
    [InlineData("\"schedule\": { \"every\": 2 }", "NF1008", "training.schedule.kind", "one of step, exponential")]
    [InlineData("\"schedule\": { \"kind\": \"step\", \"factor\": 0.5 }", "NF1008", "training.schedule.every", "`every` is required")]
    [InlineData("\"schedule\": { \"kind\": \"step\", \"every\": 2 }", "NF1008", "training.schedule.factor", "`factor` is required")]
    [InlineData("\"schedule\": { \"kind\": \"step\", \"every\": 0, \"factor\": 0.5 }", "NF1305", "training.schedule.every", "at least 1")]
    [InlineData("\"schedule\": { \"kind\": \"step\", \"every\": 3, \"factor\": 0 }", "NF1305", "training.schedule.factor", "greater than 0")]
    [InlineData("\"schedule\": { \"kind\": \"step\", \"every\": 3, \"factor\": 0.5, \"rate\": 0.9 }", "NF1107", "training.schedule.rate", "`step` takes `every`, `factor`")]
    [InlineData("\"schedule\": { \"kind\": \"exponential\" }", "NF1008", "training.schedule.rate", "`rate` is required")]
    [InlineData("\"schedule\": { \"kind\": \"exponential\", \"rate\": -1 }", "NF1305", "training.schedule.rate", "greater than 0")]
    [InlineData("\"earlyStopping\": { \"validation\": 1 }", "NF1305", "training.earlyStopping.validation", "between 0 and 1")]
    [InlineData("\"earlyStopping\": { \"validation\": 0 }", "NF1305", "training.earlyStopping.validation", "between 0 and 1")]
    [InlineData("\"earlyStopping\": { \"patience\": 0 }", "NF1305", "training.earlyStopping.patience", "at least 1")]
    [InlineData("\"earlyStopping\": { \"minDelta\": -1 }", "NF1305", "training.earlyStopping.minDelta", "at least 0")]
    [InlineData("\"earlyStopping\": { \"patiense\": 3 }", "NF1004", "training.earlyStopping.patiense", "did you mean `patience`?")]
    public void Parse_BadTrainingControl_IsRejected(string keys, string code, string path, string fragment) =>
        AssertSingle(WithTraining(keys), code, path, 23, fragment);

    [Fact]
    public void Parse_EarlyStoppingWithOneTrainingRow_IsRejected()
    {
        var text = With(WithTraining("\"earlyStopping\": {}"), "{ \"id\": \"Shash\", \"x\": [32, 4], \"y\": [1] }", "");
        text = With(text, "{ \"id\": \"Michael\", \"x\": [12, 6], \"y\": [0] },", "{ \"id\": \"Michael\", \"x\": [12, 6], \"y\": [0] }");
        AssertSingle(text, "NF1306", "training.earlyStopping", 23, "at least 2 training rows");
    }

    [Fact]
    public void Parse_SeveralBadControls_AreAllReported()
    {
        var errors = Errors(With(WithTraining("\"weightDecay\": -1, \"earlyStopping\": { \"patience\": 0 }"), Sgd, "\"optimizer\": { \"kind\": \"adam\", \"beta2\": 2 },"));
        Assert.Equal(["training.optimizer.beta2", "training.weightDecay", "training.earlyStopping.patience"], errors.Select(e => e.Path));
    }
}
