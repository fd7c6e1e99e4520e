using NeuralFunctional.Experiments;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Cli;

/// <summary><c>nf verify DIR</c>: every experiment <c>DIR/*.json</c> is run and its output document compared with the
/// committed expected output <c>DIR/expected/NAME.json</c>, byte for byte first and value by value to say what differs.
/// With <c>--update</c> the expected outputs are (re)written atomically instead.</summary>
public static class ExpectedOutputs
{
    /// <summary>Checks (or with <paramref name="update"/> rewrites) every experiment of <paramref name="folder"/>; stops
    /// between two experiments when the host's token is cancelled (Ctrl+C, SIGTERM), says how far it got, and exits as
    /// the host says (130, 143).</summary>
    public static int Check(string folder, bool update, double tolerance, TextWriter stdout, TextWriter stderr, RunHost? host = null)
    {
        host ??= RunHost.None;
        var experiments = Directory.GetFiles(folder, "*.json").OrderBy(Path.GetFileNameWithoutExtension, StringComparer.Ordinal).ToList();
        if (experiments.Count == 0)
        {
            ExperimentFiles.Report(stderr, [ErrorCatalog.NoExperiments(new Site(folder, "", null, null))]);
            return ExitCode.BadInput;
        }
        var expectedFolder = Path.Combine(folder, VerifyReport.ExpectedFolder);
        var checks = new List<ExpectedCheck>();
        foreach (var path in experiments)
        {
            if (host.Cancel.IsCancellationRequested)
            {
                stdout.WriteLine(VerifyReport.Summary(checks));
                stdout.WriteLine($"INTERRUPTED after {checks.Count} of {experiments.Count} experiments; the rest were not checked{(update ? " or updated" : "")}.");
                return host.InterruptedExit();
            }
            var name = Path.GetFileNameWithoutExtension(path);
            var check = One(path, name, Path.Combine(expectedFolder, name + ".json"), update, tolerance, stderr);
            stdout.WriteLine(VerifyReport.Line(check));
            checks.Add(check);
        }
        var names = experiments.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        var expectedFiles = Directory.Exists(expectedFolder) ? Directory.GetFiles(expectedFolder, "*.json") : [];
        foreach (var stale in expectedFiles.Order(StringComparer.Ordinal))
            if (!names.Contains(Path.GetFileNameWithoutExtension(stale)))
                stdout.WriteLine($"note: {Path.Combine(VerifyReport.ExpectedFolder, Path.GetFileName(stale))} has no experiment; delete it if the experiment is gone");
        stdout.WriteLine(VerifyReport.Summary(checks));
        return checks.Any(c => c.Status is CheckStatus.Error or CheckStatus.Missing) ? ExitCode.BadInput
            : checks.Any(c => c.Status == CheckStatus.DataChanged) ? ExitCode.DataChanged
            : checks.Any(c => c.Status == CheckStatus.Differs) ? ExitCode.Differs
            : ExitCode.Ok;
    }

    private static ExpectedCheck One(string path, string name, string expectedPath, bool update, double tolerance, TextWriter stderr) =>
        ComparableFiles.Run(path).Match(
            Succ: fresh => Check(path, name, expectedPath, fresh, update, tolerance, stderr),
            Fail: errors =>
            {
                foreach (var error in errors) stderr.WriteLine(error.ToString());
                return new ExpectedCheck(name, CheckStatus.Error, null, $"{errors.Count} problem{(errors.Count == 1 ? "" : "s")} in {path} (see above)");
            });

    /// <summary>The experiment's fresh output document against its expected output (or written as it, with --update).</summary>
    private static ExpectedCheck Check(string path, string name, string expectedPath, JObject freshDoc, bool update, double tolerance, TextWriter stderr)
    {
        var fresh = CanonicalJson.Write(freshDoc);
        var hash = (string?)freshDoc["traceHash"] ?? "sha256:" + OutputDocumentReader.Hash(freshDoc);
        var relative = Path.Combine(VerifyReport.ExpectedFolder, name + ".json");
        var existing = File.Exists(expectedPath) ? ComparableFiles.ReadText(expectedPath).MatchUnsafe(Succ: t => (string?)t, Fail: _ => null) : null;
        if (update)
        {
            if (existing == fresh) return new ExpectedCheck(name, CheckStatus.Unchanged, hash, null);
            AtomicFile.WriteAllText(expectedPath, fresh);
            return new ExpectedCheck(name, CheckStatus.Updated, hash, null);
        }
        if (!File.Exists(expectedPath))
            return new ExpectedCheck(name, CheckStatus.Missing, hash, $"no {relative}; write it with --update, review it, commit it");
        if (existing == fresh) return new ExpectedCheck(name, CheckStatus.Ok, hash, null);
        var expected = existing is null ? ComparableFiles.LoadOutput(expectedPath) : ComparableFiles.ReadOutput(expectedPath, existing);
        return expected.Match(
            Succ: expectedDoc => Compare(path, name, relative, expectedPath, expectedDoc, freshDoc, hash, tolerance),
            Fail: errors =>
            {
                foreach (var error in errors) stderr.WriteLine(error.ToString());
                return new ExpectedCheck(name, CheckStatus.Error, hash, $"{relative} is not a valid output document (see above)");
            });
    }

    /// <summary>A fresh document that differs from the expected one in bytes: a changed data file, equal values in
    /// other bytes, or a real difference.</summary>
    private static ExpectedCheck Compare(string path, string name, string relative, string expectedPath, JObject expectedDoc, JObject freshDoc, string hash,
        double tolerance)
    {
        // A changed data file explains any difference that follows from it: say that, not "first divergent epoch 0".
        var changedData = DataFiles.Read(expectedPath, expectedDoc).IfFail([])
            .Join(DataFiles.Read(path, freshDoc).IfFail([]), x => (x.Path, x.Dataset), y => (y.Path, y.Dataset), (x, y) => (Expected: x, Fresh: y))
            .Where(p => p.Expected.Sha256 != p.Fresh.Sha256).ToList();
        if (changedData.Count > 0) return new ExpectedCheck(name, CheckStatus.DataChanged, hash, VerifyReport.DataChangedDetail(changedData));
        var comparison = OutputDiff.Compare(expectedDoc, freshDoc, tolerance);
        if (comparison.Identical)
            return tolerance > 0
                ? new ExpectedCheck(name, CheckStatus.Ok, hash, $"within tolerance {Doubles.Text(tolerance)}")
                : new ExpectedCheck(name, CheckStatus.Differs, hash, $"every value is equal but the bytes are not: {relative} is not canonical; rewrite it with --update");
        return new ExpectedCheck(name, CheckStatus.Differs, hash, OutputDiffReport.Verdict(comparison)["differs: ".Length..]);
    }
}
