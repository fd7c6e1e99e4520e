using LanguageExt;

namespace NeuralFunctional.Experiments.Tests;

/// <summary>The data.csv section as the parser checks it, before any file is read.</summary>
public class CsvSectionTests
{
    private const string Template = """
        {
          "name": "c",
          "data": {
            "csv": { "path": "d.csv", "features": ["a", "b"], TARGET, "split": { "test": TEST } }
          },
          "network": { "inputs": 2, "layers": [ { "units": UNITS, "activation": "softmax" } ] },
          "training": { "loss": "ce" }
        }
        """;

    private static string File(string target = "\"target\": \"kind\"", string test = "0.2", int units = 3) =>
        Template.Replace("TARGET", target).Replace("TEST", test).Replace("UNITS", units.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static Experiment Parse(string text) =>
        ExperimentParser.Parse("e.json", text).Match(e => e, errors => throw new Xunit.Sdk.XunitException(string.Join("\n", errors)));

    private static List<ExperimentError> Errors(string text) =>
        ExperimentParser.Parse("e.json", text).Match(_ => throw new Xunit.Sdk.XunitException("expected errors"), e => e.ToList());

    [Fact]
    public void Parse_CsvSection_KeepsTheSourceAndNoRows()
    {
        var e = Parse(File());
        var csv = e.Data.Csv!;
        Assert.Equal(("d.csv", CsvTargetKind.Class, 0.2), (csv.Path, csv.TargetKind, csv.TestFraction));
        Assert.Equal(["a", "b"], e.Data.Features.ToArray());
        Assert.Equal(0, e.Data.FeatureRows().Train.Count);
    }

    [Fact]
    public void Parse_OneTargetWithOneOutputUnit_DefaultsToNumber()
    {
        var text = File(units: 1).Replace("softmax", "sigmoid").Replace("\"ce\"", "\"bce\"");
        Assert.Equal(CsvTargetKind.Number, Parse(text).Data.Csv!.TargetKind);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("-0.2")]
    [InlineData("1.5")]
    public void Parse_TestFractionOutsideZeroOne_IsRejectedWithLine(string test)
    {
        var e = Assert.Single(Errors(File(test: test)));
        Assert.Equal(("NF2111", "data.csv.split.test", 4), (e.Code, e.Path, e.Line));
    }

    [Fact]
    public void Parse_CsvWithInlineRows_IsRejected()
    {
        var text = File().Replace("\"csv\":", "\"train\": [ { \"x\": [1, 2], \"y\": [1, 0, 0] } ], \"csv\":");
        Assert.Equal("NF2101", Assert.Single(Errors(text)).Code);
    }

    [Fact]
    public void Parse_TargetAndTargets_IsRejected()
    {
        Assert.Equal("NF2105", Assert.Single(Errors(File(target: "\"target\": \"kind\", \"targets\": [\"kind\"]"))).Code);
    }

    [Fact]
    public void Parse_TargetIsAlsoAFeature_IsRejected()
    {
        Assert.Equal("NF2106", Assert.Single(Errors(File(target: "\"target\": \"b\""))).Code);
    }

    [Fact]
    public void Parse_MisspeltTargetKind_SuggestsTheName()
    {
        var e = Assert.Single(Errors(File(target: "\"target\": \"kind\", \"targetKind\": \"clas\"")));
        Assert.Equal("NF2107", e.Code);
        Assert.Contains("did you mean `class`?", e.Hint);
    }

    [Fact]
    public void Parse_GivenClassesDifferFromOutputUnits_IsRejected()
    {
        Assert.Equal("NF2110", Assert.Single(Errors(File(target: "\"target\": \"kind\", \"classes\": [\"x\", \"y\"]"))).Code);
    }

    [Fact]
    public void Parse_FeaturesDifferFromInputs_IsRejected()
    {
        var e = Assert.Single(Errors(File().Replace("[\"a\", \"b\"]", "[\"a\"]")));
        Assert.Equal("NF1209", e.Code);
        Assert.Contains("data.csv.features", e.Message);
    }
}
