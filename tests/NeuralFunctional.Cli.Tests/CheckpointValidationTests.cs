using CsCheck;
using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli.Tests;

/// <summary>A checkpoint is validated like an experiment file (issue 13, item 5): every edit of nf's checkpoint is
/// refused as a modification (NF1905); and an edit resealed with a fresh hash, as a forger would, is refused for what it
/// broke (NF1904, with the JSON path): a removed key, a changed type, an out-of-range or non-integer count. Exit 2,
/// never an output, never a .NET message.</summary>
public class CheckpointValidationTests
{
    /// <summary>hiring with Adam (moments), early stopping (its watch) and a few epochs: every part a checkpoint has.</summary>
    private static readonly string[] Settings =
    [
        "--set", "training.epochs=30", "--set", "training.record.every=5",
        "--set", """training.optimizer={"kind": "adam", "learningRate": 0.01}""",
        "--set", """training.earlyStopping={"validation": 0.25, "patience": 1000}""",
    ];

    private static readonly Lazy<string> Valid = new(() =>
    {
        using var temp = new TempDir();
        var (exit, _, err) = Cli.Run(["run", Repo.Experiment("hiring"), "--out", temp.File("o.json"), "--checkpoint", temp.File("cp.json"), "--quiet", .. Settings]);
        Assert.True(exit == 0, err);
        return File.ReadAllText(temp.File("cp.json"));
    });

    private static (int Exit, string Out, string Err, bool Wrote) Resume(string checkpointText)
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.File("cp.json"), checkpointText);
        var (exit, stdout, err) = Cli.Run(["run", Repo.Experiment("hiring"), "--resume", temp.File("cp.json"), "--out", temp.File("o.json"), "--quiet", .. Settings]);
        return (exit, stdout, err, File.Exists(temp.File("o.json")));
    }

    /// <summary>Every value (leaf) of the checkpoint outside its hash, by path.</summary>
    private static List<string> Leaves(JObject root, Func<string, bool> where) =>
        root.Descendants().OfType<JValue>().Select(v => v.Path).Where(p => p != CheckpointFile.HashKey && where(p)).ToList();

    private enum Edit { OtherNumber, Remove, ToString, ToBoolean, ToObject, Negative, Fraction }

    private static JObject Apply(string text, string path, Edit edit)
    {
        var root = JObject.Parse(text);
        var token = root.SelectToken(path)!;
        JToken? replacement = edit switch
        {
            Edit.OtherNumber => token.Type is JTokenType.Integer or JTokenType.Float ? new JValue((double)token * 2 + 1) : new JValue(7),
            Edit.ToString => new JValue("x"),
            Edit.ToBoolean => token.Type == JTokenType.Boolean ? new JValue("x") : new JValue(true),
            Edit.ToObject => new JObject(),
            Edit.Negative => new JValue(-5),
            Edit.Fraction => new JValue(250.5),
            _ => null,
        };
        if (replacement is null)
        {
            if (token.Parent is JProperty property) property.Remove();
            else token.Remove();
        }
        else token.Replace(replacement);
        return root;
    }

    [Fact]
    public void TheValidCheckpoint_Resumes()
    {
        var (exit, _, err, wrote) = Resume(Valid.Value);
        Assert.True(exit == 0, err);
        Assert.True(wrote);
    }

    [Fact]
    public void AnyEdit_KeepingTheOldHash_IsRefusedAsModified()
    {
        var leaves = Leaves(JObject.Parse(Valid.Value), _ => true);
        var gen = from i in Gen.Int[0, leaves.Count - 1]
                  from edit in Gen.Enum<Edit>()
                  select (Path: leaves[i], Edit: edit);
        gen.Sample(c =>
        {
            var edited = Apply(Valid.Value, c.Path, c.Edit).ToString();
            var (exit, _, err, wrote) = Resume(edited);
            Assert.True(exit == 2, $"{c.Edit} at {c.Path}: exit {exit}\n{err}");
            // An edited format is no checkpoint at all (NF1901); any other edit is a modification.
            Assert.Contains(c.Path == "format" ? "error NF1901" : "error NF1905 at checkpointHash: the checkpoint was modified", err);
            Assert.False(wrote);
            Assert.DoesNotContain("   at ", err);
        }, iter: 60);
    }

    /// <summary>The edits that break what nf writes, resealed: each refused with the path of what broke.</summary>
    [Fact]
    public void AnyBreakingEdit_Resealed_IsRefusedNamingItsPath()
    {
        var root = JObject.Parse(Valid.Value);
        // Structure of the state and the trace (the experiment is compared whole: NF1902). validationLoss and
        // earlyStopping are optional, so their removal is not a break.
        var leaves = Leaves(root, p => (p.StartsWith("state.", StringComparison.Ordinal) || p.StartsWith("trace", StringComparison.Ordinal))
                                       && !p.EndsWith("validationLoss", StringComparison.Ordinal));
        var integers = leaves.Where(p => root.SelectToken(p)!.Type == JTokenType.Integer).ToList();
        var gen = Gen.OneOf(
            from i in Gen.Int[0, leaves.Count - 1] from edit in Gen.OneOf(Edit.Remove, Edit.ToString, Edit.ToBoolean, Edit.ToObject) select (Path: leaves[i], Edit: edit),
            from i in Gen.Int[0, integers.Count - 1] from edit in Gen.OneOf(Edit.Negative, Edit.Fraction) select (Path: integers[i], Edit: edit));
        gen.Sample(c =>
        {
            var edited = CheckpointFile.Seal(Apply(Valid.Value, c.Path, c.Edit)).ToString();
            var (exit, _, err, wrote) = Resume(edited);
            Assert.True(exit == 2, $"{c.Edit} at {c.Path}: exit {exit}\n{err}");
            Assert.False(wrote);
            Assert.DoesNotContain("   at ", err);
            // The problem names the path edited, or (a removed array element) the array that is now short, or (an
            // epoch changed) a count it no longer fits (the early-stopping watch's, a trace point's).
            var array = c.Path.Contains('[') ? c.Path[..c.Path.LastIndexOf('[')] : c.Path;
            Assert.True(err.Contains($"at {c.Path}:") || err.Contains($"at {array}:") || err.Contains("error NF1904 at state.earlyStopping.") || err.Contains("error NF1904 at trace["),
                $"{c.Edit} at {c.Path}:\n{err}");
            Assert.Contains("error NF190", err);
        }, iter: 150);
    }

    [Theory]
    [InlineData("state.epoch", -5, "error NF1904 at state.epoch: the checkpoint's `state.epoch` should be an integer of at least 0, got -5")]
    [InlineData("state.epoch", 250.5, "error NF1904 at state.epoch: the checkpoint's `state.epoch` should be an integer of at least 0, got 250.5")]
    [InlineData("state.optimizer.step", -1, "error NF1904 at state.optimizer.step: the checkpoint's `state.optimizer.step` should be an integer of at least 0, got -1")]
    public void TheIssuesCases_ResealedAreRefusedExactly(string path, double value, string message)
    {
        var root = JObject.Parse(Valid.Value);
        root.SelectToken(path)!.Replace(value == Math.Floor(value) ? new JValue((long)value) : new JValue(value));
        var (exit, _, err, wrote) = Resume(CheckpointFile.Seal(root).ToString());
        Assert.Equal(2, exit);
        Assert.True(err.Contains(message), err);
        Assert.False(wrote);
    }

    [Fact]
    public void AWeightAsTheStringNaN_LeftAsEdited_IsAModification_NotADivergence()
    {
        var root = JObject.Parse(Valid.Value);
        root.SelectToken("state.parameters.layers[0].weights[0][0]")!.Replace(new JValue("NaN"));
        var (exit, _, err, wrote) = Resume(root.ToString());
        Assert.Equal(2, exit);
        Assert.Contains("NF1905", err);
        Assert.False(wrote);
    }

    [Fact]
    public void AForgedTracePoint_IsRefused()
    {
        // The issue's forgery: a trace entry changed by hand, copied into the output under a fresh traceHash before.
        var root = JObject.Parse(Valid.Value);
        root.SelectToken("trace[1].loss")!.Replace(new JValue(0.0001));
        var (exit, _, err, wrote) = Resume(root.ToString());
        Assert.Equal(2, exit);
        Assert.Contains("NF1905", err);
        Assert.False(wrote);
    }

    [Theory]
    [InlineData("state")]
    [InlineData("state.rng")]
    public void ADeletedStateOrRng_Resealed_IsNamed_WithoutADotNetMessage(string path)
    {
        var root = JObject.Parse(Valid.Value);
        root.SelectToken(path)!.Parent!.Remove();
        var (exit, _, err, wrote) = Resume(CheckpointFile.Seal(root).ToString());
        Assert.Equal(2, exit);
        Assert.Contains(path == "state" ? "it has no `experiment` or no `state` object" : "error NF1904 at state.rng: the checkpoint's `state.rng` should be a value, got nothing (the key is missing)", err);
        Assert.DoesNotContain("Object reference", err);
        Assert.DoesNotContain("Parameter '", err);
        Assert.False(wrote);
    }
}
