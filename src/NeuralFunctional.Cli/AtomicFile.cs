using System.Text;

namespace NeuralFunctional.Cli;

/// <summary>Writes a file whole or not at all: the bytes go to a temporary file beside the target, which is then
/// renamed over it. A failure never leaves a half-written or truncated user file. A target that is a symbolic link is
/// written through: the file it points to is replaced, the link stays.</summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8NoBom.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> whole or not at all.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => WriteAll([(path, stream => stream.Write(bytes))]);

    /// <summary>Writes several files as one: every file is written to its temporary file first (by its writer, as a
    /// stream: a large document never has to be in memory whole), and only when all of them are written are they
    /// renamed into place; when any cannot be written (a full disk, a folder that refuses), every temporary file is
    /// removed and no target has changed.</summary>
    public static void WriteAll(IReadOnlyList<(string Path, Action<Stream> Write)> files)
    {
        var temps = new List<(string Temp, string Full)>(files.Count);
        try
        {
            foreach (var (path, write) in files)
            {
                var full = Resolve(path);
                var directory = Path.GetDirectoryName(full)!;
                Directory.CreateDirectory(directory);
                var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
                temps.Add((temp, full));
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                write(stream);
            }
            foreach (var (temp, full) in temps) File.Move(temp, full, overwrite: true);
        }
        finally
        {
            foreach (var (temp, _) in temps)
                if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>A writer of text as every text file nf writes: UTF-8 without a byte order mark, LF line ends.</summary>
    public static Action<Stream> Text(Action<TextWriter> write) => stream =>
    {
        using var writer = new StreamWriter(stream, Utf8NoBom, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        write(writer);
    };


    /// <summary>The full path a write to <paramref name="path"/> lands on: a symbolic link's final target (even when
    /// that does not exist yet), else the path itself.</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).LinkTarget is null ? full : File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full; // a loop of links: the write then fails and says so
        }
    }
}
