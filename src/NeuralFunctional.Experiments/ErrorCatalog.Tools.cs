namespace NeuralFunctional.Experiments;

// NF22xx: the tools around experiment files (nf new, nf explain). NF2207 (explain refused Elman networks) is retired.
// NF2209–NF2211: nf explain on a reinforcement-learning experiment. NF2212: a command given a kind of experiment it
// does not take (explain or sweep on a curves experiment).
public static partial class ErrorCatalog
{
    public static ExperimentError UnknownTemplate(string name, IReadOnlyCollection<string> templates) =>
        new("NF2201", "nf new", "", null, null, $"no template `{name}`",
            (DidYouMean.Suggest(name, templates) is { } s ? $"did you mean `{s}`? " : "") + $"templates: {string.Join(", ", templates)} (nf new --list)");

    public static ExperimentError FileExists(string path) =>
        new("NF2202", path, "", null, null, "already exists; nothing was written", "choose another file name, or add --force to overwrite it");

    public static ExperimentError UnknownRow(string file, string id, IReadOnlyCollection<string> ids) =>
        new("NF2203", file, "", null, null, $"no row with id `{id}`",
            (DidYouMean.Suggest(id, ids) is { } s ? $"did you mean `{s}`? " : "") + $"rows: {ListIds(ids)}");

    public static ExperimentError EpochOutOfRange(string file, int epoch, int epochs) =>
        new("NF2204", file, "training.epochs", null, null,
            epochs == 0 ? $"epoch {epoch}: the experiment does not train (no training section)" : $"epoch {epoch} is not one of the {epochs} training epochs",
            epochs == 0 ? "leave out --epoch: only the forward pass at the given parameters can be explained" : $"give --epoch from 0 to {epochs - 1} (0 = the initial parameters)");

    /// <summary>Training diverged before the epoch (or, <paramref name="unit"/> "episode", the reinforcement-learning
    /// episode) to explain.</summary>
    public static ExperimentError DivergedBefore(string file, int epoch, int diverged, string unit = "epoch") =>
        new("NF2205", file, "", null, null, $"training diverged at {unit} {diverged}, before {unit} {epoch}", "give an earlier --epoch, or a smaller learning rate");

    public static ExperimentError NoRows(string file) =>
        new("NF2206", file, "data", null, null, "has no rows to explain", "add a row to data.train or data.test");

    public static ExperimentError StoppedBefore(string file, int epoch, int stopped) =>
        new("NF2208", file, "training.earlyStopping", null, null, $"early stopping ended training at epoch {stopped}, before epoch {epoch}",
            $"give --epoch from 0 to {stopped}, the epochs training took");

    public static ExperimentError EpisodeOutOfRange(string file, int episode, int episodes) =>
        new("NF2209", file, "training.episodes", null, null, $"episode {episode} is not one of the {episodes} training episodes",
            $"give --epoch from 0 to {episodes - 1}: on a reinforcement-learning experiment --epoch N is episode N (0 = the first, played with the initial parameters)");

    public static ExperimentError SampleNotForReinforcement(string file, string sample) =>
        new("NF2210", file, "environment", null, null, $"--sample {sample}: a reinforcement-learning experiment has no data rows (the policy plays its own episodes)",
            "leave out --sample; choose the episode to explain with --epoch N");

    public static ExperimentError GoalReachedBefore(string file, int episode, int stopped) =>
        new("NF2211", file, "training.goal", null, null, $"the goal ended training after {stopped} episode{(stopped == 1 ? "" : "s")}, before episode {episode} (episodes count from 0)",
            $"give --epoch from 0 to {stopped - 1}, the episodes training played (or set training.goal.stop to false to play them all)");

    private static string ListIds(IReadOnlyCollection<string> ids) =>
        ids.Count <= 12 ? string.Join(", ", ids) : string.Join(", ", ids.Take(12)) + $", … ({ids.Count} in all)";

    public static ExperimentError WrongExperimentKind(string file, string command, ExperimentKind kind, string takes) =>
        new("NF2212", file, "", null, null, $"is {kind.Name}: `nf {command}` takes {takes}",
            kind is ExperimentKind.Curves ? $"a curves experiment trains nothing; draw it: nf plot {file} --kind activations --out curves.png" : $"see nf {command} --help");
}
