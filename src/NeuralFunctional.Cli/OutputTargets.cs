using LanguageExt;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary>The files a command is about to write, checked before it does any work, every problem at once: a target
/// must not be a folder, nor one of the files the command reads (the experiment, its data, the checkpoint it resumes),
/// nor another output of the same command; and its folder must take a new file (it is probed, not created). A run that
/// would clobber its own input, or train for an hour and then fail to write, stops here instead.</summary>
public static class OutputTargets
{
    /// <summary><paramref name="outputs"/>: each output's option and path (null or <c>-</c>: none, or standard output);
    /// <paramref name="inputs"/>: what each input is (for messages) and its path (null: none).</summary>
    public static Validation<ExperimentError, Unit> Check(IEnumerable<(string Option, string? Path)> outputs, IEnumerable<(string What, string? Path)> inputs) =>
        Check(outputs.Select(o => (o.Option, o.Path, (string?)null)), inputs);

    /// <summary>As <see cref="Check(IEnumerable{ValueTuple{string, string}}, IEnumerable{ValueTuple{string, string}})"/>,
    /// where an output may name one input it replaces on purpose (<c>--checkpoint</c> over the checkpoint <c>--resume</c>
    /// continued: read first, then written whole).</summary>
    public static Validation<ExperimentError, Unit> Check(IEnumerable<(string Option, string? Path, string? MayReplace)> outputs, IEnumerable<(string What, string? Path)> inputs)
    {
        var read = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (what, path) in inputs)
            if (path is not null) read.TryAdd(AtomicFile.Resolve(path), what);
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<ExperimentError>();
        foreach (var (option, path, mayReplace) in outputs)
        {
            if (path is null or "-") continue;
            var full = AtomicFile.Resolve(path);
            if (Directory.Exists(full)) errors.Add(ErrorCatalog.TargetIsFolder(option, path));
            else if (SpecialFile(full) is { } kind) errors.Add(ErrorCatalog.TargetNotRegular(option, path, kind));
            else if (read.TryGetValue(full, out var input) && (mayReplace is null || AtomicFile.Resolve(mayReplace) != full)) errors.Add(ErrorCatalog.TargetIsInput(option, path, input));
            else if (written.TryGetValue(full, out var other)) errors.Add(ErrorCatalog.TargetsCollide(option, path, other));
            else if (System.Text.Encoding.UTF8.GetByteCount(Path.GetFileName(full)) > MaxName)
                errors.Add(ErrorCatalog.TargetNameTooLong(option, path, System.Text.Encoding.UTF8.GetByteCount(Path.GetFileName(full)), MaxName));
            else if (Unwritable(Path.GetDirectoryName(full)!) is { } reason) errors.Add(ErrorCatalog.TargetNotWritable(option, path, reason));
            written.TryAdd(full, option);
        }
        return errors.Count == 0 ? Validation<ExperimentError, Unit>.Success(Unit.Default) : Validation<ExperimentError, Unit>.Fail(errors.ToSeq());
    }

    /// <summary>What <paramref name="full"/> is when it exists and is neither a regular file nor a folder (a device such
    /// as /dev/full, a FIFO, a socket), or null: writing one by rename would replace it with a plain file (a symbolic
    /// link is followed, as <see cref="AtomicFile"/> writes through it). Linux only (where the bindings are); elsewhere null.</summary>
    internal static string? SpecialFile(string full) => OperatingSystem.IsLinux() && File.Exists(full) ? LinuxFileKind(full) : null;

    private static unsafe string? LinuxFileKind(string full)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(full + "\0");
        Tmds.Linux.stat status;
        fixed (byte* path = bytes)
            if (Tmds.Linux.LibC.stat(path, &status) != 0) return null;
        var type = (uint)status.st_mode & 0xF000; // S_IFMT
        return type switch
        {
            0x8000 or 0x4000 => null,            // S_IFREG, S_IFDIR
            0x2000 => "a character device",      // S_IFCHR
            0x6000 => "a block device",          // S_IFBLK
            0x1000 => "a FIFO (named pipe)",     // S_IFIFO
            0xC000 => "a socket",                // S_IFSOCK
            _ => "not a regular file",
        };
    }

    /// <summary>The longest file name a target may have: file systems take 255 bytes, and <see cref="AtomicFile"/> writes
    /// <c>.NAME.GUID.tmp</c> (38 bytes more) first.</summary>
    private const int MaxName = 255 - 38;

    /// <summary>A folder a command writes many files into (<c>nf sweep --out DIR</c>): not an existing file, and able to
    /// take new files.</summary>
    public static Validation<ExperimentError, Unit> CheckFolder(string option, string folder)
    {
        var full = Path.GetFullPath(folder);
        if (File.Exists(full)) return Validation<ExperimentError, Unit>.Fail(LanguageExt.Seq.create(ErrorCatalog.TargetIsFile(option, folder)));
        return Unwritable(full) is { } reason
            ? Validation<ExperimentError, Unit>.Fail(LanguageExt.Seq.create(ErrorCatalog.TargetNotWritable(option, folder, reason)))
            : Validation<ExperimentError, Unit>.Success(Unit.Default);
    }

    /// <summary>Why no new file can be made in <paramref name="folder"/> (or in the nearest folder above it that exists,
    /// where the missing ones would be made), or null when one can: a file made and removed at once tells.</summary>
    private static string? Unwritable(string folder)
    {
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing)) return $"{existing} is a file, not a folder";
            existing = Path.GetDirectoryName(existing);
            if (existing is null) return $"no folder of {folder} exists";
        }
        var probe = Path.Combine(existing, $".nf-probe-{Guid.NewGuid():N}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Said of the folder, not of the probe file nobody asked for.
            return $"the folder {existing} takes no new file ({e.Message.Replace($"'{probe}'", "there").TrimEnd('.')})";
        }
    }
}
