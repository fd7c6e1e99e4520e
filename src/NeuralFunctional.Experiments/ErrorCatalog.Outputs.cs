namespace NeuralFunctional.Experiments;

/// <summary>NF20xx: problems with output documents and with what <c>nf diff</c>, <c>nf verify</c> and <c>nf plot</c> are
/// given, and with finding the data an output document was trained on (NF2009, NF2010).</summary>
public static partial class ErrorCatalog
{
    public static ExperimentError NotComparable(Site at, string actual) =>
        Make("NF2001", at, $"this is neither an output document nor an experiment file ({actual})",
            "give output documents written by `nf run` (they start with \"format\": \"" + OutputDocument.Format + "\") or experiment files");

    public static ExperimentError UnknownOutputFormat(Site at, string format) =>
        Make("NF2002", at, $"unknown output document format `{format}`",
            $"this version of nf reads `{OutputDocument.Format}`; run the experiment again to write one");

    public static ExperimentError OutputShape(Site at, string expected, string actual) =>
        Make("NF2003", at, $"the output document should have {expected} here, got {actual}",
            "the document was edited or cut short; write it again with `nf run`");

    public static ExperimentError NotAnOutputDocument(Site at) =>
        Make("NF2004", at, "verify takes an output document (or a folder of experiments), and this is an experiment file",
            "run it with `nf run` and verify the output it writes, or `nf verify` its folder to check it against expected/");

    public static ExperimentError ExpectedOutputMissing(Site at, string expected) =>
        Make("NF2005", at, $"there is no expected output {expected} for this experiment",
            "write it with `nf verify <folder> --update`, review it, and commit it");

    public static ExperimentError NoExperiments(Site at) =>
        Make("NF2006", at, "the folder holds no experiment files (*.json)", "give the folder with the experiments, e.g. experiments/");

    public static ExperimentError UpdateNeedsFolder(Site at) =>
        Make("NF2007", at, "--update rewrites the expected outputs of a folder of experiments, not a single output document",
            "give the folder, e.g. `nf verify experiments/ --update`");

    public static ExperimentError BadTolerance(Site at, string value) =>
        Make("NF2008", at, $"the tolerance must be a finite number ≥ 0, got {value}", "e.g. --tolerance 1e-12; 0 (the default) means bit for bit");

    /// <summary>The code of <see cref="DataChanged"/>, which <c>nf verify</c> exits with its own code for.</summary>
    public const string DataChangedCode = "NF2009";

    public static ExperimentError DataChanged(Site at, string output, string recorded, long recordedBytes, string found, long foundBytes) =>
        Make(DataChangedCode, at, $"changed since the output was made: {recorded} ({recordedBytes} bytes) → {found} ({foundBytes} bytes)",
            $"{output} was trained on other bytes; restore the file, give the folder holding the original with --data DIR, or run the experiment again for a new output");

    public static ExperimentError OutputDataNotFound(Site at, string csvPath, string where, bool given) =>
        Make("NF2010", at, $"the data file `{csvPath}` (relative to the experiment's folder, which an output does not record) is not there: looked {where}",
            given ? "give the folder that holds the file (or the file's folder as the experiment saw it)" : "give the folder that holds it: --data DIR");

    /// <summary>Two documents of different kinds (a network trained on data, a reinforcement-learning run, activation
    /// curves) have nothing in common to compare.</summary>
    public static ExperimentError DifferentKinds(string fileB, string kindA, string kindB) =>
        Make("NF2011", new Site(fileB, "", null, null), $"A is {kindA} and B is {kindB}: nf diff compares two of the same kind",
            "compare each with another run of its own kind, e.g. the same experiment with --set-b");
}
