using System.CommandLine;
using System.Runtime.CompilerServices;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary><c>nf schema [--out FILE]</c>: prints the experiment files' JSON Schema, or writes it (atomically) to FILE.
/// The repository's copy is regenerated with <c>nf schema --out schema/experiment.schema.json</c>.</summary>
public static class SchemaCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string?>("--out", "-o") { Description = $"Write the schema to this file (e.g. {ExperimentSchema.RepositoryPath}) instead of standard output." };
        var command = new Command("schema", "Print or write the JSON Schema of experiment files (generated from the experiment DTOs).") { output };
        command.SetAction(result => Execute(result.GetValue(output), stdout, stderr));
        return command;
    }

    public static int Execute(string? outPath, TextWriter stdout, TextWriter stderr)
    {
        var schema = RuntimeFeature.IsDynamicCodeSupported ? ExperimentSchema.Generate() : Embedded();
        if (outPath is null or "-")
        {
            stdout.Write(schema);
            return ExitCode.Ok;
        }
        try
        {
            AtomicFile.WriteAllText(outPath, schema);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{outPath}: cannot be written: {e.Message}");
            return ExitCode.BadInput;
        }
        stdout.WriteLine($"schema: {Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(outPath))}");
        return ExitCode.Ok;
    }

    /// <summary>A Native AOT build (see the CLI project) cannot generate the schema: NJsonSchema reads attributes
    /// through <c>dynamic</c>, which needs run-time code generation. It embeds the repository's copy instead, which
    /// SchemaTests keeps equal to what <see cref="ExperimentSchema.Generate"/> writes.</summary>
    private static string Embedded()
    {
        using var stream = typeof(SchemaCommand).Assembly.GetManifestResourceStream(ExperimentSchema.RepositoryPath)
                           ?? throw new InvalidOperationException($"this build embeds no {ExperimentSchema.RepositoryPath}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
