using System.CommandLine;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary><c>nf new TEMPLATE FILE [--force]</c>: writes a starting experiment (atomically; an existing file only
/// with <c>--force</c>). <c>nf new --list</c> lists the templates.</summary>
public static class NewCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var template = new Argument<string?>("template") { Description = "The template: " + string.Join(", ", ExperimentTemplates.All.Select(t => t.Name)) + ".", Arity = ArgumentArity.ZeroOrOne };
        var file = new Argument<string?>("file") { Description = "The experiment file to write (e.g. experiments/mine.json).", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite the file if it exists." };
        var list = new Option<bool>("--list", "-l") { Description = "List the templates, one line each." };
        var command = new Command("new", "Write a starting experiment from a template.") { template, file, force, list };
        command.SetAction(result => result.GetValue(list)
            ? List(stdout)
            : Execute(result.GetValue(template), result.GetValue(file), result.GetValue(force), stdout, stderr));
        return command;
    }

    public static int List(TextWriter stdout)
    {
        var width = ExperimentTemplates.All.Max(t => t.Name.Length);
        foreach (var t in ExperimentTemplates.All) stdout.WriteLine($"{t.Name.PadRight(width)}  {t.Summary}");
        return ExitCode.Ok;
    }

    public static int Execute(string? name, string? path, bool force, TextWriter stdout, TextWriter stderr)
    {
        if (name is null || path is null)
        {
            stderr.WriteLine("usage: nf new TEMPLATE FILE [--force]   (nf new --list shows the templates)");
            return ExitCode.BadInput;
        }
        var template = ExperimentTemplates.Find(name);
        if (template is null) return Fail(stderr, ErrorCatalog.UnknownTemplate(name, ExperimentTemplates.All.Select(t => t.Name).ToList()));
        if (Directory.Exists(path) || (File.Exists(path) && !force)) return Fail(stderr, ErrorCatalog.FileExists(path));
        var text = ExperimentTemplates.Render(template, ExperimentTemplates.NameFor(path, template), SchemaPathFrom(path));
        AtomicFile.WriteAllText(path, text);
        stdout.WriteLine($"{Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(path))}: a new '{template.Name}' experiment; run it with: nf run {path}");
        return ExitCode.Ok;
    }

    /// <summary>The schema's path relative to the new file, if a <c>schema/experiment.schema.json</c> lies in the
    /// file's folder or above it (so editors find it); else none.</summary>
    private static string? SchemaPathFrom(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var schema = Path.Combine(dir.FullName, ExperimentSchema.RepositoryPath);
            if (File.Exists(schema)) return Path.GetRelativePath(folder, schema).Replace('\\', '/');
        }
        return null;
    }

    private static int Fail(TextWriter stderr, ExperimentError error)
    {
        ExperimentFiles.Report(stderr, [error]);
        return ExitCode.BadInput;
    }
}
