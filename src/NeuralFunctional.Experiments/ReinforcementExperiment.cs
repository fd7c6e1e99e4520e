using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>A validated reinforcement-learning experiment, every default filled in: the environment, the policy
/// network (inputs = observation length, softmax over the actions), the REINFORCE settings and, optionally, a sweep
/// (<c>nf sweep</c> runs its variants; <c>nf run</c> runs the experiment as written).</summary>
public sealed record ReinforcementExperiment(string Name, string Description, ulong Seed, AgentEnvironment Environment,
    NetworkPlan Network, ReinforcementPlan Training, SweepPlan? Sweep = null)
{
    /// <summary>Key whose presence at the root marks a reinforcement-learning experiment.</summary>
    public const string Key = "environment";

    /// <summary>True when the file's root object has an <c>environment</c> section.</summary>
    public static bool IsReinforcement(JToken tree) => tree is JObject obj && obj.ContainsKey(Key);

    /// <summary><see cref="IsReinforcement(JToken)"/> of a file's text, read token by token without building its tree
    /// (a large data file is parsed once, by the pipeline that runs it); false for text that is not a JSON object,
    /// whose errors that pipeline reports.</summary>
    public static bool IsReinforcement(string text)
    {
        try
        {
            using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(text)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
            while (reader.Read() && reader.TokenType == Newtonsoft.Json.JsonToken.Comment) { }
            if (reader.TokenType != Newtonsoft.Json.JsonToken.StartObject) return false;
            while (reader.Read() && reader.TokenType != Newtonsoft.Json.JsonToken.EndObject)
            {
                if (reader.TokenType != Newtonsoft.Json.JsonToken.PropertyName) continue;
                if ((string?)reader.Value == Key) return true;
                reader.Read();
                reader.Skip();
            }
            return false;
        }
        catch (Newtonsoft.Json.JsonReaderException)
        {
            return false;
        }
    }
}

/// <summary>REINFORCE's settings and what the trace records: a point every <see cref="RecordEvery"/> episodes with the
/// mean return of the last <see cref="Window"/>, and the optional success mark.</summary>
public sealed record ReinforcementPlan(Optimizer Optimizer, int Episodes, double Gamma, BaselineKind Baseline, int RecordEvery, int Window, Goal? Goal)
{
    public ReinforceConfig ToConfig() => new(Optimizer, Episodes, Gamma, Baseline);
}

/// <summary>Solved when the mean return over <see cref="ReinforcementPlan.Window"/> consecutive episodes reaches
/// <see cref="MeanReturn"/>; training ends there when <see cref="Stop"/>.</summary>
public sealed record Goal(double MeanReturn, bool Stop);
