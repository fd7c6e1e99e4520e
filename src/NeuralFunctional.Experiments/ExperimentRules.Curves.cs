using LanguageExt;

namespace NeuralFunctional.Experiments;

// Curves experiments: the activations to draw and the grid of z values.
internal static partial class ExperimentRules
{
    /// <summary>Curves DTO → domain: a safe name, known activations with the right parameters, a grid of at least
    /// two points from a lower to a higher z.</summary>
    public static Validation<ExperimentError, CurvesExperiment> ToCurves(CurvesExperimentDto dto, Locator at)
    {
        var curves = dto.Curves ?? new CurvesDto();
        var (from, to, points) = (curves.From ?? -5, curves.To ?? 5, curves.Points ?? 41);
        return (Name(dto.Name, at),
                curves.Activations is null
                    ? Valid(Names.Activations.Values.Select(kind => kind switch
                      {
                          ActivationKind.Step => Core.Activation.Step(),
                          ActivationKind.LeakyRelu => Core.Activation.LeakyRelu(),
                          ActivationKind.Elu => Core.Activation.Elu(),
                          _ => new Activation(kind),
                      }).ToImmutableArray())
                    : Each(curves.Activations.Select((a, i) => Activation(a, $"curves.activations[{i}]", at))),
                FailWhen(!(from < to), () => ErrorCatalog.CurvesRange(at.AtFirst("curves.to", "curves.from", "curves"), from, to)),
                FailWhen(points < 2, () => ErrorCatalog.CurvesPoints(at.AtFirst("curves.points", "curves"), points)))
            .Apply((name, activations, _, _) => new CurvesExperiment(name, dto.Description ?? "", activations, from, to, points));
    }
}
