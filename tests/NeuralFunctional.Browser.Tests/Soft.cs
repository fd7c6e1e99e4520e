using Xunit.Sdk;

namespace NeuralFunctional.Browser.Tests;

/// <summary>
/// Checks that go on after one fails: a report page is opened once and every part of the contract checked on it, and
/// the test then fails with every failure, each named (a page that breaks two rules says both at once).
/// </summary>
public sealed class Soft
{
    private readonly List<string> failures = [];

    public async Task Check(string what, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (Exception e) when (e is not Xunit.SkipException)
        {
            failures.Add($"[{what}] {(e is XunitException ? "" : e.GetType().Name + ": ")}{e.Message.Trim()}");
        }
    }

    public Task Check(string what, Action check) => Check(what, () => { check(); return Task.CompletedTask; });

    public void AssertAll() =>
        Assert.True(failures.Count == 0, $"{failures.Count} check(s) failed:\n" + string.Join("\n", failures));
}
