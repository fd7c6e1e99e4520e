namespace NeuralFunctional.Experiments;

/// <summary>What checking one experiment against its expected output found.</summary>
public enum CheckStatus { Ok, Differs, DataChanged, Missing, Error, Updated, Unchanged }

/// <summary>One experiment's line in <c>nf verify DIR</c>: its name, status, the trace hash of the fresh run, and
/// what differs (or what is wrong).</summary>
public sealed record ExpectedCheck(string Name, CheckStatus Status, string? Hash, string? Detail);

/// <summary>The lines and the summary of <c>nf verify DIR</c>: one line per experiment that a log can be grepped for
/// (<c>ok  hiring  sha256:…</c>, <c>DIFFERS hiring: first divergent epoch 40 …</c>), then the counts.</summary>
public static class VerifyReport
{
    /// <summary>Where the expected output of <c>DIR/NAME.json</c> lives: <c>DIR/expected/NAME.json</c>, a canonical
    /// output document committed with the experiments.</summary>
    public const string ExpectedFolder = "expected";

    public static string Line(ExpectedCheck check) => check.Status switch
    {
        CheckStatus.Ok => $"ok       {check.Name}  {check.Hash}{Suffix(check.Detail)}",
        CheckStatus.Updated => $"updated  {check.Name}  {check.Hash}",
        CheckStatus.Unchanged => $"same     {check.Name}  {check.Hash}",
        CheckStatus.Differs => $"DIFFERS  {check.Name}: {check.Detail}",
        CheckStatus.DataChanged => $"DATA     {check.Name}: {check.Detail}",
        CheckStatus.Missing => $"MISSING  {check.Name}: {check.Detail}",
        _ => $"ERROR    {check.Name}: {check.Detail}",
    };

    /// <summary>The detail of a <see cref="CheckStatus.DataChanged"/> line: each data file whose recorded bytes differ.</summary>
    public static string DataChangedDetail(IEnumerable<(DataFile Expected, DataFile Fresh)> changed) =>
        string.Join("; ", changed.Select(c => $"{c.Fresh.Path} changed since the expected output was made: {c.Expected.Sha256} ({c.Expected.Bytes} bytes, {c.Expected.Rows} rows) → " +
            $"{c.Fresh.Sha256} ({c.Fresh.Bytes} bytes, {c.Fresh.Rows} rows); if the new data is right, rewrite the expected output with --update"));

    /// <summary><c>15 experiments: 14 ok, 1 differs</c>, the statuses in a fixed order.</summary>
    public static string Summary(IReadOnlyList<ExpectedCheck> checks)
    {
        var parts = Enum.GetValues<CheckStatus>()
            .Select(s => (Status: s, Count: checks.Count(c => c.Status == s)))
            .Where(p => p.Count > 0)
            .Select(p => $"{p.Count} {Word(p.Status)}");
        return $"{checks.Count} experiment{(checks.Count == 1 ? "" : "s")}: {string.Join(", ", parts)}";
    }

    private static string Word(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "ok",
        CheckStatus.Differs => "differ",
        CheckStatus.DataChanged => "with changed data",
        CheckStatus.Missing => "missing",
        CheckStatus.Error => "failed to run",
        CheckStatus.Updated => "updated",
        _ => "unchanged",
    };

    private static string Suffix(string? detail) => detail is null ? "" : $"  ({detail})";
}
