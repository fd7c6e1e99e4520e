using System.CommandLine;
using LanguageExt;
using NeuralFunctional.Experiments;
using NeuralFunctional.Experiments.Plots;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Cli;

/// <summary><c>nf plot OUTPUT… --kind loss|boundary|activations|network|bottleneck|reconstructions|hidden|returns [--sample ID] --out FILE.png|FILE.svg [--width W] [--height H]</c>:
/// draws output documents (or experiment files, run first in-process). The data comes from
/// <c>NeuralFunctional.Experiments.Plots</c>; this command only reads, renders and writes.</summary>
public static class PlotCommand
{
    public const int MinSize = 16;
    public const int MaxSize = 8000;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var documents = new Argument<string[]>("outputs") { Description = "Output documents written by `nf run` (or experiment files, run first).", Arity = ArgumentArity.OneOrMore };
        var kind = new System.CommandLine.Option<string>("--kind", "-k") { Description = "What to draw.", Required = true };
        kind.AcceptOnlyFromAmong("loss", "boundary", "activations", "network", "bottleneck", "reconstructions", "hidden", "returns");
        var output = new System.CommandLine.Option<string>("--out", "-o") { Description = "The image file to write: .png or .svg.", Required = true };
        var width = new System.CommandLine.Option<int>("--width") { Description = "Image width in pixels.", DefaultValueFactory = _ => 800 };
        var sample = new System.CommandLine.Option<string?>("--sample") { Description = "The row drawn by --kind hidden (its id; the first training row by default)." };
        var height = new System.CommandLine.Option<int>("--height") { Description = "Image height in pixels.", DefaultValueFactory = _ => 600 };
        var data = VerifyCommand.DataOption();
        var command = new Command("plot", "Draw loss curves, a decision boundary, activation curves, the network, autoencoder codes or reconstructions, an Elman network's hidden state, or a reinforcement-learning run's episode returns as PNG or SVG.")
        {
            documents, kind, output, width, height, sample, data,
        };
        command.SetAction(r => Execute(r.GetValue(documents)!, r.GetValue(kind)!, r.GetValue(output)!,
            r.GetValue(width), r.GetValue(height), stdout, stderr, r.GetValue(sample), r.GetValue(data)));
        return command;
    }

    public static int Execute(IReadOnlyList<string> paths, string kind, string outPath, int width, int height, TextWriter stdout, TextWriter stderr,
        string? sample = null, string? dataDir = null)
    {
        var errors = new List<ExperimentError>();
        var format = Path.GetExtension(outPath).ToLowerInvariant() switch
        {
            ".png" => PlotFormat.Png,
            ".svg" => PlotFormat.Svg,
            _ => (PlotFormat?)null,
        };
        if (format is null) errors.Add(ErrorCatalog.BadOption("--out", $"the image file must end in .png or .svg, got `{outPath}`."));
        foreach (var (name, value) in new[] { ("--width", width), ("--height", height) })
            if (value is < MinSize or > MaxSize)
                errors.Add(ErrorCatalog.BadOption(name, $"{name} must be between {MinSize} and {MaxSize} pixels, got {value}."));
        if (errors.Count > 0)
        {
            ExperimentFiles.Report(stderr, toSeq(errors));
            return ExitCode.BadInput;
        }
        var plot = OutputTargets.Check([("--out", outPath)], paths.Select(p => ("a document it draws", (string?)p)))
            .Bind(_ => paths.Select(p => ComparableFiles.Load(p).Map(doc => (File: p, Doc: doc))).ToList().Sequence())
            .Bind(docs => Draw(kind, docs.ToList(), sample, dataDir));
        return plot.Then(stderr, drawn =>
        {
            AtomicFile.WriteAllBytes(outPath, PlotRenderer.Render(drawn, format!.Value, width, height));
            stdout.WriteLine($"{kind} plot of {string.Join(", ", paths)}: {Path.GetRelativePath(Environment.CurrentDirectory, outPath)} ({width}x{height})");
            return ExitCode.Ok;
        });
    }

    /// <summary>The plot of <paramref name="kind"/>. Only <c>boundary</c> and <c>hidden</c> read the data a document
    /// was trained on (its points and sequences; <see cref="CsvFiles.AttachForOutput"/>); the others draw from the
    /// document alone, wherever it lies.</summary>
    private static Validation<ExperimentError, ScottPlot.Plot> Draw(string kind, IReadOnlyList<(string File, JObject Doc)> docs, string? sample, string? dataDir)
    {
        Validation<ExperimentError, PlottedRun> WithData(string file, JObject doc) =>
            PlottedRun.Read(file, doc, kind, e => CsvFiles.AttachForOutput(file, e, DataFiles.Read(file, doc).IfFail([]), dataDir));
        if (kind == "returns") return ReturnCurves.Of(docs).Map(series => PlotRenderer.Returns(series));
        var reinforcement = docs.Where(d => ReturnCurves.IsReinforcement(d.Doc)).Select(d => ErrorCatalog.PlotOfReinforcement(new Site(d.File, "format", null, null), kind)).ToList();
        if (reinforcement.Count > 0) return Fail<ExperimentError, ScottPlot.Plot>(toSeq(reinforcement));
        if (kind == "loss")
            return docs.Select(d => PlottedRun.Trained(d.File, d.Doc, kind)).ToList().Sequence()
                .Map(_ => PlotRenderer.Loss(LossCurves.Of(docs.Select(d => d.Doc).ToList())));
        if (docs.Count != 1)
            return Fail<ExperimentError, ScottPlot.Plot>(ErrorCatalog.PlotTakesOneDocument(new Site(docs[1].File, "", null, null), kind, docs.Count));
        var (file, doc) = docs[0];
        return kind switch
        {
            "activations" => ActivationCurves.Of(file, doc).Map(c => PlotRenderer.Activations(c)),
            "bottleneck" => BottleneckCodes.Of(file, doc).Map(PlotRenderer.Bottleneck),
            "reconstructions" => Reconstructions.Of(file, doc).Map(PlotRenderer.Reconstructions),
            "hidden" => WithData(file, doc).Bind(run => HiddenStates.Of(run, sample)).Map(PlotRenderer.Hidden),
            "boundary" => WithData(file, doc).Bind(run => DecisionMap.Of(run)).Map(PlotRenderer.Boundary),
            _ => PlottedRun.Trained(file, doc, kind).Map(t => PlotRenderer.Network(NetworkDiagram.Of(t.Final, t.Experiment))),
        };
    }
}
