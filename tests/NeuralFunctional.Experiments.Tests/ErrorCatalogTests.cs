using System.Text.RegularExpressions;

namespace NeuralFunctional.Experiments.Tests;

public class ErrorCatalogTests
{
    /// <summary>Codes are published: each must mean one thing. Several files add to the catalog, so a merge could
    /// give two problems the same code; this catches it.</summary>
    [Fact]
    public void Codes_AcrossTheCatalog_AreUnique()
    {
        var sources = Directory.GetFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
        var codes = sources.SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"(NF\\d{4})\"").Select(m => (Code: m.Groups[1].Value, File: Path.GetFileName(f))))
            .ToList();
        Assert.NotEmpty(codes);
        var duplicated = codes.GroupBy(c => c.Code).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} in {string.Join(", ", g.Select(c => c.File))}").ToList();
        Assert.True(duplicated.Count == 0, "duplicate error codes: " + string.Join("; ", duplicated));
    }
}
