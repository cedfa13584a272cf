using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.SiteAgent;
using Balsam.Sites;
using Balsam.Tests.Integration.Cli;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Tests.Integration.BatchJobs;

/// <summary>
/// A silo, a client and the CLI for batch-job tests: sites made by `balsam site init` with quick periods, site agents
/// whose batch jobs start the built balsam, and waits that say where every job and batch job stands when they time out.
/// </summary>
internal sealed class BatchJobWorld : IAsyncDisposable
{
    private readonly CliTestSilo _silo;

    private BatchJobWorld(CliTestSilo silo, BalsamClient client, string root)
    {
        _silo = silo;
        Client = client;
        Root = root;
        Cli = new BalsamCliRunner(silo, Path.Combine(root, "home"));
    }

    public BalsamClient Client { get; }

    public BalsamCliRunner Cli { get; }

    public string Root { get; }

    public IJobServiceGrain Jobs => Client.Cluster.GetGrain<IJobServiceGrain>(0);

    public IBatchJobServiceGrain BatchJobs => Client.Cluster.GetGrain<IBatchJobServiceGrain>(0);

    public static async Task<BatchJobWorld> StartAsync(string prefix)
    {
        var silo = await CliTestSilo.StartAsync(prefix);
        return new BatchJobWorld(silo, await silo.ConnectAsync(), Directory.CreateTempSubdirectory($"balsam-{prefix}-").FullName);
    }

    /// <summary>`balsam site init NAME --platform P`, settings.yml tuned to react within a second or two, then `balsam site sync`.</summary>
    public async Task<SiteInfo> InitSiteAsync(string name, string platform, Func<string, string>? editSettings = null)
    {
        (await Cli.RunAsync(Root, "site", "init", name, "--platform", platform)).Succeeded();
        var folder = Path.Combine(Root, name);
        var settings = Path.Combine(folder, "settings.yml");
        var text = File.ReadAllText(settings)
            .Replace("idle_ttl_sec: 60", "idle_ttl_sec: 2")
            .Replace("sync_period: 10", "sync_period: 1")
            .Replace("delay_sec: 1", "delay_sec: 0.2");
        File.WriteAllText(settings, editSettings?.Invoke(text) ?? text);
        (await Cli.RunAsync(folder, "site", "sync")).Succeeded();
        return (await Client.Sites.ListAsync()).Single(s => s.Path == folder);
    }

    /// <summary>A site agent whose batch jobs run the built <c>balsam</c>; <paramref name="commands"/> runs the scheduler's commands.</summary>
    public SiteAgentService Agent(SiteInfo site, ICommandRunner? commands = null) => new(Client, site.Id, NullLogger.Instance)
    {
        BalsamCommand = [BalsamCliRunner.DotnetHost(), BalsamCliRunner.FindLauncherAssembly()],
        CommandRunner = commands ?? new ProcessCommandRunner(),
    };

    public async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, long siteId)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting: " + await DescribeAsync(siteId));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Every job and batch job of the site, with the batch-job scripts' output.</summary>
    public async Task<string> DescribeAsync(long siteId) =>
        string.Join("; ", (await Jobs.QueryAsync(new JobQuery { SiteIds = [siteId] })).Select(j => $"job {j.Workdir}={j.State} {j.StateData}"))
        + " | " + string.Join("; ", (await BatchJobs.QueryAsync(new BatchJobQuery { SiteIds = [siteId] })).Select(b =>
            $"batch job {b.Id}={b.State.Name()} {string.Join(",", b.StatusInfo.Select(p => $"{p.Key}={p.Value}"))}" + ScriptOutput(b)));

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _silo.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    private static string ScriptOutput(BatchJobRecord batchJob) =>
        batchJob.StatusInfo.TryGetValue("submit_script", out var script)
            ? string.Concat(new[] { ".output", ".error" }.Where(e => File.Exists(script + e)).Select(e => $" {e}: {File.ReadAllText(script + e)}"))
            : "";
}
