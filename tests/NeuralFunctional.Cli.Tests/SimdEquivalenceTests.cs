using System.Diagnostics;
using System.Globalization;
using System.Text;
using NeuralFunctional.Core;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The promise across machines, checked on this one: the same experiment gives the same output bytes with
/// AVX-512, AVX2, SSE only, no SIMD at all, and one or two processors, each in a fresh <c>nf</c> process.</summary>
public class SimdEquivalenceTests
{
    /// <summary>Every vector width the kernels pick (512, 256, 128, scalar) and both processor counts.</summary>
    private static readonly string[] All =
    [
        "",
        "DOTNET_EnableHWIntrinsic=0",
        "DOTNET_EnableAVX2=0",
        "DOTNET_EnableAVX512=0",
        "DOTNET_PreferredVectorBitWidth=256",
        "DOTNET_PROCESSOR_COUNT=1",
        "DOTNET_PROCESSOR_COUNT=2",
    ];

    /// <summary>The training sections: plain SGD, and Adam with weight decay, a schedule and early stopping (the update
    /// chain's vector ops and the engine's validation passes); REINFORCE on cart-pole with Adam (<see cref="Reinforcement"/>);
    /// and an Elman network with the same options, truncated BPTT and ragged sequences (<see cref="Recurrent"/>).</summary>
    private static readonly Dictionary<string, string> Trainings = new()
    {
        ["sgd"] = """
            "training":{"loss":"ce","optimizer":{"kind":"sgd","learningRate":0.2},"epochs":3,"batchSize":64,"shuffle":true,"record":{"every":1}}}
            """,
        ["adam"] = """
            "training":{"loss":"ce","optimizer":{"kind":"adam","learningRate":0.01},"epochs":4,"batchSize":37,"shuffle":true,"record":{"every":1},
              "weightDecay":0.001,"schedule":{"kind":"step","every":2,"factor":0.5},"earlyStopping":{"validation":0.2,"patience":2}}}
            """,
        ["reinforce"] = """
            "training":{"kind":"reinforce","episodes":150,"gamma":0.99,"baseline":"mean","optimizer":{"kind":"adam","learningRate":0.01},"record":{"every":10,"window":20}}}
            """,
        ["elman"] = """
            "training":{"loss":"mse","optimizer":{"kind":"nesterov","learningRate":0.05,"beta":0.9},"epochs":4,"batchSize":23,"shuffle":true,"record":{"every":1},
              "weightDecay":0.001,"schedule":{"kind":"step","every":2,"factor":0.5},"earlyStopping":{"validation":0.2,"patience":2}}}
            """,
    };

    public static TheoryData<string, string> Settings()
    {
        var data = new TheoryData<string, string>();
        foreach (var training in Trainings.Keys)
            foreach (var setting in All) data.Add(training, setting);
        return data;
    }

    private static readonly Dictionary<string, Lazy<(string Path, string Expected)>> Cases = Trainings.ToDictionary(t => t.Key,
        t => new Lazy<(string Path, string Expected)>(() =>
        {
            var dir = Directory.CreateTempSubdirectory("nf-simd-").FullName;
            var path = Path.Combine(dir, $"wide-{t.Key}.json");
            File.WriteAllText(path, t.Key switch
            {
                "reinforce" => Reinforcement(t.Value),
                "elman" => Recurrent(t.Value),
                _ => WideExperiment(t.Value),
            });
            var (exit, stdout, stderr) = Cli.Run("run", path, "--out", "-");
            Assert.True(exit == 0, stderr);
            return (path, stdout);
        }));

    /// <summary>An experiment whose layers have odd widths (vector tails, row tiles with leftovers), a mini-batch that
    /// does not divide the rows, shuffling, several activations and a product large enough to be split into chunks.</summary>
    private static string WideExperiment(string training)
    {
        var rng = Rng.FromSeed(2024);
        var json = new StringBuilder();
        json.Append("""{"name":"wide","seed":5,"data":{"train":[""");
        for (var i = 0; i < 150; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"x\":[");
            for (var k = 0; k < 200; k++)
            {
                (var v, rng) = Rng.Uniform(rng, -1, 1);
                json.Append(k == 0 ? "" : ",").Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
            var label = i * 7 % 6;
            json.Append("],\"y\":[").Append(string.Join(",", Enumerable.Range(0, 6).Select(c => c == label ? "1" : "0"))).Append("]}");
        }
        json.Append("""]},"network":{"inputs":200,"init":{"kind":"xavierUniform"},"layers":[""");
        json.Append("""{"units":256,"activation":"relu"},{"units":61,"activation":"tanh"},{"units":33,"activation":"sigmoid"},""");
        json.Append("""{"units":6,"activation":"softmax"}]},""");
        json.Append(training);
        return json.ToString();
    }

    /// <summary>Cart-pole with a policy of odd widths (vector tails in the per-step forward pass and in the engine's
    /// backward pass and weights phase over the episode's steps).</summary>
    private static string Reinforcement(string training) =>
        """{"name":"wide-reinforce","seed":3,"environment":{"kind":"cartpole","maxSteps":300},"network":{"inputs":4,"init":{"kind":"xavierUniform"},"layers":[""" +
        """{"units":37,"activation":"tanh"},{"units":19,"activation":"relu"},{"units":2,"activation":"softmax"}]},""" + training;

    /// <summary>An Elman network of odd widths (13 inputs, 75 tanh units: the cell's products and backward through time
    /// large enough to be shared with the helper, with vector tails), 2 linear outputs at every step, 48 sequences of 3 to
    /// 9 steps, BPTT truncated to 4 steps.</summary>
    private static string Recurrent(string training)
    {
        var rng = Rng.FromSeed(2025);
        string Number(double lo, double hi)
        {
            (var v, rng) = Rng.Uniform(rng, lo, hi);
            return v.ToString("R", CultureInfo.InvariantCulture);
        }
        string Vectors(int count, int width) =>
            "[" + string.Join(",", Enumerable.Range(0, count).Select(_ => "[" + string.Join(",", Enumerable.Range(0, width).Select(_ => Number(-1, 1))) + "]")) + "]";
        var json = new StringBuilder();
        json.Append("""{"name":"wide-elman","seed":7,"data":{"sequence":{"targets":"perStep"},"train":[""");
        for (var i = 0; i < 48; i++)
        {
            var steps = 3 + i * 5 % 7;
            json.Append(i == 0 ? "" : ",").Append("{\"x\":").Append(Vectors(steps, 13)).Append(",\"y\":").Append(Vectors(steps, 2)).Append('}');
        }
        json.Append("""]},"network":{"kind":"elman","inputs":13,"hidden":{"units":75,"activation":"tanh"},"layers":[{"units":2,"activation":"linear"}],""");
        json.Append("\"bptt\":{\"truncate\":4},\"init\":{\"kind\":\"xavierUniform\"}},");
        json.Append(training);
        return json.ToString();
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task Run_FreshProcessUnderSetting_WritesTheSameBytes(string training, string setting)
    {
        var (path, expected) = Cases[training].Value;
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "nf.dll"), "run", path, "--out", "-" }) info.ArgumentList.Add(arg);
        foreach (var name in All.Where(s => s.Length > 0).Select(s => s.Split('=')[0]))
            info.Environment.Remove(name);
        if (setting.Length > 0) info.Environment[setting.Split('=')[0]] = setting.Split('=')[1];
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.True(expected.Length > 1000 && expected.Contains("\"traceHash\""), "the in-process run wrote no document");
        Assert.True(expected == stdout, $"{training}, {setting}: the output document differs from the in-process run");
    }
}
