using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The output document of a reinforcement-learning run: canonical JSON, the same bytes anywhere.</summary>
public static class ReinforcementDocument
{
    /// <summary>Identifies the document's shape; bumped when a field changes meaning.</summary>
    public const string Format = "neuralfunctional/reinforce@1";

    /// <summary><c>sha256:</c> of the canonical bytes of <c>{"trace", "returns", "finalParameters"}</c>.</summary>
    public static string TraceHash(JArray trace, JArray returns, JObject finalParameters) => CanonicalWriter.Standalone(s =>
    {
        s.Property("trace");
        s.Token(trace);
        s.Property("returns");
        s.Token(returns);
        s.Property("finalParameters");
        s.Token(finalParameters);
    });

    /// <summary>Describes the document: format, experiment (resolved), initialParameters, status, divergence?, episodes (played), goal?
    /// (meanReturn, window, reachedAt: the first episode whose window mean reached it, or null), trace
    /// ({ episode, return, meanReturn }), returns (every episode's return, in order), finalParameters, arms (bandit:
    /// each arm's expected reward and the final policy's probability of pulling it), traceHash.</summary>
    internal static JObject Describe(ReinforcementResult result, IJsonSink sink)
    {
        var e = result.Run.Experiment;
        var status = result.Status.ToString().ToLowerInvariant();
        var outline = new JObject { ["status"] = status };
        sink.StartObject();
        sink.Property("format");
        sink.String(Format);
        sink.Property("experiment");
        sink.Token(ReinforcementJson.ToJson(e));
        sink.Property("initialParameters");
        OutputDocument.ParametersTo(sink, result.Run.Initial);
        OutputDocument.StatusTo(sink, status, result.Divergence, "episode");
        sink.Property("episodes");
        sink.Integer(result.Returns.Length);
        if (e.Training.Goal is { } goal)
        {
            var json = new JObject
            {
                ["meanReturn"] = goal.MeanReturn,
                ["window"] = e.Training.Window,
                ["reachedAt"] = result.SolvedAt is { } n ? new JValue(n) : JValue.CreateNull(),
            };
            sink.Property("goal");
            sink.Token(json);
            outline["goal"] = json;
        }
        var hash = sink.Hashed(s =>
        {
            s.Property("trace");
            s.StartArray();
            foreach (var p in result.Trace)
            {
                s.StartObject();
                s.Property("episode");
                s.Integer(p.Episode);
                s.Property("return");
                s.Number(p.Return);
                s.Property("meanReturn");
                s.Number(p.MeanReturn);
                s.EndObject();
            }
            s.EndArray();
            s.Property("returns");
            s.Numbers(result.Returns.AsSpan());
            s.Property("finalParameters");
            OutputDocument.ParametersTo(s, result.Final);
        });
        outline["returns"] = new JArray(result.Returns.Select(r => new JValue(r)));
        if (e.Environment is AgentEnvironment.MultiArmedBandit bandit)
        {
            var probabilities = Policy.Probabilities(result.Final, Bandit.Observation);
            var arms = new JArray(bandit.Arms.Select((arm, i) => new JObject
            {
                ["arm"] = i,
                ["expectedReward"] = Arm.Expected(arm),
                ["probability"] = probabilities[i],
            }));
            sink.Property("arms");
            sink.Token(arms);
            outline["arms"] = arms;
        }
        sink.Property("traceHash");
        sink.String(hash);
        sink.EndObject();
        return outline;
    }
}
