namespace NeuralFunctional.Experiments.Tests;

/// <summary><c>--shard</c> read, with <c>auto</c> taken from a job-array scheduler's environment (issue 15): Slurm arrays
/// from 0, from 1 and with a step; Kubernetes Indexed Jobs; <c>NF_SHARD</c>; and every refusal.</summary>
public class ShardRequestTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }

    /// <summary>What Slurm sets in the task with <paramref name="id"/> of <c>--array=MIN-MAX:STEP</c>.</summary>
    private static (string, string)[] Slurm(int id, int min, int max, int step, int? count = null) =>
    [
        ("SLURM_ARRAY_JOB_ID", "41"), ("SLURM_JOB_ID", $"{42 + id}"), ("SLURM_ARRAY_TASK_ID", $"{id}"), ("SLURM_ARRAY_TASK_MIN", $"{min}"),
        ("SLURM_ARRAY_TASK_MAX", $"{max}"), ("SLURM_ARRAY_TASK_COUNT", $"{count ?? (max - min) / step + 1}"), ("SLURM_ARRAY_TASK_STEP", $"{step}"),
    ];

    private static ShardChoice Ok(string text, Func<string, string?> env) =>
        ShardRequest.Resolve(text, env).Match(Succ: c => c, Fail: e => throw new Xunit.Sdk.XunitException(string.Join("\n", e)));

    private static ExperimentError Refused(string text, Func<string, string?> env) =>
        ShardRequest.Resolve(text, env).Match(Succ: c => throw new Xunit.Sdk.XunitException($"accepted as {c}"), Fail: e => Assert.Single(e));

    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("2/3", 2, 3)]
    [InlineData("7/7", 7, 7)]
    public void Explicit_KOverN_IsTaken(string text, int k, int n)
    {
        var choice = Ok(text, Env());
        Assert.Equal((k, n), (choice.Index, choice.Count));
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("+1/2")]
    [InlineData("auto/0")]
    [InlineData("auto/x")]
    [InlineData("automatic")]
    public void Malformed_IsNF1611(string text) => Assert.Equal("NF1611", Refused(text, Env()).Code);

    [Theory]
    [InlineData(0, 0, 3, 1, 1, 4)] // --array=0-3
    [InlineData(3, 0, 3, 1, 4, 4)]
    [InlineData(1, 1, 4, 1, 1, 4)] // --array=1-4
    [InlineData(4, 1, 4, 1, 4, 4)]
    [InlineData(1, 1, 7, 2, 1, 4)] // --array=1-7:2 (tasks 1, 3, 5, 7)
    [InlineData(5, 1, 7, 2, 3, 4)]
    [InlineData(30, 0, 30, 10, 4, 4)] // --array=0-30:10
    [InlineData(5, 5, 5, 1, 1, 1)] // --array=5
    public void SlurmArrayTask_IsItsPlaceInTheArray(int id, int min, int max, int step, int k, int n)
    {
        var choice = Ok("auto", Env(Slurm(id, min, max, step)));
        Assert.Equal((k, n), (choice.Index, choice.Count));
        Assert.Contains($"SLURM_ARRAY_TASK_ID={id}", choice.Source);
    }

    [Theory]
    [InlineData(3, 1, 5, 3)] // --array=1,3,5 as Slurm 22.05 sets it: STEP 1, COUNT 3
    [InlineData(7, 1, 7, 4)] // --array=1-3,7
    public void SlurmList_AsSlurmReportsIt_IsNF1620(int id, int min, int max, int count) =>
        Assert.Equal("NF1620", Refused("auto", Env(Slurm(id, min, max, 1, count))).Code);

    [Fact]
    public void SlurmStepped_MaxIsTheLastTask()
    {
        // --array=2-9:3 runs tasks 2, 5, 8: Slurm sets MAX 8, COUNT 3, STEP 3.
        Assert.Equal((3, 3), (Ok("auto", Env(Slurm(8, 2, 8, 3))).Index, Ok("auto", Env(Slurm(8, 2, 8, 3))).Count));
    }

    [Fact]
    public void SlurmList_EvenlyStepped_WithoutStep_IsARange()
    {
        // A Slurm-like environment without the step variable: the tasks 1, 3, 5 are evenly spaced.
        var env = Env(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_MAX", "5"), ("SLURM_ARRAY_TASK_COUNT", "3"));
        Assert.Equal((2, 3), (Ok("auto", env).Index, Ok("auto", env).Count));
    }

    [Fact]
    public void SlurmList_NotARange_IsNF1620()
    {
        // --array=1,2,7: three tasks that are not evenly spaced.
        var env = Env(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_MAX", "7"), ("SLURM_ARRAY_TASK_COUNT", "3"));
        var error = Refused("auto", env);
        Assert.Equal("NF1620", error.Code);
        Assert.Contains("SLURM_ARRAY_TASK_ID=2 (MIN=1, MAX=7, COUNT=3)", error.Message);
    }

    [Fact]
    public void Slurm_WithAutoN_MustAgreeWithTheArray()
    {
        Assert.Equal((2, 4), (Ok("auto/4", Env(Slurm(2, 1, 4, 1))).Index, 4));
        var error = Refused("auto/5", Env(Slurm(2, 1, 4, 1)));
        Assert.Equal("NF1618", error.Code);
        Assert.Contains("says 5 shards", error.Message);
    }

    [Fact]
    public void Slurm_AVariableMissingOrNotANumber_IsNF1616()
    {
        var env = Env(("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_MAX", "x"), ("SLURM_ARRAY_TASK_COUNT", "4"));
        var error = Refused("auto", env);
        Assert.Equal("NF1616", error.Code);
        Assert.Contains("SLURM_ARRAY_TASK_MAX=x", error.Message);
        var missing = ShardRequest.Resolve("auto", Env(("SLURM_ARRAY_TASK_ID", "2"))).Match(Succ: _ => [], Fail: e => e.ToList());
        Assert.Equal(3, missing.Count); // MIN, MAX and COUNT, all at once
        Assert.All(missing, e => Assert.Equal("NF1616", e.Code));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 4)]
    [InlineData(6, 7)]
    public void IndexedJob_IndexFromZero_IsShardIndexPlusOne(int index, int k)
    {
        var viaOption = Ok("auto/7", Env(("JOB_COMPLETION_INDEX", $"{index}")));
        var viaVariable = Ok("auto", Env(("JOB_COMPLETION_INDEX", $"{index}"), ("NF_SHARD_COUNT", "7")));
        Assert.Equal((k, 7), (viaOption.Index, viaOption.Count));
        Assert.Equal((k, 7), (viaVariable.Index, viaVariable.Count));
    }

    [Fact]
    public void IndexedJob_WithoutACount_IsNF1617()
    {
        var error = Refused("auto", Env(("JOB_COMPLETION_INDEX", "2")));
        Assert.Equal("NF1617", error.Code);
        Assert.Contains("--shard auto/N or in NF_SHARD_COUNT", error.Hint);
    }

    [Fact]
    public void IndexedJob_IndexBeyondTheCount_OrCountsThatDisagree_AreNF1618()
    {
        Assert.Equal("NF1618", Refused("auto/3", Env(("JOB_COMPLETION_INDEX", "3"))).Code);
        Assert.Equal("NF1618", Refused("auto/3", Env(("JOB_COMPLETION_INDEX", "0"), ("NF_SHARD_COUNT", "4"))).Code);
    }

    [Fact]
    public void NfShard_IsTheMatrixEntry()
    {
        var choice = Ok("auto", Env(("NF_SHARD", "3/5")));
        Assert.Equal((3, 5, "NF_SHARD=3/5"), (choice.Index, choice.Count, choice.Source));
        Assert.Equal("NF1616", Refused("auto", Env(("NF_SHARD", "6/5"))).Code);
    }

    [Fact]
    public void TwoSourcesThatAgree_AreFine_ThatDisagree_AreNF1618()
    {
        Assert.Equal((2, 4), (Ok("auto", Env([.. Slurm(2, 1, 4, 1), ("NF_SHARD", "2/4")])).Index, 4));
        var error = Refused("auto", Env([.. Slurm(3, 1, 4, 1), ("NF_SHARD", "2/4")]));
        Assert.Equal("NF1618", error.Code);
        Assert.Contains("NF_SHARD=2/4 gives shard 2/4", error.Message);
        Assert.Contains("gives shard 3/4", error.Message);
    }

    [Fact]
    public void NoScheduler_IsNF1619_AndASlurmJobThatIsNoArraySaysSo()
    {
        var none = Refused("auto", Env(("HOME", "/root")));
        Assert.Equal("NF1619", none.Code);
        Assert.Contains("no job-array scheduler found", none.Message);
        var plainJob = Refused("auto", Env(("SLURM_JOB_ID", "77")));
        Assert.Equal("NF1619", plainJob.Code);
        Assert.Contains("not an array job", plainJob.Message);
        Assert.Contains("sbatch --array", plainJob.Hint);
    }

    [Fact]
    public void ExplicitKOverN_IgnoresTheEnvironment()
    {
        var choice = Ok("1/2", Env(Slurm(3, 1, 4, 1)));
        Assert.Equal((1, 2), (choice.Index, choice.Count));
    }
}
