using System.Collections.Immutable;
using LanguageExt;
using NeuralFunctional.Core;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

internal sealed partial class ExperimentRules
{
    /// <summary>Curves DTO → domain: a safe name, known activations with the right parameters, a grid of at least
    /// two points from a lower to a higher z.</summary>
    public static Validation<ExperimentError, CurvesExperiment> ToCurves(CurvesExperimentDto dto, Locator at)
    {
        var rules = new ExperimentRules(at);
        var name = rules.Name(dto.Name);
        var curves = dto.Curves ?? new CurvesDto();
        var activations = curves.Activations is null
            ? Names.Activations.Values.Select(kind => kind switch
              {
                  ActivationKind.Step => Core.Activation.Step(),
                  ActivationKind.LeakyRelu => Core.Activation.LeakyRelu(),
                  ActivationKind.Elu => Core.Activation.Elu(),
                  _ => new Activation(kind),
              }).Select(a => (Activation?)a).ToList()
            : curves.Activations.Select((a, i) => rules.Activation(a, $"curves.activations[{i}]")).ToList();
        var (from, to, points) = (curves.From ?? -5, curves.To ?? 5, curves.Points ?? 41);
        if (!(from < to)) rules.Error(ErrorCatalog.CurvesRange(at.AtFirst("curves.to", "curves.from", "curves"), from, to));
        if (points < 2) rules.Error(ErrorCatalog.CurvesPoints(at.AtFirst("curves.points", "curves"), points));
        if (rules.errors.Count > 0 || name is null || activations.Any(a => a is null))
            return Fail<ExperimentError, CurvesExperiment>(toSeq(rules.errors));
        return Success<ExperimentError, CurvesExperiment>(new CurvesExperiment(
            name, dto.Description ?? "", activations.Select(a => a!).ToImmutableArray(), from, to, points));
    }
}
