using System.Diagnostics;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.States;
using Balsam.Users;
using Npgsql;

namespace Balsam.Benchmarks;

/// <summary>
/// A site holding <see cref="BenchSizes.StoreJobs"/> runnable jobs (a million in the full run), measured right after
/// the bulk load as a user meets it: listing by state and two tags, counting, acquisition, the CLI's whole listing
/// process, and the silo's memory.
/// </summary>
public sealed class LargeStoreBenchmarks(BenchmarkCluster cluster, Report report, BenchSizes sizes)
{
    private const int Groups = 10;
    private static readonly Dictionary<string, string> ListTags = new() { ["exp"] = "big", ["group"] = "g7" };

    public async Task RunAsync()
    {
        var total = sizes.StoreJobs;
        Console.WriteLine($"A site holding {total:N0} runnable jobs (list, count, acquire, CLI, silo memory)");
        var site = await cluster.Client.GetGrain<IUserGrain>("bench").CreateSiteAsync(new SiteSpec { Name = "store", Path = "/store" });
        await cluster.Client.GetGrain<ISiteGrain>(site.Id).RegisterAppAsync(new AppDefinition { Name = "Plain", CommandTemplate = "true {{ i }}" });
        var service = cluster.Client.GetGrain<IJobServiceGrain>(0);
        for (var created = 0; created < total; created += 10_000)
        {
            await service.CreateAsync(Enumerable.Range(created, Math.Min(10_000, total - created)).Select(i => new JobSpec
            {
                SiteId = site.Id,
                AppName = "Plain",
                Workdir = $"big/{i}",
                Parameters = new() { ["i"] = i.ToString() },
                Tags = new() { ["exp"] = "big", ["group"] = $"g{i % Groups}" },
            }).ToList());
        }

        await ListAsync(site.Id);
        await CountAsync();
        await AcquireAsync(site.Id);
        await CliAsync();
        report.Figure("silo_rss_1m_mb", cluster.SiloResidentMegabytes(), "MiB", null, $"none (silo RSS with {total:N0} jobs stored)", higherIsBetter: false);
    }

    private async Task ListAsync(long siteId)
    {
        var query = cluster.Sdk.Jobs.Where(state: JobState.Preprocessed, tags: ListTags).Take(100);
        var first = await query.ToListAsync();
        if (first.Count != Math.Min(100, sizes.StoreJobs / Groups))
        {
            throw new InvalidOperationException($"the listing returned {first.Count} jobs");
        }

        var times = await Percentiles.TimeAsync(sizes.QuerySamples, () => query.ToListAsync());
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        var raw = await Percentiles.TimeAsync(sizes.QuerySamples, async () =>
        {
            await using var select = new NpgsqlCommand(
                "SELECT * FROM jobs WHERE site_id = $1 AND state = 'PREPROCESSED' AND tags @> $2::jsonb ORDER BY id LIMIT 100", connection);
            select.Parameters.Add(new NpgsqlParameter { Value = siteId });
            select.Parameters.Add(new NpgsqlParameter { Value = """{"exp": "big", "group": "g7"}""" });
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        });
        report.Figure("list_1m_p50_ms", Percentiles.Of(times, 50), "ms", Percentiles.Of(raw, 50), "the same filter in raw SQL (p50)", higherIsBetter: false);
        report.Figure("list_1m_p99_ms", Percentiles.Of(times, 99), "ms", 50, "bar", higherIsBetter: false);
    }

    private async Task CountAsync()
    {
        var query = cluster.Sdk.Jobs.Where(state: JobState.Preprocessed, tags: new() { ["exp"] = "big" });
        var counted = await query.CountAsync();
        if (counted != sizes.StoreJobs)
        {
            throw new InvalidOperationException($"the count was {counted}, not {sizes.StoreJobs}");
        }

        var times = await Percentiles.TimeAsync(Math.Min(5, sizes.QuerySamples), () => query.CountAsync());
        report.Figure("count_1m_ms", Percentiles.Of(times, 50), "ms", 100, "bar", higherIsBetter: false);
    }

    private async Task AcquireAsync(long siteId)
    {
        var session = cluster.Client.GetGrain<ISessionGrain>((await cluster.Client.GetGrain<ISiteGrain>(siteId).OpenSessionAsync(null)).Id);
        var samples = Math.Min(20, sizes.StoreJobs / 100 / 4);
        var serial = await Percentiles.TimeAsync(samples, () => session.AcquireAsync(new AcquireRequest { MaxJobs = 100 }));
        var budget = await Percentiles.TimeAsync(samples, () => session.AcquireAsync(new AcquireRequest { MaxJobs = 100, MaxAggregateNodes = 100 }));
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        var raw = await Percentiles.TimeAsync(samples, async () =>
        {
            await using var select = new NpgsqlCommand("""
                WITH c AS (SELECT id FROM jobs WHERE site_id = $1 AND state IN ('PREPROCESSED', 'RESTART_READY') AND session_id IS NULL
                           ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED)
                UPDATE jobs SET session_id = -1 FROM c WHERE jobs.id = c.id RETURNING jobs.id
                """, connection);
            select.Parameters.Add(new NpgsqlParameter { Value = siteId });
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        });
        var rawMedian = Percentiles.Of(raw, 50);
        report.Figure("acquire_1m_p50_ms", Percentiles.Of(serial, 50), "ms", rawMedian, "raw SQL lease of 100 rows (p50)", higherIsBetter: false);
        report.Detail("acquire 100 jobs with a node budget (ms, p50)", Percentiles.Of(budget, 50), "ms", "raw SQL lease of 100 rows (ms)", rawMedian, higherIsBetter: false);
    }

    /// <summary>The whole <c>balsam job ls</c> process a user runs, against the whole <c>balsam --help</c> process.</summary>
    private async Task CliAsync()
    {
        var home = cluster.NewFolder("cli-home");
        var help = await Percentiles.TimeAsync(sizes.CliRuns, () => RunCliAsync(home, null, "--help"));
        string[] listing = ["job", "ls", "--state", "PREPROCESSED", "--tag", "exp=big", "--tag", "group=g7", "--limit", "100"];
        // One untimed run of each: the silo's first answer on a route compiles that route's code, a cost a service pays once.
        await RunCliAsync(home, cluster.Http, listing);
        await RunCliAsync(home, null, listing);
        var list = await Percentiles.TimeAsync(sizes.CliRuns, () => RunCliAsync(home, cluster.Http, listing));
        var gateway = await Percentiles.TimeAsync(sizes.CliRuns, () => RunCliAsync(home, null, listing));
        report.Figure("cli_list_ms", Percentiles.Of(list, 50), "ms", Percentiles.Of(help, 50), "`balsam --help` process (ms)", higherIsBetter: false);
        report.Detail("the same `balsam job ls` without the HTTP address, through the gateway (ms)", Percentiles.Of(gateway, 50), "ms",
            "`balsam --help` process (ms)", Percentiles.Of(help, 50), higherIsBetter: false);
    }

    /// <param name="home">The CLI's Balsam home.</param>
    /// <param name="http">The silo's HTTP address the CLI is given (<c>BALSAM_HTTP</c>); null for none.</param>
    /// <param name="args">The command line.</param>
    private async Task RunCliAsync(string home, Uri? http, params string[] args)
    {
        var info = new ProcessStartInfo(BenchmarkCluster.DotnetHost())
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = home,
        };
        info.ArgumentList.Add(RunAppBenchmarks.LauncherAssembly());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["BALSAM_HOME"] = home;
        info.Environment[BalsamClientOptions.GatewayVariable] = cluster.Gateway;
        info.Environment[BalsamClientOptions.HttpVariable] = http?.ToString();

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"balsam {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
        }

        await output;
    }
}
