using System.Globalization;
using System.Text.RegularExpressions;
using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Delivery;

/// <summary>
/// The cluster scheduler on PostgreSQL, with the real binary: two `run` instances share one database and
/// its Quartz tables; the prune job (shortened to every 2 s) fires once per period across both, and when
/// the instance that ran it last is killed with SIGKILL the other one runs the next periods.
/// </summary>
public sealed partial class ClusterJobTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);
    private readonly CliRunner _files = new();

    public void Dispose() => _files.Dispose();

    private AppProcess Run(string database) => AppProcess.Start(_files.DataDir, new Dictionary<string, string>
    {
        ["BorderAlert__ConfigDir"] = TestPaths.ConfigDir,
        ["BorderAlert__FeedsFile"] = _files.FeedsFile(),
        ["BorderAlert__Storage__Provider"] = "postgres",
        ["BorderAlert__Storage__ConnectionString"] = database,
        ["BorderAlert__Web__Urls"] = "http://127.0.0.1:0",
        ["BorderAlert__Scheduler__Jobs__prune"] = "00:00:02",
        ["BorderAlert__Scheduler__CheckinInterval"] = "00:00:01",
        ["BorderAlert__Scheduler__CheckinMisfireThreshold"] = "00:00:02",
    }, "run");

    private sealed record Firing(AppProcess Process, DateTimeOffset Scheduled, bool Recovered);

    [GeneratedRegex(@"Cluster job prune fired for (\S+) on instance \S+( \(recovered)?")]
    private static partial Regex FiredLine();

    private static List<Firing> Firings(params AppProcess[] processes) =>
        processes.SelectMany(p => FiredLine().Matches(p.Error).Select(m =>
            new Firing(p, DateTimeOffset.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), m.Groups[2].Success))).ToList();

    private static async Task<List<Firing>> WaitForFiringsAsync(Func<List<Firing>, bool> condition, TimeSpan timeout, params AppProcess[] processes)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var firings = Firings(processes);
            if (condition(firings)) return firings;
            Assert.True(DateTime.UtcNow < deadline, "waited in vain; the instances logged:\n" + string.Join("\n---\n", processes.Select(p => p.Error)));
            await Task.Delay(100);
        }
    }

    [SkippableFact]
    public async Task A_cluster_job_fires_once_per_period_and_moves_to_the_survivor_of_a_kill()
    {
        string database = postgres.CreateDatabase();
        using var a = Run(database);
        using var b = Run(database);

        // Both nodes up (the second replaced the stored trigger at its start) and five periods fired between them.
        var before = await WaitForFiringsAsync(f => f.Count(x => !x.Recovered) >= 5, TimeSpan.FromSeconds(90), a, b);
        Assert.False(a.HasExited, a.Error);
        Assert.False(b.HasExited, b.Error);
        AssertOncePerPeriod(before);

        var last = before.MaxBy(f => f.Scheduled)!;
        var (victim, survivor) = last.Process == a ? (a, b) : (b, a);
        victim.Signal(AppProcess.SigKill);
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var killedAt = DateTimeOffset.UtcNow;

        // The survivor notices the silent node (check-in 1 s + threshold 2 s) and runs the next periods.
        var after = await WaitForFiringsAsync(f => f.Count(x => x.Process == survivor && x.Scheduled > killedAt) >= 2, TimeSpan.FromSeconds(60), a, b);
        var firstAfter = after.Where(x => x.Process == survivor && x.Scheduled > killedAt).Min(x => x.Scheduled);
        Assert.True(firstAfter - killedAt < TimeSpan.FromSeconds(20), $"the survivor took over {firstAfter - killedAt} after the kill");
        AssertOncePerPeriod(after);
        Assert.False(survivor.HasExited, survivor.Error);
    }

    /// <summary>No period ran twice (a recovered run of a period cut short is a rerun, not a second firing), and firings are a period apart.</summary>
    private static void AssertOncePerPeriod(List<Firing> firings)
    {
        var times = firings.Where(f => !f.Recovered).Select(f => f.Scheduled).Order().ToList();
        for (int i = 1; i < times.Count; i++)
            Assert.True(times[i] - times[i - 1] >= Period, $"fired for {times[i - 1]:O} and again for {times[i]:O}, less than a period apart");
    }
}
