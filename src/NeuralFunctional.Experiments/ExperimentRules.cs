using System.Text.RegularExpressions;
using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>DTO → domain: what the file means. Checks every rule that needs more than one value (shapes against
/// layer sizes, targets against the loss, ids across sections), fills in every default, and reports all problems at
/// once. Values already rejected by <see cref="JsonShape"/> arrive as absent; their paths are poisoned, so the caller
/// drops any error this finds about them. Each rule is a function of what it checks and returns the value or every
/// problem it finds, in the order the file is read; what one section establishes for another (the network's inputs
/// and output layer, for the data and training sections) is passed to it.</summary>
internal static partial class ExperimentRules
{
    private const string Reconstruct = "reconstruct";

    /// <summary>Experiment DTO → domain: a safe name, the network, the training section when there is one, the data
    /// checked against both, and the sweep.</summary>
    public static Validation<ExperimentError, Experiment> ToDomain(ExperimentDto dto, Locator at)
    {
        var network = Establishes(dto.Network, at);
        var data = dto.Data ?? new DataDto();
        var context = new DataContext(network, dto.Training is not null, dto.Training is null ? null : LossOrNull(dto.Training.Loss),
            dto.Training?.Objective == Reconstruct);
        return (Name(dto.Name, at),
                dto.Network is null
                    ? Invalid<NetworkPlan>(MissingError("network", "the network's inputs and layers", at))
                    : Network(dto.Network, context.Trains, at),
                dto.Training is null ? Valid(Option<TrainingPlan>.None) : Training(dto.Training, network, at).Map(Some),
                Data(data, context, at),
                dto.Training is null ? Ok : RowsToValidate(dto.Training, data, context, at),
                dto.Sweep is null ? Valid(Option<SweepPlan>.None) : Sweep(dto.Sweep, typeof(ExperimentDto), at).Map(Some))
            .Apply((name, plan, training, rows, _, sweep) =>
                new Experiment(name, dto.Description ?? "", dto.Seed ?? 0, rows, plan, OrNull(training), OrNull(sweep)));
    }

    /// <summary>The loss the training section names (mean squared error when it names none), or null when nf does not
    /// know it.</summary>
    private static LossKind? LossOrNull(string? name) =>
        name is null ? LossKind.Mse : Names.Losses.TryGetValue(name, out var loss) ? loss : null;

    /// <summary>The experiment's name: given, and safe as a file name (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; not
    /// only dots).</summary>
    private static Validation<ExperimentError, string> Name(string? name, Locator at) =>
        name is null ? Invalid<string>(MissingError("name", "a short name for the experiment, used to name its outputs", at))
        : !SafeName().IsMatch(name) || name.All(c => c == '.') ? Invalid<string>(ErrorCatalog.UnsafeName(at.At("name"), name))
        : Valid(name);

    /// <summary>Early stopping holds out part of the training rows, so it needs at least two. Checked when the training
    /// plan stands with early stopping and the data's rows stand, whatever else is wrong in either section.</summary>
    private static Validation<ExperimentError, Unit> RowsToValidate(TrainingDto training, DataDto data, DataContext context, Locator at) =>
        StopsEarly(training, at) && TrainRows(data, context, at) is > 0 and < 2 and var rows
            ? Invalid<Unit>(ErrorCatalog.TooFewRowsToValidate(at.At(EarlyStoppingPath), rows))
            : Ok;

    // ---------- building blocks ----------

    /// <summary>No problem.</summary>
    private static readonly Validation<ExperimentError, Unit> Ok = Success<ExperimentError, Unit>(unit);

    /// <summary>The value <paramref name="value"/>, no problem.</summary>
    private static Validation<ExperimentError, T> Valid<T>(T value) => Success<ExperimentError, T>(value);

    /// <summary>No value, and the problem <paramref name="error"/>.</summary>
    private static Validation<ExperimentError, T> Invalid<T>(ExperimentError error) => Fail<ExperimentError, T>(error);

    /// <summary>No value, and no problem of its own: the value is missing for a reason reported elsewhere (by the shape
    /// check, or by the section it depends on).</summary>
    private static Validation<ExperimentError, T> Unavailable<T>() => Fail<ExperimentError, T>(Seq<ExperimentError>());

    /// <summary>The problem <paramref name="error"/> when <paramref name="wrong"/> holds, else none.</summary>
    private static Validation<ExperimentError, Unit> FailWhen(bool wrong, Func<ExperimentError> error) =>
        wrong ? Fail<ExperimentError, Unit>(error()) : Ok;

    /// <summary>Every problem of <paramref name="checks"/>, in order.</summary>
    private static Validation<ExperimentError, Unit> All(params IEnumerable<Validation<ExperimentError, Unit>> checks) =>
        toSeq(checks.ToArray()).Sequence().Map(_ => unit);

    /// <summary>The values of <paramref name="rules"/> in order, or every problem they find.</summary>
    private static Validation<ExperimentError, ImmutableArray<T>> Each<T>(IEnumerable<Validation<ExperimentError, T>> rules) =>
        toSeq(rules.ToArray()).Sequence().Map(values => values.ToImmutableArray());

    /// <summary>A check that needs the value <paramref name="rule"/> establishes: skipped when the rule fails (its own
    /// problems say why).</summary>
    private static Validation<ExperimentError, Unit> Given<T>(Validation<ExperimentError, T> rule, Func<T, Validation<ExperimentError, Unit>> check) =>
        rule.Match(Succ: check, Fail: _ => Ok);

    /// <summary>The value <paramref name="rule"/> establishes, or null when it fails.</summary>
    private static T? Known<T>(Validation<ExperimentError, T> rule) where T : struct => rule.MatchUnsafe(value => (T?)value, _ => null);

    /// <summary>The value <paramref name="rule"/> establishes, or null when it fails.</summary>
    private static T? KnownRef<T>(Validation<ExperimentError, T> rule) where T : class => rule.MatchUnsafe(value => value, _ => (T?)null);

    /// <summary>The optional value as a nullable one.</summary>
    private static T? OrNull<T>(Option<T> value) where T : class => value.MatchUnsafe(v => v, (T?)null);

    /// <summary>The optional value as a nullable one.</summary>
    private static T? OrNullValue<T>(Option<T> value) where T : struct => value.MatchUnsafe(v => (T?)v, (T?)null);

    /// <summary>The problem "<paramref name="path"/> is missing", reported where its parent object is.</summary>
    private static ExperimentError MissingError(string path, string what, Locator at) =>
        ErrorCatalog.Missing(at.At(path), path[(path.LastIndexOf('.') + 1)..], what);

    /// <summary>A number as the file writes it (shortest round-trip form).</summary>
    private static string Num(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();
}
