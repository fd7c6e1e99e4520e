using NeuralFunctional.Core;

namespace NeuralFunctional.Experiments;

// The optimizer and the training controls (weight decay, learning-rate schedule, early stopping): kinds, the settings
// each kind takes, defaults and ranges.
internal sealed partial class ExperimentRules
{
    private const string OptimizerPath = "training.optimizer";
    private const string SchedulePath = "training.schedule";
    private const string EarlyStoppingPath = "training.earlyStopping";

    private Optimizer? Optimizer(OptimizerDto? dto)
    {
        var kind = dto?.Kind ?? "sgd";
        var known = Names.Optimizers.Contains(kind);
        if (!known) Error(ErrorCatalog.UnknownOptimizer(at.At($"{OptimizerPath}.kind"), kind));
        var learningRate = dto?.LearningRate ?? (kind == "adam" ? 0.01 : 0.1);
        if (learningRate <= 0) return RejectRef<Optimizer>(ErrorCatalog.LearningRateNotPositive(at.At($"{OptimizerPath}.learningRate"), learningRate));
        if (!known) return null;
        var takes = Names.OptimizerParameters(kind);
        var ok = dto is null
                 || (Applies("beta", dto.Beta, kind, takes, OptimizerPath) & Applies("beta1", dto.Beta1, kind, takes, OptimizerPath)
                     & Applies("beta2", dto.Beta2, kind, takes, OptimizerPath) & Applies("epsilon", dto.Epsilon, kind, takes, OptimizerPath));
        if (!ok) return null;
        var beta = Decay("beta", dto?.Beta ?? 0.9);
        var beta1 = Decay("beta1", dto?.Beta1 ?? 0.9);
        var beta2 = Decay("beta2", dto?.Beta2 ?? 0.999);
        var epsilon = dto?.Epsilon ?? 1e-8;
        if (epsilon <= 0) ok = Fails(ErrorCatalog.SettingOutOfRange(at.At($"{OptimizerPath}.epsilon"), "epsilon", "greater than 0", epsilon, "e.g. 1e-8"));
        if (!ok || beta is null || beta1 is null || beta2 is null) return null;
        return kind switch
        {
            "sgd" => new Optimizer.Sgd(learningRate),
            "momentum" => new Optimizer.Momentum(learningRate, beta.Value),
            "nesterov" => new Optimizer.Nesterov(learningRate, beta.Value),
            _ => new Optimizer.Adam(learningRate, beta1.Value, beta2.Value, epsilon),
        };
    }

    /// <summary>A decay rate β of the optimizer: 0 ≤ β &lt; 1 (β = 1 would never forget, β &gt; 1 grows without bound).</summary>
    private double? Decay(string key, double value)
    {
        if (value is >= 0 and < 1) return value;
        Error(ErrorCatalog.SettingOutOfRange(at.At($"{OptimizerPath}.{key}"), key, "in [0, 1)", value, "typical values are 0.9 to 0.999"));
        return null;
    }

    /// <summary>Weight decay, schedule and early stopping; <c>Ok</c> is false when any of them is wrong.</summary>
    private (double WeightDecay, Schedule? Schedule, EarlyStopping? EarlyStopping, bool Ok) Controls(TrainingDto dto)
    {
        var ok = true;
        var weightDecay = dto.WeightDecay ?? 0;
        if (weightDecay < 0)
            ok = Fails(ErrorCatalog.SettingOutOfRange(at.At("training.weightDecay"), "weightDecay", "at least 0", weightDecay, "e.g. 0.0001; 0 turns it off"));
        var schedule = dto.Schedule is null ? null : Schedule(dto.Schedule);
        var earlyStopping = dto.EarlyStopping is null ? null : EarlyStopping(dto.EarlyStopping);
        ok &= (dto.Schedule is null || schedule is not null) && (dto.EarlyStopping is null || earlyStopping is not null);
        return (weightDecay, schedule, earlyStopping, ok);
    }

    private Schedule? Schedule(ScheduleDto dto)
    {
        if (dto.Kind is null) return RejectRef<Schedule>(MissingError($"{SchedulePath}.kind", $"one of {string.Join(", ", Names.Schedules)}"));
        if (!Names.Schedules.Contains(dto.Kind)) return RejectRef<Schedule>(ErrorCatalog.UnknownSchedule(at.At($"{SchedulePath}.kind"), dto.Kind));
        var takes = Names.ScheduleParameters(dto.Kind);
        var ok = Applies("every", dto.Every, dto.Kind, takes, SchedulePath) & Applies("factor", dto.Factor, dto.Kind, takes, SchedulePath)
                 & Applies("rate", dto.Rate, dto.Kind, takes, SchedulePath);
        if (!ok) return null;
        if (dto.Kind == "step")
        {
            if (dto.Every is null) ok = Fails(MissingError($"{SchedulePath}.every", "after how many epochs the rate is multiplied by factor"));
            else if (dto.Every < 1) ok = Fails(ErrorCatalog.SettingOutOfRange(at.At($"{SchedulePath}.every"), "every", "at least 1", dto.Every.Value));
            if (dto.Factor is null) ok = Fails(MissingError($"{SchedulePath}.factor", "what the rate is multiplied by, e.g. 0.5"));
            else if (dto.Factor <= 0) ok = Fails(ErrorCatalog.SettingOutOfRange(at.At($"{SchedulePath}.factor"), "factor", "greater than 0", dto.Factor.Value, "e.g. 0.5 halves the rate"));
            return ok ? new Schedule.Step(dto.Every!.Value, dto.Factor!.Value) : null;
        }
        if (dto.Rate is null) return RejectRef<Schedule>(MissingError($"{SchedulePath}.rate", "the factor per epoch, e.g. 0.99"));
        if (dto.Rate <= 0) return RejectRef<Schedule>(ErrorCatalog.SettingOutOfRange(at.At($"{SchedulePath}.rate"), "rate", "greater than 0", dto.Rate.Value, "e.g. 0.99"));
        return new Schedule.Exponential(dto.Rate.Value);
    }

    private EarlyStopping? EarlyStopping(EarlyStoppingDto dto)
    {
        var ok = true;
        var validation = dto.Validation ?? 0.25;
        if (validation is not (> 0 and < 1))
            ok = Fails(ErrorCatalog.SettingOutOfRange(at.At($"{EarlyStoppingPath}.validation"), "validation", "between 0 and 1 (exclusive)", validation,
                "the fraction of training rows held out, e.g. 0.25"));
        var patience = dto.Patience ?? 20;
        if (patience < 1)
            ok = Fails(ErrorCatalog.SettingOutOfRange(at.At($"{EarlyStoppingPath}.patience"), "patience", "at least 1", patience));
        var minDelta = dto.MinDelta ?? 0;
        if (minDelta < 0)
            ok = Fails(ErrorCatalog.SettingOutOfRange(at.At($"{EarlyStoppingPath}.minDelta"), "minDelta", "at least 0", minDelta));
        return ok ? new EarlyStopping(validation, patience, minDelta) : null;
    }
}
