namespace NeuralFunctional.Experiments;

// NF00xx: files the host reads (missing, a folder, unreadable), command-line options (NF0004) and the files a command
// is about to write (NF0005–NF0011, checked before any work).
public static partial class ErrorCatalog
{
    // --- files the host reads (NF000x) ---

    public static ExperimentError NoSuchFile(string path, string hint) => new("NF0001", path, "", null, null, "no such file.", hint);

    public static ExperimentError IsDirectory(string path, string hint) => new("NF0002", path, "", null, null, "is a directory, not a file.", hint);

    public static ExperimentError Unreadable(string path, string reason) => new("NF0003", path, "", null, null, $"cannot be read: {reason}");

    public static ExperimentError BadOption(string option, string message) => new("NF0004", option, "", null, null, message);

    // --- files a command is about to write (NF0005–NF0011) ---

    public static ExperimentError TargetIsFolder(string option, string path) =>
        new("NF0005", option, "", null, null, $"{path} is a folder; the output is one file", $"give a file name, e.g. {option} {Path.Combine(path, "output.json")}");

    public static ExperimentError TargetNotRegular(string option, string path, string kind) =>
        new("NF0011", option, "", null, null, $"{path} is {kind}, not a regular file; nf writes an output whole and renames it into place, which would replace it",
            option == "--out" ? "give a file name; to print the output, use --out -" : "give a file name");

    public static ExperimentError TargetIsFile(string option, string path) =>
        new("NF0009", option, "", null, null, $"{path} is a file; this command writes a folder of files there", $"give a folder, e.g. {option} {Path.ChangeExtension(path, null)}-out");

    public static ExperimentError TargetIsInput(string option, string path, string input) =>
        new("NF0006", option, "", null, null, $"{path} is {input}, which this command reads: writing it would destroy it; nothing was run",
            "write the output to another file");

    public static ExperimentError TargetsCollide(string option, string path, string other) =>
        new("NF0007", option, "", null, null, $"{path} is also the {other} file: one would overwrite the other; nothing was run",
            "give each output its own file");

    public static ExperimentError TargetNameTooLong(string option, string path, int bytes, int most) =>
        new("NF0010", option, "", null, null, $"{path} cannot be written: its file name is {bytes} bytes long, and at most {most} fit (the file is written beside it first, then renamed); nothing was run",
            option == "--out" ? "give --out a shorter file name (the default is the experiment's name)" : $"give {option} a shorter file name");

    public static ExperimentError TargetNotWritable(string option, string path, string reason) =>
        new("NF0008", option, "", null, null, $"{path} cannot be written: {reason}; nothing was run",
            "choose a folder you can write in");
}
