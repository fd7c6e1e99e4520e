using LanguageExt;
using static LanguageExt.Prelude;
using Schedule = NeuralFunctional.Core.Schedule;

namespace NeuralFunctional.Experiments;

// The training section, checked against the network's output layer: the loss, the optimizer and the training
// controls (weight decay, learning-rate schedule, early stopping), their kinds, the settings each kind takes,
// defaults and ranges.
internal static partial class ExperimentRules
{
    private const string OptimizerPath = "training.optimizer";
    private const string SchedulePath = "training.schedule";
    private const string EarlyStoppingPath = "training.earlyStopping";

    /// <summary>The training section: a known loss that suits the output layer, the optimizer, epochs, mini-batch size,
    /// record interval, the training controls and the objective; defaults filled in.</summary>
    private static Validation<ExperimentError, TrainingPlan> Training(TrainingDto dto, NetworkFacts network, Locator at)
    {
        var loss = Loss(dto.Loss, at);
        var epochs = dto.Epochs ?? 1000;
        var batchSize = dto.BatchSize ?? 1;
        var every = dto.Record?.Every ?? 1;
        return (loss,
                Given(loss, l => LossFitsOutput(l, network, at)),
                Optimizer(dto.Optimizer, at),
                FailWhen(epochs < 1, () => ErrorCatalog.EpochsNotPositive(at.At("training.epochs"), epochs)),
                FailWhen(batchSize < 1, () => ErrorCatalog.BatchSizeNotPositive(at.At("training.batchSize"), batchSize)),
                FailWhen(every < 1, () => ErrorCatalog.RecordEveryNotPositive(at.At("training.record.every"), every)),
                Controls(dto, at),
                Objective(dto.Objective, Known(loss), network, at))
            .Apply((l, _, optimizer, _, _, _, controls, objective) => new TrainingPlan(l, optimizer, epochs, batchSize, dto.Shuffle ?? false, every,
                controls.WeightDecay, controls.Schedule, controls.EarlyStopping, objective));
    }

    /// <summary>Whether the training plan stands (its loss, optimizer, controls and objective hold: a bad epoch count,
    /// or a loss that does not suit the output layer, leaves it standing) and stops early.</summary>
    private static bool StopsEarly(TrainingDto dto, Locator at) =>
        dto.EarlyStopping is not null
        && (Loss(dto.Loss, at), Optimizer(dto.Optimizer, at), Controls(dto, at), ObjectiveKind(dto.Objective, at)).Apply((_, _, _, _) => unit).IsSuccess;

    /// <summary>A known loss (mse when none is named).</summary>
    private static Validation<ExperimentError, LossKind> Loss(string? name, Locator at) =>
        LossOrNull(name) is { } loss ? Valid(loss) : Invalid<LossKind>(ErrorCatalog.UnknownLoss(at.At("training.loss"), name!));

    /// <summary>A loss that needs a particular output activation (ce: softmax) against the output layer's.</summary>
    private static Validation<ExperimentError, Unit> LossFitsOutput(LossKind loss, NetworkFacts network, Locator at) =>
        FailWhen(Core.Loss.RequiredOutput(loss) is { } required && network.OutputActivation is { } output && output.Kind != required,
            () => ErrorCatalog.LossNeedsOutput(at.At($"network.layers[{network.LastLayer}].activation"), Names.Of(loss),
                Names.Of(Core.Loss.RequiredOutput(loss)!.Value), Names.Of(network.OutputActivation!.Kind), network.LastLayer));

    /// <summary>The optimizer (sgd unless named): a known kind, a positive learning rate (0.01 for adam, else 0.1,
    /// unless given), only the settings the kind takes, each in its range.</summary>
    private static Validation<ExperimentError, Optimizer> Optimizer(OptimizerDto? dto, Locator at)
    {
        var kind = dto?.Kind ?? "sgd";
        var learningRate = dto?.LearningRate ?? (kind == "adam" ? 0.01 : 0.1);
        var takes = Names.OptimizerParameters(kind);
        return (FailWhen(!Names.Optimizers.Contains(kind), () => ErrorCatalog.UnknownOptimizer(at.At($"{OptimizerPath}.kind"), kind)),
                FailWhen(learningRate <= 0, () => ErrorCatalog.LearningRateNotPositive(at.At($"{OptimizerPath}.learningRate"), learningRate)))
            .Apply((_, _) => unit)
            .Bind(_ => All(Settings(kind, takes, OptimizerPath, at, ("beta", dto?.Beta), ("beta1", dto?.Beta1), ("beta2", dto?.Beta2), ("epsilon", dto?.Epsilon))))
            .Bind(_ => (Decay("beta", dto?.Beta ?? 0.9, at), Decay("beta1", dto?.Beta1 ?? 0.9, at), Decay("beta2", dto?.Beta2 ?? 0.999, at),
                    Epsilon(dto?.Epsilon ?? 1e-8, at))
                .Apply((beta, beta1, beta2, epsilon) => kind switch
                {
                    "sgd" => new Optimizer.Sgd(learningRate),
                    "momentum" => new Optimizer.Momentum(learningRate, beta),
                    "nesterov" => new Optimizer.Nesterov(learningRate, beta),
                    _ => (Optimizer)new Optimizer.Adam(learningRate, beta1, beta2, epsilon),
                }));
    }

    /// <summary>A decay rate β of the optimizer: 0 ≤ β &lt; 1 (β = 1 would never forget, β &gt; 1 grows without bound).</summary>
    private static Validation<ExperimentError, double> Decay(string key, double value, Locator at) =>
        value is >= 0 and < 1
            ? Valid(value)
            : Invalid<double>(ErrorCatalog.SettingOutOfRange(at.At($"{OptimizerPath}.{key}"), key, "in [0, 1)", value, "typical values are 0.9 to 0.999"));

    /// <summary>Adam's epsilon: greater than 0.</summary>
    private static Validation<ExperimentError, double> Epsilon(double epsilon, Locator at) =>
        epsilon > 0
            ? Valid(epsilon)
            : Invalid<double>(ErrorCatalog.SettingOutOfRange(at.At($"{OptimizerPath}.epsilon"), "epsilon", "greater than 0", epsilon, "e.g. 1e-8"));

    /// <summary>Weight decay (0 when absent, never negative), schedule and early stopping.</summary>
    private static Validation<ExperimentError, (double WeightDecay, Schedule? Schedule, EarlyStopping? EarlyStopping)> Controls(TrainingDto dto, Locator at)
    {
        var weightDecay = dto.WeightDecay ?? 0;
        return (FailWhen(weightDecay < 0, () => ErrorCatalog.SettingOutOfRange(at.At("training.weightDecay"), "weightDecay", "at least 0", weightDecay,
                    "e.g. 0.0001; 0 turns it off")),
                dto.Schedule is null ? Valid(Option<Schedule>.None) : Schedule(dto.Schedule, at).Map(Some),
                dto.EarlyStopping is null ? Valid(Option<EarlyStopping>.None) : EarlyStopping(dto.EarlyStopping, at).Map(Some))
            .Apply((_, schedule, earlyStopping) => (weightDecay, OrNull(schedule), OrNull(earlyStopping)));
    }

    /// <summary>A learning-rate schedule: a known kind with only the settings it takes.</summary>
    private static Validation<ExperimentError, Schedule> Schedule(ScheduleDto dto, Locator at)
    {
        return KnownKind(dto.Kind, SchedulePath, Names.Schedules, ErrorCatalog.UnknownSchedule, at)
            .Bind(kind => All(Settings(kind, Names.ScheduleParameters(kind), SchedulePath, at, ("every", dto.Every), ("factor", dto.Factor), ("rate", dto.Rate)))
                .Bind(_ => kind == "step" ? StepSchedule(dto, at) : ExponentialSchedule(dto, at)));
    }

    /// <summary>A step schedule: every (at least 1) epochs the rate is multiplied by factor (greater than 0).</summary>
    private static Validation<ExperimentError, Schedule> StepSchedule(ScheduleDto dto, Locator at) =>
        (dto.Every switch
         {
             null => Invalid<int>(MissingError($"{SchedulePath}.every", "after how many epochs the rate is multiplied by factor", at)),
             < 1 and var every => Invalid<int>(ErrorCatalog.SettingOutOfRange(at.At($"{SchedulePath}.every"), "every", "at least 1", every)),
             var every => Valid(every.Value),
         },
         dto.Factor switch
         {
             null => Invalid<double>(MissingError($"{SchedulePath}.factor", "what the rate is multiplied by, e.g. 0.5", at)),
             <= 0 and var factor => Invalid<double>(ErrorCatalog.SettingOutOfRange(at.At($"{SchedulePath}.factor"), "factor", "greater than 0", factor,
                 "e.g. 0.5 halves the rate")),
             var factor => Valid(factor.Value),
         })
        .Apply((every, factor) => (Schedule)new Schedule.Step(every, factor));

    /// <summary>An exponential schedule: the rate is multiplied by rate (greater than 0) every epoch.</summary>
    private static Validation<ExperimentError, Schedule> ExponentialSchedule(ScheduleDto dto, Locator at) => dto.Rate switch
    {
        null => Invalid<Schedule>(MissingError($"{SchedulePath}.rate", "the factor per epoch, e.g. 0.99", at)),
        <= 0 and var rate => Invalid<Schedule>(ErrorCatalog.SettingOutOfRange(at.At($"{SchedulePath}.rate"), "rate", "greater than 0", rate, "e.g. 0.99")),
        var rate => Valid<Schedule>(new Schedule.Exponential(rate.Value)),
    };

    /// <summary>Early stopping: the held-out fraction strictly between 0 and 1, a patience of at least 1 epoch and a
    /// minimum improvement of at least 0.</summary>
    private static Validation<ExperimentError, EarlyStopping> EarlyStopping(EarlyStoppingDto dto, Locator at)
    {
        var validation = dto.Validation ?? 0.25;
        var patience = dto.Patience ?? 20;
        var minDelta = dto.MinDelta ?? 0;
        return All(
                FailWhen(validation is not (> 0 and < 1), () => ErrorCatalog.SettingOutOfRange(at.At($"{EarlyStoppingPath}.validation"), "validation",
                    "between 0 and 1 (exclusive)", validation, "the fraction of training rows held out, e.g. 0.25")),
                FailWhen(patience < 1, () => ErrorCatalog.SettingOutOfRange(at.At($"{EarlyStoppingPath}.patience"), "patience", "at least 1", patience)),
                FailWhen(minDelta < 0, () => ErrorCatalog.SettingOutOfRange(at.At($"{EarlyStoppingPath}.minDelta"), "minDelta", "at least 0", minDelta)))
            .Map(_ => new EarlyStopping(validation, patience, minDelta));
    }
}
