
namespace NeuralFunctional.Experiments;

/// <summary>A dataset shipped inside the library (and so inside the tool): named from an experiment file as
/// <c>"csv": { "dataset": "iris", … }</c>, so that an experiment runs in any folder, with no data file beside it.</summary>
public sealed record BuiltInDataset(string Name, string FileName, int Rows, string Columns, string Origin, string Licence, string Sha256)
{
    /// <summary>The dataset's CSV bytes, exactly as in the repository's data/ folder.</summary>
    public byte[] Bytes()
    {
        using var stream = typeof(BuiltInDataset).Assembly.GetManifestResourceStream(BuiltInDatasets.ResourcePrefix + FileName)
                           ?? throw new InvalidOperationException($"The built-in dataset {Name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>The datasets shipped inside the library (embedded from data/, whose README gives their origin), by name.
/// Their SHA-256 is fixed here and checked by a test, so an output that names one names exact bytes.</summary>
public static class BuiltInDatasets
{
    internal const string ResourcePrefix = "datasets/";

    public static readonly ImmutableArray<BuiltInDataset> All =
    [
        new("iris", "iris.csv", 150, "sepal_length, sepal_width, petal_length, petal_width (cm), species (setosa, versicolor, virginica)",
            "UCI Machine Learning Repository, \"Iris\", R. A. Fisher (1936), as distributed with scikit-learn", "CC BY 4.0",
            "sha256:9cc1c345c71bcc9b486b74cbf6063fa66f4bb5e0f603a4b3c3471ec2e5e8e355"),
        new("digits", "digits.csv", 1797, "p0..p63 (8x8 pixels, 0-16, row-major), digit (0-9)",
            "UCI Machine Learning Repository, \"Optical Recognition of Handwritten Digits\", E. Alpaydin and C. Kaynak (1998), test set as distributed with scikit-learn",
            "CC BY 4.0", "sha256:ba6ee5aa91a99912e5e4e601339a3d45bb1c136a5df153daf68d7a8e45a04ce5"),
    ];

    /// <summary>The dataset called <paramref name="name"/>, or null.</summary>
    public static BuiltInDataset? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    /// <summary>The names, as messages list them.</summary>
    public static IEnumerable<string> Names => All.Select(d => d.Name);
}
