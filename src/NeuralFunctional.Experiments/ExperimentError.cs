namespace NeuralFunctional.Experiments;

/// <summary>One problem with an experiment (or an override, checkpoint, output document): where it is (file,
/// JSON path, line and column when known), a stable code, what was expected, and a hint.</summary>
public sealed record ExperimentError(string Code, string File, string Path, int? Line, int? Column, string Message, string? Hint = null)
{
    /// <summary><c>file:line:column: error CODE at path: message (hint)</c>, the shape compilers use, so editors can jump to it.</summary>
    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}:{Column ?? 1}" : File;
        var at = string.IsNullOrEmpty(Path) ? "" : $" at {Path}";
        var hint = string.IsNullOrEmpty(Hint) ? "" : $"\n    hint: {Hint}";
        return $"{where}: error {Code}{at}: {Message}{hint}";
    }
}
