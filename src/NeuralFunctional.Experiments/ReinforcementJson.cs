using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>Reads reinforcement-learning experiment files and writes them back resolved (every default filled in;
/// parsing the result gives the same experiment).</summary>
public static class ReinforcementJson
{
    /// <summary>JSON tree → validated experiment, every problem at once (as <see cref="ExperimentParser.FromTree"/>).</summary>
    public static LanguageExt.Validation<ExperimentError, ReinforcementExperiment> FromTree(string file, JToken tree)
    {
        try
        {
            var shape = new JsonShape(file);
            var clean = shape.Check(tree, typeof(ReinforcementExperimentDto), "");
            var ruled = clean is null
                ? LanguageExt.Prelude.Fail<ExperimentError, ReinforcementExperiment>(LanguageExt.Prelude.Seq<ExperimentError>()) // the shape check says why
                : ExperimentRules.ToReinforcement(clean.ToObject<ReinforcementExperimentDto>(JsonShape.Serializer())!, shape.Locator);
            return ExperimentParser.Verdict(shape, ruled, experiment => experiment.Sweep is null ? [] : SweepVariants.Check(experiment, shape.Locator.At));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return LanguageExt.Prelude.Fail<ExperimentError, ReinforcementExperiment>(ErrorCatalog.Internal(new Site(file, "", null, null), e.Message));
        }
    }

    /// <summary>The whole way from text to a validated experiment.</summary>
    public static LanguageExt.Validation<ExperimentError, ReinforcementExperiment> Parse(string file, string text) =>
        ExperimentParser.ParseTree(file, text).Bind(tree => FromTree(file, tree));

    /// <summary>The resolved experiment: keys in a fixed order, every default written out (the sweep, if any, last).</summary>
    public static JObject ToJson(ReinforcementExperiment e)
    {
        var root = new JObject
        {
            ["name"] = e.Name,
            ["description"] = e.Description,
            ["seed"] = new JValue(e.Seed),
            [ReinforcementExperiment.Key] = Environment(e.Environment),
            ["network"] = ExperimentJson.Network(e.Network),
            ["training"] = Training(e.Training),
        };
        if (e.Sweep is { } sweep) root["sweep"] = ExperimentJson.Sweep(sweep);
        return root;
    }

    private static JObject Environment(AgentEnvironment env) => env switch
    {
        AgentEnvironment.MultiArmedBandit b => new JObject { ["kind"] = "bandit", ["arms"] = new JArray(b.Arms.Select(Arm)) },
        AgentEnvironment.CartPoleBalance c => new JObject { ["kind"] = "cartpole", ["maxSteps"] = c.MaxSteps },
        _ => throw new ArgumentOutOfRangeException(nameof(env)),
    };

    private static JObject Arm(Arm arm) => arm switch
    {
        Arm.Bernoulli b => new JObject { ["p"] = b.P },
        Arm.Normal n => new JObject { ["mean"] = n.Mean, ["std"] = n.Std },
        _ => throw new ArgumentOutOfRangeException(nameof(arm)),
    };

    private static JObject Training(ReinforcementPlan t)
    {
        var o = new JObject
        {
            ["kind"] = "reinforce",
            ["episodes"] = t.Episodes,
            ["gamma"] = t.Gamma,
            ["baseline"] = t.Baseline == BaselineKind.Mean ? "mean" : "none",
            ["optimizer"] = ExperimentJson.Optimizer(t.Optimizer),
            ["record"] = new JObject { ["every"] = t.RecordEvery, ["window"] = t.Window },
        };
        if (t.Goal is { } g) o["goal"] = new JObject { ["meanReturn"] = g.MeanReturn, ["stop"] = g.Stop };
        return o;
    }
}
