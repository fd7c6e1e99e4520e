using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace NeuralFunctional.Cli.Tests;

/// <summary>The recipes in deploy/ (issue 15), run as far as this machine allows: each recipe's own nf commands, read
/// from its file, run with the environment its engine gives each task (a Kubernetes Indexed Job's pods, a GitHub
/// Actions matrix's jobs, a Slurm array's tasks), then its merge command: the summary is the unsharded bytes. The real
/// Slurm run is scripts/slurm-local.</summary>
public class DeployRecipeTests
{
    private static string Deploy(params string[] parts) => Path.Combine([Repo.Root, "deploy", .. parts]);

    private static YamlMappingNode Yaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] keys) =>
        keys.Aggregate(node, (n, key) => n is YamlSequenceNode seq ? seq.Children[int.Parse(key)] : ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static string Text(YamlNode node, params string[] keys) => ((YamlScalarNode)At(node, keys)).Value!;

    /// <summary>The words of the first line of <paramref name="script"/> that runs <c>nf VERB</c> (with quotes
    /// dropped and <paramref name="variables"/> put in), from the verb on.</summary>
    private static string[] NfCommand(string script, string verb, IReadOnlyDictionary<string, string> variables)
    {
        var line = script.Split('\n').Select(l => l.Trim()).Where(l => !l.StartsWith('#')).First(l => Regex.IsMatch(l, $@"(^|[/""\s])(nf|\$NF|\$\{{NF\}})""?\s+{verb}\s"));
        line = Regex.Replace(line, @"\s*\|\|.*$", "");
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('"')).ToList();
        words = words.Skip(words.IndexOf(verb)).ToList();
        return words.Select(w => Regex.Replace(w, @"\$\{(\w+):-(\w+)\}|\$\{?(\w+)\}?", m =>
            m.Groups[1].Success ? variables.GetValueOrDefault(m.Groups[1].Value, m.Groups[2].Value) : variables[m.Groups[3].Value])).ToArray();
    }

    private static byte[] Unsharded(TempDir temp)
    {
        var dir = temp.File("unsharded");
        var (exit, _, err) = Cli.Run("sweep", Repo.Experiment("hiring-seeds"), "--out", dir);
        Assert.True(exit == 0, err);
        return File.ReadAllBytes(Path.Combine(dir, "summary.json"));
    }

    [Fact]
    public void KubernetesIndexedJob_ItsPodsThenTheMergeJob_GiveTheUnshardedSummary()
    {
        var job = Yaml(Deploy("kubernetes", "sweep-job.yaml"));
        Assert.Equal("Indexed", Text(job, "spec", "completionMode"));
        var completions = int.Parse(Text(job, "spec", "completions"));
        var container = At(job, "spec", "template", "spec", "containers", "0");
        var script = string.Join("\n", ((YamlSequenceNode)At(container, "args")).Children.Select(c => ((YamlScalarNode)c).Value));
        var volume = Text(container, "volumeMounts", "0", "mountPath");

        using var temp = new TempDir();
        var data = temp.File("volume");
        Directory.CreateDirectory(Path.Combine(data, "experiments"));
        File.Copy(Repo.Experiment("hiring-seeds"), Path.Combine(data, "experiments", "hiring-seeds.json"));
        string[] OnVolume(string[] words) => words.Select(w => w.Replace(volume, data)).ToArray();

        var sweep = OnVolume(NfCommand(script, "sweep", new Dictionary<string, string>()));
        Assert.Contains($"auto/{completions}", sweep);
        for (var index = completions - 1; index >= 0; index--)
        {
            var (exit, _, err) = Cli.RunIn(new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = $"{index}" }, sweep);
            Assert.True(exit == 0, $"pod {index}: {err}");
        }
        var merge = OnVolume(((YamlSequenceNode)At(Yaml(Deploy("kubernetes", "merge-job.yaml")), "spec", "template", "spec", "containers", "0", "command"))
            .Children.Select(c => ((YamlScalarNode)c).Value!).ToArray());
        Assert.Equal("nf", merge[0]);
        var (mergeExit, _, mergeErr) = Cli.Run(merge[1..]);
        Assert.True(mergeExit == 0, mergeErr);
        Assert.Equal(Unsharded(temp), File.ReadAllBytes(Path.Combine(merge[^1], "summary.json")));
    }

    [Fact]
    public void GitHubActionsMatrix_ItsJobsThenTheMergeJob_GiveTheUnshardedSummary()
    {
        var workflow = Yaml(Deploy("github-actions", "sweep.yml"));
        var shardJob = At(workflow, "jobs", "shard");
        var shards = ((YamlSequenceNode)At(shardJob, "strategy", "matrix", "shard")).Children.Select(c => int.Parse(((YamlScalarNode)c).Value!)).ToList();
        Assert.Equal(Enumerable.Range(1, shards.Count), shards);
        var experiment = Text(workflow, "on", "workflow_dispatch", "inputs", "experiment", "default");
        var sweepStep = ((YamlSequenceNode)At(shardJob, "steps")).Children.Select(s => (YamlMappingNode)s)
            .Single(s => s.Children.TryGetValue(new YamlScalarNode("run"), out var run) && ((YamlScalarNode)run).Value!.Contains(" sweep "));
        var mergeStep = ((YamlSequenceNode)At(workflow, "jobs", "merge", "steps")).Children.Select(s => (YamlMappingNode)s)
            .Single(s => s.Children.TryGetValue(new YamlScalarNode("run"), out var run) && ((YamlScalarNode)run).Value!.Contains(" merge "));
        Assert.Equal("shard", Text(workflow, "jobs", "merge", "needs"));

        using var temp = new TempDir();
        var checkout = temp.File("checkout");
        Directory.CreateDirectory(Path.Combine(checkout, "experiments"));
        File.Copy(Path.Combine(Repo.Root, experiment), Path.Combine(checkout, experiment));
        string[] InCheckout(string[] words) => words.Select(w => w == experiment || w.StartsWith("out/", StringComparison.Ordinal) ? Path.Combine(checkout, w) : w).ToArray();

        var artifacts = new List<string>();
        foreach (var shard in shards.AsEnumerable().Reverse())
        {
            // Each matrix job has its own runner: its own out/sweep, uploaded as an artifact.
            var nfShard = Text(shardJob, "env", "NF_SHARD").Replace("${{ matrix.shard }}", $"{shard}");
            var runner = temp.File($"runner-{shard}");
            var words = NfCommand(Text(sweepStep, "run"), "sweep", new Dictionary<string, string> { ["EXPERIMENT"] = experiment })
                .Select(w => w.StartsWith("out/", StringComparison.Ordinal) ? Path.Combine(runner, w) : w == experiment ? Path.Combine(checkout, w) : w).ToArray();
            var (exit, _, err) = Cli.RunIn(new Dictionary<string, string> { ["NF_SHARD"] = nfShard }, words);
            Assert.True(exit == 0, $"matrix job {shard}: {err}");
            artifacts.Add(Path.Combine(runner, "out", "sweep"));
        }
        // download-artifact with merge-multiple: every artifact's files into one out/sweep.
        var merged = Path.Combine(checkout, "out", "sweep");
        Directory.CreateDirectory(merged);
        foreach (var file in artifacts.SelectMany(Directory.GetFiles)) File.Copy(file, Path.Combine(merged, Path.GetFileName(file)), overwrite: true);
        var (mergeExit, _, mergeErr) = Cli.Run(InCheckout(NfCommand(Text(mergeStep, "run"), "merge", new Dictionary<string, string>())));
        Assert.True(mergeExit == 0, mergeErr);
        Assert.Equal(Unsharded(temp), File.ReadAllBytes(Path.Combine(merged, "summary.json")));
    }

    [Fact]
    public void SlurmArray_ItsTasksThenTheMergeJob_GiveTheUnshardedSummary()
    {
        var array = File.ReadAllText(Deploy("slurm", "sweep-array.sbatch"));
        var mergeScript = File.ReadAllText(Deploy("slurm", "merge.sbatch"));
        Assert.Contains("afterok:", File.ReadAllText(Deploy("slurm", "submit.sh")));
        using var temp = new TempDir();
        var variables = new Dictionary<string, string> { ["EXPERIMENT"] = Repo.Experiment("hiring-seeds"), ["OUT"] = temp.File("out"), ["NF"] = "nf" };
        var sweep = NfCommand(array, "sweep", variables);
        Assert.Contains("auto", sweep);
        // --array=1-4 as submit.sh submits it by default, tasks in any order.
        foreach (var id in new[] { 3, 1, 4, 2 })
        {
            var env = new Dictionary<string, string>
            {
                ["SLURM_ARRAY_JOB_ID"] = "7", ["SLURM_ARRAY_TASK_ID"] = $"{id}", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_MAX"] = "4",
                ["SLURM_ARRAY_TASK_COUNT"] = "4", ["SLURM_ARRAY_TASK_STEP"] = "1",
            };
            var (exit, _, err) = Cli.RunIn(env, sweep);
            Assert.True(exit == 0, $"task {id}: {err}");
        }
        var (mergeExit, _, mergeErr) = Cli.Run(NfCommand(mergeScript, "merge", variables));
        Assert.True(mergeExit == 0, mergeErr);
        Assert.Equal(Unsharded(temp), File.ReadAllBytes(Path.Combine(temp.File("out"), "summary.json")));
    }
}
