using System.CommandLine;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary><c>nf verify OUTPUT.json</c> re-runs the experiment recorded in an output document and compares;
/// <c>nf verify DIR [--update]</c> runs every experiment <c>DIR/*.json</c> and compares it with its expected output
/// <c>DIR/expected/NAME.json</c> (or, with <c>--update</c>, rewrites those). Exit codes as <c>nf diff</c>.</summary>
public static class VerifyCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, RunHost? host = null)
    {
        var target = new Argument<string>("target") { Description = "An output document to reproduce, or a folder of experiments (e.g. experiments/)." };
        var update = new System.CommandLine.Option<bool>("--update") { Description = "Folder only: (re)write DIR/expected/NAME.json from fresh runs." };
        var format = DiffCommand.FormatOption();
        var tolerance = DiffCommand.ToleranceOption();
        var data = DataOption();
        var command = new Command("verify", "Reproduce recorded outputs: re-run and compare bit for bit.") { target, update, format, tolerance, data };
        command.SetAction(r => Execute(r.GetValue(target)!, r.GetValue(update), DiffCommand.Format(r.GetValue(format)), r.GetValue(tolerance), stdout, stderr,
            r.GetValue(data), host));
        return command;
    }

    /// <summary><c>--data DIR</c> (verify, plot): where the data files of an output document lie when they are not found
    /// from the document's folder.</summary>
    public static System.CommandLine.Option<string?> DataOption() => new("--data")
    {
        Description = "Output documents only: the folder holding the data files the run read (DIR/PATH as the experiment names it, or the file's name in DIR). " +
            "Default: PATH from the document's folder and each folder above it. A file whose bytes differ from the recorded sha256 is reported (exit 4).",
    };

    public static int Execute(string target, bool update, ReportFormat format, double tolerance, TextWriter stdout, TextWriter stderr, string? dataDir = null,
        RunHost? host = null)
    {
        if (!DiffCommand.ValidTolerance(tolerance, stderr)) return ExitCode.BadInput;
        if (Directory.Exists(target)) return ExpectedOutputs.Check(target, update, tolerance, stdout, stderr, host);
        if (update)
        {
            ExperimentFiles.Report(stderr, [ErrorCatalog.UpdateNeedsFolder(new Site(target, "", null, null))]);
            return ExitCode.BadInput;
        }
        return ComparableFiles.LoadOutput(target)
            .Bind(doc => OutputDocumentReader.Rerun(target, doc, e => CsvFiles.AttachForOutput(target, e, DataFiles.Read(target, doc).IfFail([]), dataDir))
                .Map(fresh => (Doc: doc, Fresh: fresh)))
            .Then(stderr, rerun => Report(target, rerun.Doc, rerun.Fresh, format, tolerance, stdout));
    }

    /// <summary>Prints how the re-run compares with the recorded document; the exit code says whether they differ.</summary>
    private static int Report(string target, Newtonsoft.Json.Linq.JObject doc, Newtonsoft.Json.Linq.JObject fresh, ReportFormat format, double tolerance, TextWriter stdout)
    {
        var comparison = OutputDiff.Compare(doc, fresh, tolerance);
        if (format != ReportFormat.Text)
            stdout.Write(OutputDiffReport.Render(format, comparison, target, "re-run"));
        else if (comparison.Identical)
            stdout.WriteLine($"ok  {target}  {(string?)fresh["traceHash"] ?? "sha256:" + OutputDocumentReader.Hash(fresh)}  (the re-run is {(tolerance > 0 ? $"identical within tolerance {Doubles.Text(tolerance)}" : "bit-identical")})");
        else
        {
            stdout.WriteLine($"DIFFERS {target}: {OutputDiffReport.Verdict(comparison)["differs: ".Length..]}");
            stdout.WriteLine();
            stdout.Write(OutputDiffReport.Render(format, comparison, target + " (recorded)", "re-run"));
        }
        return comparison.Identical ? ExitCode.Ok : ExitCode.Differs;
    }
}
