using System.Diagnostics;
using Balsam.Apps;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.States;
using Balsam.Users;
using Npgsql;

namespace Balsam.Benchmarks;

/// <summary>Bulk create, transitions through grains, and acquisition, each against PostgreSQL's own rate for the same rows.</summary>
public sealed class JobStoreBenchmarks(BenchmarkCluster cluster, Report report)
{
    private const int InFlight = 64;
    private IJobServiceGrain Jobs => cluster.Client.GetGrain<IJobServiceGrain>(0);

    public async Task RunAsync(int runnableJobs)
    {
        var site = await cluster.Client.GetGrain<IUserGrain>("bench").CreateSiteAsync(new SiteSpec { Name = "bench", Path = "/bench" });
        var siteGrain = cluster.Client.GetGrain<ISiteGrain>(site.Id);
        await siteGrain.RegisterAppAsync(new AppDefinition { Name = "Plain", CommandTemplate = "true {{ i }}" });
        await siteGrain.RegisterAppAsync(new AppDefinition
        {
            Name = "Hooked",
            CommandTemplate = "true {{ i }}",
            OverriddenHooks = AppHooks.Preprocess | AppHooks.Postprocess,
        });

        await BulkCreateAsync(site.Id);
        await TransitionsAsync(site.Id);
        await AcquisitionAsync(site.Id, runnableJobs);
    }

    private static List<JobSpec> Specs(long siteId, string app, string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => new JobSpec
        {
            SiteId = siteId,
            AppName = app,
            Workdir = $"{prefix}/{i}",
            Parameters = new() { ["i"] = i.ToString() },
            Tags = new() { ["bench"] = prefix },
        }).ToList();

    private async Task BulkCreateAsync(long siteId)
    {
        Console.WriteLine("Bulk create");
        const int batch = 10_000;
        await Jobs.CreateAsync(Specs(siteId, "Plain", "warmup", 1000));
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 3; round++)
        {
            await Jobs.CreateAsync(Specs(siteId, "Plain", $"bulk{round}", batch));
        }

        var rate = 3 * batch / clock.Elapsed.TotalSeconds;
        var limit = await RawInsertRateAsync(3 * batch);
        report.Add("bulk create, 10,000 jobs per call (jobs/s)", rate, "jobs/s", "PostgreSQL INSERT of the same rows+events", limit);

        // The store alone (no grain call, no validation): separates SQL cost from the rest.
        var store = new Balsam.Silo.Storage.Jobs.PostgresJobStore(NpgsqlDataSource.Create(cluster.ConnectionString),
            Microsoft.Extensions.Options.Options.Create(new Balsam.Silo.Storage.BalsamPostgresOptions { ConnectionString = cluster.ConnectionString }));
        var app = await cluster.Client.GetGrain<ISiteGrain>(siteId).GetAppAsync("Plain");
        clock.Restart();
        for (var round = 0; round < 3; round++)
        {
            var validated = JobSpecValidator.Validate(Specs(siteId, "Plain", $"store{round}", batch), (_, _) => app,
                _ => new SiteInfo { Id = siteId, Name = "bench", Path = "/bench", Owner = "bench" });
            await store.InsertAsync(validated);
        }

        report.Add("bulk insert through the job store alone (jobs/s)", 3 * batch / clock.Elapsed.TotalSeconds, "jobs/s",
            "PostgreSQL INSERT of the same rows+events", limit);
    }

    /// <summary>The same rows and their two events inserted by one unnest statement each, with the same indexes: no validation, no grains.</summary>
    private async Task<double> RawInsertRateAsync(int count)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using (var setup = new NpgsqlCommand(
            "CREATE TABLE raw_jobs (LIKE jobs INCLUDING ALL); CREATE TABLE raw_events (LIKE job_events INCLUDING ALL);", connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        for (var start = 0; start < count; start += 10_000)
        {
            await using var insert = new NpgsqlCommand("""
                WITH j AS (
                    INSERT INTO raw_jobs (id, site_id, app_id, app_name, workdir, parameters, tags, state, last_update, created_at)
                    SELECT g, 1, 1, 'Plain', 'raw/' || g, jsonb_build_object('i', g), '{"bench":"raw"}', 'PREPROCESSED', now(), now()
                    FROM generate_series($1::bigint, $1 + 9999) g RETURNING id)
                INSERT INTO raw_events (job_id, timestamp, from_state, to_state, data)
                SELECT id, now(), s.f, s.t, '{}' FROM j, (VALUES ('CREATED', 'STAGED_IN'), ('STAGED_IN', 'PREPROCESSED')) s(f, t)
                """, connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = (long)start });
            await insert.ExecuteNonQueryAsync();
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private async Task TransitionsAsync(long siteId)
    {
        Console.WriteLine("Transitions through job grains, 64 in flight");
        const int count = 20_000;
        var jobs = await Jobs.CreateAsync(Specs(siteId, "Hooked", "transitions", count));
        var grains = jobs.Select(j => cluster.Client.GetGrain<IJobGrain>(j.Id)).ToList();

        var first = await TimedAsync(grains, g => g.UpdateAsync(JobPatch.ToState(JobState.Preprocessed)));
        report.Add("transition, first call (activation + write) (/s)", count / first.TotalSeconds, "/s",
            "PostgreSQL UPDATE+event commits, 64 clients", await RawTransitionRateAsync(count));
        // Only a launcher session holding a job may start it: lease them all first, then report RUNNING as a launcher does
        // (the fence reads each job's lease once, since the grain has not seen the acquisition).
        var site = cluster.Client.GetGrain<ISiteGrain>(siteId);
        var session = cluster.Client.GetGrain<Balsam.Sessions.ISessionGrain>((await site.OpenSessionAsync(null)).Id);
        var filter = new Dictionary<string, string> { ["bench"] = "transitions" };
        while ((await session.AcquireAsync(new Balsam.Sessions.AcquireRequest { MaxJobs = 10_000, FilterTags = filter })).Count > 0)
        {
        }

        var sessionId = session.GetPrimaryKeyLong();
        var active = await TimedAsync(grains, g => g.UpdateAsync(new JobPatch { State = JobState.Running, SessionId = sessionId }));
        var calls = await TimedAsync(grains, g => g.GetAsync());
        report.Add("transition of an active job (/s)", count / active.TotalSeconds, "/s",
            "grain calls without storage, 64 in flight", count / calls.TotalSeconds);
    }

    private static async Task<TimeSpan> TimedAsync<T>(List<IJobGrain> grains, Func<IJobGrain, Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(grains, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (grain, _) => await call(grain));
        return clock.Elapsed;
    }

    /// <summary>What a grain write costs without coalescing: one transaction per job (row update + one event), 64 clients.</summary>
    private async Task<double> RawTransitionRateAsync(int count)
    {
        var ids = Enumerable.Range(1, count).Select(i => (long)i).ToArray();
        var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (id, ct) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("UPDATE raw_jobs SET state = 'RUNNING', version = version + 1 WHERE id = $1") { Parameters = { new() { Value = id } } },
                    new NpgsqlBatchCommand("INSERT INTO raw_events (job_id, timestamp, from_state, to_state) VALUES ($1, now(), 'PREPROCESSED', 'RUNNING')") { Parameters = { new() { Value = id } } },
                },
            };
            await batch.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        });
        await dataSource.DisposeAsync();
        return count / clock.Elapsed.TotalSeconds;
    }

    private async Task AcquisitionAsync(long siteId, int runnableJobs)
    {
        Console.WriteLine($"Acquisition from a site holding {runnableJobs:N0} runnable jobs");
        var site = await cluster.Client.GetGrain<IUserGrain>("bench").CreateSiteAsync(new SiteSpec { Name = "acquire", Path = "/acquire" });
        await cluster.Client.GetGrain<ISiteGrain>(site.Id).RegisterAppAsync(new AppDefinition { Name = "Plain", CommandTemplate = "true {{ i }}" });
        for (var created = 0; created < runnableJobs; created += 10_000)
        {
            await Jobs.CreateAsync(Specs(site.Id, "Plain", $"acq{created}", Math.Min(10_000, runnableJobs - created)));
        }

        await using (var analyze = new NpgsqlConnection(cluster.ConnectionString))
        {
            await analyze.OpenAsync();
            await new NpgsqlCommand("ANALYZE jobs", analyze).ExecuteNonQueryAsync();
        }

        var session = cluster.Client.GetGrain<ISessionGrain>((await cluster.Client.GetGrain<ISiteGrain>(site.Id).OpenSessionAsync(null)).Id);
        var serial = await MedianAsync(() => session.AcquireAsync(new AcquireRequest { MaxJobs = 100 }));
        var mpi = await MedianAsync(() => session.AcquireAsync(new AcquireRequest { MaxJobs = 100, MaxAggregateNodes = 100 }));
        var raw = await RawLeaseLatencyAsync(site.Id);
        report.Add("acquire 100 jobs, serial (ms, median of 20)", serial, "ms", "raw SQL lease of 100 runnable rows (ms)", raw, higherIsBetter: false);
        report.Add("acquire 100 jobs, node budget (ms, median of 20)", mpi, "ms", "raw SQL lease of 100 runnable rows (ms)", raw, higherIsBetter: false);
    }

    private static async Task<double> MedianAsync(Func<Task> action)
    {
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return times.Order().ElementAt(times.Count / 2);
    }

    /// <summary>The least a lease can cost: lock 100 runnable rows and set their session, returning only ids.</summary>
    private async Task<double> RawLeaseLatencyAsync(long siteId)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        return await MedianAsync(async () =>
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
    }
}
