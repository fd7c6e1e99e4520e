using System.Text;
using LanguageExt;
using NeuralFunctional.Experiments.Plots;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments.Reports;

/// <summary>A written report: the page, and the sections it left out, each with the error that says why (a decision
/// map whose data could not be found), which the host reports as warnings.</summary>
public sealed record Report(string Html, ImmutableArray<ExperimentError> Omitted);

/// <summary>The report of one output document (<c>nf report OUTPUT.json</c>): what was run, and every view of it that
/// applies, from the numbers <c>nf plot</c> draws. Only the decision map and the hidden state need the data the run
/// was trained on (the host's <c>withData</c>, called at most once); without it those sections say why they are
/// missing and the rest of the page stands.</summary>
public static class RunReport
{
    /// <summary>Longest vector a table cell shows whole; a longer one shows its first four values and its length, all
    /// of them exact in the cell's tip.</summary>
    public const int MaxShownValues = 10;

    /// <summary>Rows of the decision map's grid per axis.</summary>
    public const int BoundaryResolution = 41;

    public static Report Of(string file, JObject doc, Func<Validation<ExperimentError, PlottedRun>> withData)
    {
        var omitted = new Omissions();
        var data = new Lazy<Validation<ExperimentError, PlottedRun>>(withData);
        var format = (string?)doc["format"];
        var sections = format switch
        {
            Curves.Format => CurvesSections(file, doc),
            ReinforcementDocument.Format => ReinforcementSections(file, doc),
            _ => SupervisedSections(file, doc, data, omitted),
        };
        var page = new ReportPage("run", (string?)doc["experiment"]?["name"] ?? Path.GetFileNameWithoutExtension(file),
            (string?)doc["experiment"]?["description"] ?? "", Facts(doc), [ExperimentSection(doc), .. sections]);
        return new Report(page.Render(), [.. omitted.Errors]);
    }

    /// <summary>The errors of the sections a report could not draw; each such section says why instead.</summary>
    private sealed class Omissions
    {
        public List<ExperimentError> Errors { get; } = [];

        public string Draw<T>(Validation<ExperimentError, T> model, Func<T, string> draw) => model.Match(draw, errors =>
        {
            Errors.AddRange(errors);
            return $"<p class=\"note warn\">{Html.Escape("Not drawn: " + string.Join("; ", errors.Select(e => e.Message + (e.Hint is { } h ? $" ({h})" : ""))))}</p>\n";
        });
    }

    private static IEnumerable<ReportSection> SupervisedSections(string file, JObject doc, Lazy<Validation<ExperimentError, PlottedRun>> data,
        Omissions omitted)
    {
        yield return new ReportSection("loss", "Loss", LossChart(doc));
        if (doc["metrics"] is JObject) yield return new ReportSection("metrics", "Metrics", Metrics(doc));
        if (Confusion(doc) is { } confusion) yield return new ReportSection("confusion", "Confusion matrix", confusion);
        yield return new ReportSection("predictions", "Predictions", Predictions(doc));
        var trained = PlottedRun.Trained(file, doc, "network");
        yield return new ReportSection("network", "Network", omitted.Draw(trained,
            t => ReportFigures.Network(NetworkDiagram.Of(t.Final, t.Experiment))
                + ReportPage.Note("Blue edges are positive weights, orange negative; the wider, the larger. Hover an edge or a node for its exact value.")));
        var experiment = trained.ToOption().Map(t => t.Experiment);
        if (experiment.Map(e => e.Network is NetworkPlan.Dense { Inputs: 2 }).IfNone(false))
            yield return new ReportSection("boundary", "Decision boundary", omitted.Draw(data.Value.Bind(run => DecisionMap.Of(run, BoundaryResolution)),
                m => ReportFigures.Boundary(m) + ReportPage.Note("The network's first output over the inputs' range; circles are training rows, squares test rows, filled with their target.")));
        if (experiment.Map(e => e.Network is NetworkPlan.Elman).IfNone(false))
            yield return new ReportSection("hidden", "Hidden state", omitted.Draw(data.Value.Bind(run => HiddenStates.Of(run, null)), HiddenChart));
        if ((string?)doc["experiment"]?["training"]?["objective"] == "reconstruct")
        {
            yield return new ReportSection("reconstructions", "Reconstructions", omitted.Draw(Plots.Reconstructions.Of(file, doc),
                r => ReportFigures.Reconstructions(r) + ReportPage.Note("Each row's input (left) and its reconstruction (right), the first row of each class first.")));
            if (BottleneckCodes.PredictionRows(doc).All(r => r.Row["code"] is JArray { Count: 2 }))
                yield return new ReportSection("codes", "Bottleneck codes", omitted.Draw(BottleneckCodes.Of(file, doc), ReportFigures.Codes));
        }
    }

    private static ImmutableArray<(string, string)> Facts(JObject doc)
    {
        var facts = new List<(string, string)> { ("format", (string?)doc["format"] ?? "?") };
        if ((string?)doc["status"] is { } status) facts.Add(("status", status));
        if (doc["trace"] is JArray { Count: > 0 } trace && trace.Last?["epoch"] is { } epoch) facts.Add(("last recorded epoch", epoch.ToString()));
        if (doc["episodes"] is JValue episodes) facts.Add(("episodes", episodes.ToString()));
        if ((string?)doc["traceHash"] is { } hash) facts.Add(("traceHash", Html.Hash(hash)));
        foreach (var f in doc["dataFiles"] as JArray ?? [])
            facts.Add(("data", $"{(string?)f["path"]} ({Html.Hash((string?)f["sha256"] ?? "")})"));
        return [.. facts];
    }

    /// <summary>The resolved experiment as recorded in the document, folded.</summary>
    public static ReportSection ExperimentSection(JObject doc) =>
        new("experiment", "Experiment", ReportPage.Folded("The resolved experiment (every default filled in, as recorded in the output)",
            doc["experiment"] is { } e ? CanonicalJson.Write(e) : "{}"));

    /// <summary>The training loss per recorded epoch, and the validation loss when the trace has one; log scale when
    /// the values span more than two orders of magnitude.</summary>
    public static string LossChart(JObject doc)
    {
        var trace = doc["trace"] as JArray ?? [];
        var series = new List<ChartSeries> { Trace(trace, "loss", "training loss", "loss") };
        if (trace.Any(p => p["validationLoss"] is not null))
            series.Add(Trace(trace, "validationLoss", "validation loss", "validation loss") with { Dashed = true });
        var log = LossCurves.WantsLogScale(series.Select(s => new LossSeries(s.Label, s.Xs, s.Ys)));
        var last = trace.Count > 0 ? Doubles.Of(trace.Last?["loss"]) : null;
        return ReportPage.Kpis([("recorded epochs", Html.Int(trace.Count), null),
                   ("final training loss", last is { } l ? Html.Short(l) : "–", last is { } x ? Html.Number(x) : null)])
            + new LineChart("loss", "Loss per recorded epoch", "epoch", "loss", [.. series]) { LogY = log }.Render();
    }

    private static ChartSeries Trace(JArray trace, string field, string label, string tipName)
    {
        var points = trace.Where(p => p[field] is not null).ToList();
        var xs = points.Select(p => Doubles.Of(p["epoch"]) ?? double.NaN).ToImmutableArray();
        var ys = points.Select(p => Doubles.Of(p[field]) ?? double.NaN).ToImmutableArray();
        return new ChartSeries(label, xs, ys, k => $"epoch {Html.Number(xs[k])} · {tipName} {Html.Number(ys[k])}");
    }

    private static string Metrics(JObject doc)
    {
        var sets = (doc["metrics"] as JObject)!.Properties().Where(p => p.Value is JObject).ToList();
        var kpis = sets.SelectMany(s => new[] { ("loss", s.Value["loss"]), ("accuracy", s.Value["accuracy"]) }
            .Where(m => Doubles.Of(m.Item2) is not null)
            .Select(m => ($"{s.Name} {m.Item1}", Html.Short(Doubles.Of(m.Item2)!.Value), (string?)Html.Number(Doubles.Of(m.Item2)!.Value))));
        var table = new ReportTable("metrics",
            [new("set"), new("rows", true), new("loss", true), new("accuracy", true), new("macro precision", true), new("macro recall", true), new("macro F1", true)],
            sets.Select(s => new ReportRow([s.Name, ReportCell.Of(Doubles.Of(s.Value["rows"])), ReportCell.Of(Doubles.Of(s.Value["loss"])),
                ReportCell.Of(Doubles.Of(s.Value["accuracy"])), ReportCell.Of(Doubles.Of(s.Value["macro"]?["precision"])),
                ReportCell.Of(Doubles.Of(s.Value["macro"]?["recall"])), ReportCell.Of(Doubles.Of(s.Value["macro"]?["f1"]))])).ToImmutableArray());
        return ReportPage.Kpis(kpis) + table.Render();
    }

    /// <summary>Each set's confusion matrix as a heat map (a row's cells shaded by their share of the row), and its
    /// per-class precision, recall and F1.</summary>
    private static string? Confusion(JObject doc)
    {
        var sets = (doc["metrics"] as JObject)?.Properties().Where(p => p.Value["confusion"] is JArray).ToList() ?? [];
        if (sets.Count == 0) return null;
        var b = new StringBuilder();
        foreach (var set in sets)
        {
            var classes = (set.Value["classes"] as JArray ?? []).Select(c => (string?)c ?? "").ToList();
            var matrix = (set.Value["confusion"] as JArray)!.Select(r => (r as JArray ?? []).Select(v => (long?)v ?? 0).ToList()).ToList();
            b.Append($"<h3>{Html.Escape(set.Name)} rows</h3>\n<div class=\"row\"><table class=\"heat\" data-table=\"confusion\" data-set=\"{Html.Escape(set.Name)}\">\n<thead><tr><th>true ↓ / predicted →</th>");
            b.Append(string.Concat(classes.Select(c => $"<th>{Html.Escape(c)}</th>"))).Append("</tr></thead>\n<tbody>\n");
            for (var i = 0; i < matrix.Count; i++)
            {
                var total = matrix[i].Sum();
                b.Append($"<tr><th>{Html.Escape(classes.ElementAtOrDefault(i) ?? "")}</th>");
                for (var j = 0; j < matrix[i].Count; j++)
                {
                    var share = total > 0 ? (double)matrix[i][j] / total : 0;
                    var colour = i == j ? Svg.Sequential(share) : share > 0 ? Svg.Diverging(0.65 + share * 0.35) : "#ffffff";
                    b.Append($"<td data-value=\"{matrix[i][j]}\" style=\"background:{colour};color:{(share > 0.6 ? "#fff" : "inherit")}\" data-tip=\"{Html.Escape($"true {classes.ElementAtOrDefault(i)} · predicted {classes.ElementAtOrDefault(j)}: {matrix[i][j]}")}\">{matrix[i][j]}</td>");
                }
                b.Append("</tr>\n");
            }
            b.Append("</tbody></table>\n");
            if (set.Value["perClass"] is JArray perClass)
                b.Append(new ReportTable($"per-class-{set.Name}", [new("class"), new("precision", true), new("recall", true), new("F1", true), new("support", true)],
                    perClass.Select(p => new ReportRow([(string?)p["class"] ?? "", ReportCell.Of(Doubles.Of(p["precision"])), ReportCell.Of(Doubles.Of(p["recall"])),
                        ReportCell.Of(Doubles.Of(p["f1"])), ReportCell.Of(Doubles.Of(p["support"]))])).ToImmutableArray()).Render());
            b.Append("</div>\n");
        }
        return b.Append(ReportPage.Note("Rows are the true classes, columns the predicted ones; the diagonal is shaded blue by the share of the row predicted right, mistakes orange.")).ToString();
    }

    /// <summary>Every prediction row of every set: inputs, target, output (exact values in each cell's tip and
    /// <c>data-value</c>), the decision and whether it was right when the set has classes, and an autoencoder's code
    /// and reconstruction error. Sortable and filterable; never thinned.</summary>
    public static string Predictions(JObject doc)
    {
        var rows = BottleneckCodes.PredictionRows(doc).ToList();
        if (rows.Count == 0) return ReportPage.Note("This output has no prediction rows.");
        var classesOf = new Func<string, IReadOnlyList<string>?>(set => (doc["metrics"]?[set]?["classes"] as JArray)?.Select(c => (string?)c ?? "").ToList());
        var hasClasses = rows.Any(r => classesOf(r.IsTest ? "test" : "train") is not null);
        var hasCode = rows.Any(r => r.Row["code"] is not null);
        var hasError = rows.Any(r => r.Row["reconstructionError"] is not null);
        var columns = new List<ReportColumn> { new("set"), new("id"), new("x"), new("y"), new("output", true) };
        if (hasClasses) columns.AddRange([new("predicted"), new("right")]);
        if (hasCode) columns.Add(new("code"));
        if (hasError) columns.Add(new("reconstruction error", true));
        var table = rows.Select(r =>
        {
            var outputs = Numbers(r.Row["output"]);
            var cells = new List<ReportCell> { r.IsTest ? "test" : "train", (string?)r.Row["id"] ?? "", Vector(r.Row["x"]), Vector(r.Row["y"]),
                outputs.Count == 1 ? ReportCell.Of(outputs[0]) : Vector(r.Row["output"]) with { Value = outputs.Count > 0 && outputs.All(double.IsFinite) ? outputs.Max() : null } };
            if (hasClasses)
            {
                var classes = classesOf(r.IsTest ? "test" : "train");
                var predicted = Decision(outputs, classes);
                var truth = r.Row["y"] is JArray y ? Decision(Numbers(y), classes) : null;
                cells.Add(predicted ?? "");
                cells.Add(truth is null || predicted is null ? "" : truth == predicted ? "yes" : "no");
            }
            if (hasCode) cells.Add(Vector(r.Row["code"]));
            if (hasError) cells.Add(ReportCell.Of(Doubles.Of(r.Row["reconstructionError"])));
            return new ReportRow([.. cells], cells.Count > 6 && hasClasses && cells[6].Text == "no" ? "flipped" : null);
        }).ToImmutableArray();
        var note = rows.Any(r => Numbers(r.Row["output"]).Count > 1) ? "An output with several values sorts by its largest. " : "";
        return new ReportTable("predictions", [.. columns], table) { Filter = true }.Render()
            + ReportPage.Note(note + "Numbers are shown to four significant digits; hover a cell for its exact value." + (hasClasses ? " Wrong decisions are highlighted." : ""));
    }

    /// <summary>The class a row's values name: the largest of several (first on ties), or 0/1 at the 0.5 threshold
    /// for one; named by the set's classes when they are given.</summary>
    public static string? Decision(IReadOnlyList<double> values, IReadOnlyList<string>? classes)
    {
        if (values.Count == 0 || values.Any(v => !double.IsFinite(v))) return null;
        var index = 0;
        if (values.Count == 1) index = values[0] >= 0.5 ? 1 : 0;
        else
            for (var i = 1; i < values.Count; i++)
                if (values[i] > values[index]) index = i;
        return classes is not null && index < classes.Count ? classes[index] : Html.Int(index);
    }

    private static ReportCell Vector(JToken? token) => token switch
    {
        null => "",
        JArray a when a.All(v => v is JValue) => new ReportCell(
            string.Join(", ", a.Take(a.Count > MaxShownValues ? 4 : a.Count).Select(v => Doubles.Of(v) is { } d ? Html.Short(d) : v.ToString()))
                + (a.Count > MaxShownValues ? $", … ({a.Count} values)" : ""),
            null, string.Join(", ", a.Select(v => Doubles.Of(v) is { } d ? Html.Number(d) : v.ToString()))),
        _ => new ReportCell(Svg.Clip(Compact(token), 60), null, Compact(token)),
    };

    private static string Compact(JToken token) =>
        token is JArray a ? "[" + string.Join(", ", a.Select(Compact)) + "]" : Doubles.Of(token) is { } d ? Html.Number(d) : token.ToString();

    private static List<double> Numbers(JToken? token) =>
        (token as JArray ?? []).Select(v => Doubles.Of(v) ?? double.NaN).ToList();

    private static string HiddenChart(HiddenStates h)
    {
        var steps = h.Steps.Select(s => (double)s).ToImmutableArray();
        var series = h.Units.Select((u, j) => new ChartSeries($"h{j + 1}", steps, u, k => $"step {h.Steps[k]} · h{j + 1} {Html.Number(u[k])}")).ToImmutableArray();
        return new LineChart("hidden", $"Hidden state over the steps of row {h.Id}{(h.IsTest ? " (test)" : "")}", "step", "hidden unit value", series).Render()
            + ReportPage.Note("h_t of each hidden unit after step t, from h_0 = 0, recomputed from the final parameters over the row's inputs.");
    }

    private static IEnumerable<ReportSection> CurvesSections(string file, JObject doc)
    {
        var curves = ActivationCurves.Of(file, doc).IfFail([]);
        ImmutableArray<ChartSeries> Series(Func<ActivationCurveSeries, ImmutableArray<double>> values, string name) =>
            curves.Select(c => new ChartSeries(c.Label, c.Z, values(c), k => $"{c.Label} · z {Html.Number(c.Z[k])} · {name} {Html.Number(values(c)[k])}")).ToImmutableArray();
        yield return new ReportSection("activations", "Activation functions",
            new LineChart("activations", "a(z)", "z", "a(z)", Series(c => c.A, "a")).Render()
            + new LineChart("derivatives", "a′(z)", "z", "a′(z)", Series(c => c.Derivative, "a′")).Render());
    }

    private static IEnumerable<ReportSection> ReinforcementSections(string file, JObject doc)
    {
        var series = ReturnCurves.Of([(file, doc)]).IfFail([]);
        if (series.IsEmpty) yield break;
        var s = series[0];
        var returns = new ChartSeries("return", s.Episodes, s.Returns, k => $"episode {Html.Number(s.Episodes[k])} · return {Html.Number(s.Returns[k])}");
        var mean = new ChartSeries($"mean of the last {s.Window}", s.Episodes, s.MeanReturns,
            k => $"episode {Html.Number(s.Episodes[k])} · mean return of the last {s.Window} {Html.Number(s.MeanReturns[k])}");
        var chart = new LineChart("returns", "Return per episode", "episode", "return", [returns, mean])
        {
            Reference = s.Goal is { } g ? (g, $"goal {Html.Number(g)}") : null,
            Markers = s.ReachedAt is { } at ? [new ChartMarker(at, $"goal reached at episode {at}", "episode")] : [],
        };
        var kpis = new List<(string, string, string?)> { ("episodes", Html.Int(s.Returns.Length), null) };
        if (s.MeanReturns.Length > 0) kpis.Add(($"final mean of the last {s.Window}", Html.Short(s.MeanReturns[^1]), Html.Number(s.MeanReturns[^1])));
        if (s.Goal is { } goal) kpis.Add(("goal", s.ReachedAt is { } r ? $"{Html.Number(goal)} reached at episode {r}" : $"{Html.Number(goal)} not reached", null));
        yield return new ReportSection("returns", "Returns", ReportPage.Kpis(kpis) + chart.Render());
        if (doc["arms"] is JArray arms)
            yield return new ReportSection("arms", "Arms", new ReportTable("arms", [new("arm", true), new("expected reward", true), new("final probability of pulling it", true)],
                arms.Select(a => new ReportRow([ReportCell.Of(Doubles.Of(a["arm"])), ReportCell.Of(Doubles.Of(a["expectedReward"])), ReportCell.Of(Doubles.Of(a["probability"]))])).ToImmutableArray()).Render());
        if (doc["trace"] is JArray { Count: > 0 } trace)
            yield return new ReportSection("trace", "Recorded episodes", new ReportTable("trace", [new("episode", true), new("return", true), new("mean return", true)],
                trace.Select(p => new ReportRow([ReportCell.Of(Doubles.Of(p["episode"])), ReportCell.Of(Doubles.Of(p["return"])), ReportCell.Of(Doubles.Of(p["meanReturn"]))])).ToImmutableArray()).Render());
    }
}
