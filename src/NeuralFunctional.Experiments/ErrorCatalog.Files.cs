namespace NeuralFunctional.Experiments;

// NF00xx: files the host reads (missing, a folder, unreadable) and command-line options (NF0004).
public static partial class ErrorCatalog
{
    // --- files the host reads (NF000x) ---

    public static ExperimentError NoSuchFile(string path, string hint) => new("NF0001", path, "", null, null, "no such file.", hint);

    public static ExperimentError IsDirectory(string path, string hint) => new("NF0002", path, "", null, null, "is a directory, not a file.", hint);

    public static ExperimentError Unreadable(string path, string reason) => new("NF0003", path, "", null, null, $"cannot be read: {reason}");

    public static ExperimentError BadOption(string option, string message) => new("NF0004", option, "", null, null, message);
}
