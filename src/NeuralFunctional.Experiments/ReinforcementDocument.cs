using System.Security.Cryptography;
using System.Text;
using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The output document of a reinforcement-learning run: canonical JSON, the same bytes anywhere.</summary>
public static class ReinforcementDocument
{
    /// <summary>Identifies the document's shape; bumped when a field changes meaning.</summary>
    public const string Format = "neuralfunctional/reinforce@1";

    /// <summary>format, experiment (resolved), initialParameters, status, divergence?, episodes (played), goal?
    /// (meanReturn, window, reachedAt: the first episode whose window mean reached it, or null), trace
    /// ({ episode, return, meanReturn }), returns (every episode's return, in order), finalParameters, arms (bandit:
    /// each arm's expected reward and the final policy's probability of pulling it), traceHash.</summary>
    public static JObject Build(ReinforceResult result)
    {
        var e = result.Run.Experiment;
        var trace = new JArray(result.Trace.Select(p => new JObject { ["episode"] = p.Episode, ["return"] = p.Return, ["meanReturn"] = p.MeanReturn }));
        var returns = new JArray(result.Returns.Select(r => new JValue(r)));
        var final = OutputDocument.Parameters(result.Final);
        var doc = new JObject
        {
            ["format"] = Format,
            ["experiment"] = ReinforcementJson.ToJson(e),
            ["initialParameters"] = OutputDocument.Parameters(result.Run.Initial),
            ["status"] = result.Status.ToString().ToLowerInvariant(),
        };
        if (result.Divergence is { } d) doc["divergence"] = new JObject { ["episode"] = d.Epoch, ["what"] = d.What };
        doc["episodes"] = result.Returns.Length;
        if (e.Training.Goal is { } goal)
            doc["goal"] = new JObject
            {
                ["meanReturn"] = goal.MeanReturn,
                ["window"] = e.Training.Window,
                ["reachedAt"] = result.SolvedAt is { } n ? new JValue(n) : JValue.CreateNull(),
            };
        doc["trace"] = trace;
        doc["returns"] = returns;
        doc["finalParameters"] = final;
        if (e.Environment is AgentEnvironment.MultiArmedBandit bandit)
        {
            var probabilities = Policy.Probabilities(result.Final, Bandit.Observation);
            doc["arms"] = new JArray(bandit.Arms.Select((arm, i) => new JObject
            {
                ["arm"] = i,
                ["expectedReward"] = Arm.Expected(arm),
                ["probability"] = probabilities[i],
            }));
        }
        doc["traceHash"] = TraceHash(trace, returns, final);
        return doc;
    }

    /// <summary>The document's bytes.</summary>
    public static string Write(ReinforceResult result) => CanonicalJson.Write(Build(result));

    /// <summary><c>sha256:</c> of the canonical bytes of <c>{"trace", "returns", "finalParameters"}</c>.</summary>
    public static string TraceHash(JArray trace, JArray returns, JObject finalParameters)
    {
        var canonical = CanonicalJson.Write(new JObject
        {
            ["trace"] = trace.DeepClone(), ["returns"] = returns.DeepClone(), ["finalParameters"] = finalParameters.DeepClone(),
        });
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
