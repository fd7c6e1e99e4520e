using System.CommandLine;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary><c>nf datasets [NAME --out FILE|-]</c>: lists the datasets built into nf (name, rows, columns, origin,
/// licence, SHA-256), or writes one out as the CSV file it is, byte for byte (to read it, or to start from it).</summary>
public static class DatasetsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string?>("name") { Description = "A dataset to write out as CSV (with --out).", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the dataset's CSV file; '-' for standard output." };
        var command = new Command("datasets", "List the datasets built into nf, or write one out as CSV.") { name, output };
        command.SetAction(r => Execute(r.GetValue(name), r.GetValue(output), stdout, stderr));
        return command;
    }

    public static int Execute(string? name, string? outPath, TextWriter stdout, TextWriter stderr)
    {
        if (name is null)
        {
            if (outPath is not null) return SweepCommand.Reject(stderr, [ErrorCatalog.BadOption("--out", "writes one dataset: give its name, e.g. nf datasets iris --out iris.csv")]);
            foreach (var d in BuiltInDatasets.All)
            {
                stdout.WriteLine($"{d.Name}: {d.Rows} rows; columns {d.Columns}");
                stdout.WriteLine($"  {d.Origin}; licence {d.Licence}; {d.Sha256}");
            }
            stdout.WriteLine("Use one in an experiment as \"data\": { \"csv\": { \"dataset\": \"iris\", … } }; write one out with nf datasets NAME --out FILE.");
            return ExitCode.Ok;
        }
        if (BuiltInDatasets.Find(name) is not { } dataset)
            return SweepCommand.Reject(stderr, [ErrorCatalog.UnknownDataset(new Site("nf datasets", "", null, null), name, BuiltInDatasets.Names.ToList())]);
        if (outPath is null)
            return SweepCommand.Reject(stderr, [ErrorCatalog.BadOption("--out", $"says where to write {dataset.FileName}, e.g. --out {dataset.FileName} (or - for standard output)")]);
        var bytes = dataset.Bytes();
        if (outPath == "-")
        {
            stdout.Write(System.Text.Encoding.UTF8.GetString(bytes));
            return ExitCode.Ok;
        }
        return OutputTargets.Check([("--out", outPath)], []).Then(stderr, _ =>
        {
            AtomicFile.WriteAllBytes(outPath, bytes);
            stdout.WriteLine($"wrote {dataset.Name} ({dataset.Rows} rows, {bytes.Length} bytes, {dataset.Sha256}) to {SweepCommand.Relative(outPath)}");
            return ExitCode.Ok;
        });
    }
}
