
namespace NeuralFunctional.Experiments;

/// <summary>The names the experiment file uses for activations, losses, initializers, transforms and optimizers,
/// in the order they are listed to users. The file's names are case-sensitive camelCase.</summary>
internal static class Names
{
    public static readonly IReadOnlyDictionary<string, ActivationKind> Activations = Ordered(
        ("step", ActivationKind.Step), ("sign", ActivationKind.Sign), ("linear", ActivationKind.Linear),
        ("sigmoid", ActivationKind.Sigmoid), ("tanh", ActivationKind.Tanh), ("relu", ActivationKind.Relu),
        ("leakyRelu", ActivationKind.LeakyRelu), ("elu", ActivationKind.Elu), ("softplus", ActivationKind.Softplus),
        ("softmax", ActivationKind.Softmax));

    public static readonly IReadOnlyDictionary<string, LossKind> Losses = Ordered(
        ("mse", LossKind.Mse), ("bce", LossKind.Bce), ("ce", LossKind.Ce));

    public static readonly IReadOnlyDictionary<string, TransformKind> Transforms = Ordered(
        ("center", TransformKind.Center), ("standardize", TransformKind.Standardize), ("minmax", TransformKind.MinMax));

    public static readonly IReadOnlyList<string> Inits =
        ["zeros", "constant", "uniform", "normal", "xavierUniform", "xavierNormal", "heUniform", "heNormal"];

    public static readonly IReadOnlyList<string> Optimizers = ["sgd", "momentum", "nesterov", "adam"];

    public static readonly IReadOnlyList<string> Schedules = ["step", "exponential"];

    /// <summary>The settings each optimizer kind takes besides <c>kind</c>.</summary>
    public static IReadOnlyList<string> OptimizerParameters(string kind) => kind switch
    {
        "momentum" or "nesterov" => ["learningRate", "beta"],
        "adam" => ["learningRate", "beta1", "beta2", "epsilon"],
        _ => ["learningRate"],
    };

    /// <summary>The settings each schedule kind takes besides <c>kind</c>.</summary>
    public static IReadOnlyList<string> ScheduleParameters(string kind) => kind == "step" ? ["every", "factor"] : ["rate"];

    public static string Of(Optimizer optimizer) => optimizer switch
    {
        Optimizer.Sgd => "sgd",
        Optimizer.Momentum => "momentum",
        Optimizer.Nesterov => "nesterov",
        Optimizer.Adam => "adam",
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer)),
    };

    public static readonly IReadOnlyList<string> Environments = ["bandit", "cartpole"];

    /// <summary>network.kind: feed-forward or Elman recurrent.</summary>
    public static readonly IReadOnlyList<string> NetworkKinds = ["dense", "elman"];

    public static readonly IReadOnlyDictionary<string, SequenceTargets> SequenceTargetModes = Ordered(
        ("perStep", SequenceTargets.PerStep), ("last", SequenceTargets.Last));

    public static string Of(SequenceTargets targets) => SequenceTargetModes.First(p => p.Value == targets).Key;

    public static readonly IReadOnlyDictionary<string, CsvTargetKind> CsvTargetKinds = Ordered(
        ("class", CsvTargetKind.Class), ("number", CsvTargetKind.Number));

    public static string Of(CsvTargetKind kind) => CsvTargetKinds.First(p => p.Value == kind).Key;

    public static string Of(ActivationKind kind) => Activations.First(p => p.Value == kind).Key;

    public static string Of(LossKind kind) => Losses.First(p => p.Value == kind).Key;

    public static string Of(TransformKind kind) => Transforms.First(p => p.Value == kind).Key;

    public static string Of(Initializer init) => init switch
    {
        Initializer.Zeros => "zeros",
        Initializer.Constant => "constant",
        Initializer.Uniform => "uniform",
        Initializer.Normal => "normal",
        Initializer.XavierUniform => "xavierUniform",
        Initializer.XavierNormal => "xavierNormal",
        Initializer.HeUniform => "heUniform",
        Initializer.HeNormal => "heNormal",
        _ => throw new ArgumentOutOfRangeException(nameof(init)),
    };

    /// <summary>The parameters each initializer kind takes besides <c>kind</c>.</summary>
    public static IReadOnlyList<string> InitParameters(string kind) => kind switch
    {
        "constant" => ["value", "bias"],
        "uniform" => ["low", "high", "bias"],
        "normal" => ["mean", "std", "bias"],
        _ => ["bias"],
    };

    /// <summary>The parameters each activation kind takes besides <c>kind</c>.</summary>
    public static IReadOnlyList<string> ActivationParameters(ActivationKind kind) => kind switch
    {
        ActivationKind.Step => ["threshold"],
        ActivationKind.LeakyRelu or ActivationKind.Elu => ["alpha"],
        _ => [],
    };

    private static OrderedDictionary<string, T> Ordered<T>(params (string Name, T Value)[] pairs)
    {
        var d = new OrderedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs) d.Add(name, value);
        return d;
    }
}
