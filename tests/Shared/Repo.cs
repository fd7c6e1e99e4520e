namespace NeuralFunctional.Tests;

// Shared by the test projects (linked, not copied): paths in this checkout and temporary folders.

/// <summary>Paths in this checkout, found by walking up from the test binaries to the solution file.</summary>
internal static class Repo
{
    public static readonly string Root = FindRoot();

    public static string Experiments => Path.Combine(Root, "experiments");

    public static string Experiment(string name) => Path.Combine(Experiments, name + ".json");

    public static IEnumerable<string> ExperimentNames() =>
        Directory.GetFiles(Experiments, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuralFunctional.sln"))) return dir.FullName;
        throw new InvalidOperationException("NeuralFunctional.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder for one test, deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("nf-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
