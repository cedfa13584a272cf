using System.Diagnostics;
using Balsam.Apps;
using Balsam.Jobs;
using Balsam.Sites;
using Balsam.Users;
using Npgsql;

namespace Balsam.Benchmarks;

/// <summary>Bulk create against PostgreSQL's COPY of the same rows, and transitions through job grains against PostgreSQL's own commits.</summary>
public sealed class JobStoreBenchmarks(BenchmarkCluster cluster, Report report, BenchSizes sizes)
{
    private const int InFlight = 64;
    private IJobServiceGrain Jobs => cluster.Client.GetGrain<IJobServiceGrain>(0);

    public async Task RunAsync()
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
    }

    public static List<JobSpec> Specs(long siteId, string app, string prefix, int count, int first = 0) =>
        Enumerable.Range(first, count).Select(i => new JobSpec
        {
            SiteId = siteId,
            AppName = app,
            Workdir = $"{prefix}/{i}",
            Parameters = new() { ["i"] = i.ToString() },
            Tags = new() { ["bench"] = prefix },
        }).ToList();

    private async Task BulkCreateAsync(long siteId)
    {
        var (rounds, batch) = (sizes.BulkRounds, sizes.BulkBatch);
        Console.WriteLine($"Bulk create: {rounds} x {batch:N0} jobs");
        await Jobs.CreateAsync(Specs(siteId, "Plain", "warmup", 1000));
        var (client0, silo0, postgres0) = (ProcessCpu.Milliseconds(Environment.ProcessId), cluster.SiloCpuMilliseconds(), cluster.PostgresCpuMilliseconds());
        var clock = Stopwatch.StartNew();
        var lastCall = TimeSpan.Zero;
        for (var round = 0; round < rounds; round++)
        {
            var start = Stopwatch.GetTimestamp();
            await Jobs.CreateAsync(Specs(siteId, "Plain", $"bulk{round}", batch));
            lastCall = Stopwatch.GetElapsedTime(start);
        }

        var rate = rounds * batch / clock.Elapsed.TotalSeconds;
        var microsecondsPerJob = 1000.0 / (rounds * batch);
        var (client, silo, postgres) = ((ProcessCpu.Milliseconds(Environment.ProcessId) - client0) * microsecondsPerJob,
            (cluster.SiloCpuMilliseconds() - silo0) * microsecondsPerJob, (cluster.PostgresCpuMilliseconds() - postgres0) * microsecondsPerJob);
        Console.WriteLine($"  CPU per job created: client {client:F1} us, silo {silo:F1} us, PostgreSQL {postgres:F1} us; wall {1e6 / rate:F1} us");
        var copy = await CopyRateAsync(rounds, batch);
        report.Figure("bulk_create_jobs_per_s", rate, "jobs/s", copy, "PostgreSQL COPY of the same rows+events");
        report.Figure("bulk_create_ratio", rate / copy, "x", 0.6, "bar");
        // The first calls of a freshly started silo run largely in JIT-compiled code still being tiered up; the last call
        // shows how far the warmed-up path is from the limit.
        report.Detail("bulk create, the last call alone (jobs/s)", batch / lastCall.TotalSeconds, "jobs/s", "PostgreSQL COPY of the same rows+events", copy);

        // The store alone (no grain call, no validation): separates SQL cost from the rest.
        var store = new Balsam.Silo.Storage.Jobs.PostgresJobStore(NpgsqlDataSource.Create(cluster.ConnectionString),
            Microsoft.Extensions.Options.Options.Create(new Balsam.Silo.Storage.BalsamPostgresOptions { ConnectionString = cluster.ConnectionString }));
        var app = await cluster.Client.GetGrain<ISiteGrain>(siteId).GetAppAsync("Plain");
        clock.Restart();
        for (var round = 0; round < rounds; round++)
        {
            var validated = JobSpecValidator.Validate(Specs(siteId, "Plain", $"store{round}", batch), (_, _) => app,
                _ => new SiteInfo { Id = siteId, Name = "bench", Path = "/bench", Owner = "bench" });
            await store.InsertAsync(validated);
        }

        report.Detail("bulk insert through the job store alone (jobs/s)", rounds * batch / clock.Elapsed.TotalSeconds, "jobs/s",
            "PostgreSQL COPY of the same rows+events", copy);
    }

    /// <summary>The same rows and their two events, copied in per batch into tables with the same columns and indexes: no validation, no grains.</summary>
    private async Task<double> CopyRateAsync(int rounds, int batch)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using (var setup = new NpgsqlCommand(
            "CREATE TABLE raw_jobs (LIKE jobs INCLUDING ALL); CREATE TABLE raw_events (LIKE job_events INCLUDING ALL);", connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            var first = round * batch + 1;
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var jobs = await connection.BeginTextImportAsync(
                "COPY raw_jobs (id, site_id, app_id, app_name, workdir, parameters, tags, state, last_update, created_at) FROM STDIN"))
            {
                for (var id = first; id < first + batch; id++)
                {
                    await jobs.WriteAsync($"{id}\t1\t1\tPlain\tbulk{round}/{id}\t{{\"i\": \"{id}\"}}\t{{\"bench\": \"bulk{round}\"}}\tPREPROCESSED\tnow\tnow\n");
                }
            }

            await using (var events = await connection.BeginTextImportAsync("COPY raw_events (job_id, timestamp, from_state, to_state, data) FROM STDIN"))
            {
                for (var id = first; id < first + batch; id++)
                {
                    await events.WriteAsync($"{id}\tnow\tCREATED\tSTAGED_IN\t{{}}\n{id}\tnow\tSTAGED_IN\tPREPROCESSED\t{{}}\n");
                }
            }

            await transaction.CommitAsync();
        }

        return rounds * batch / clock.Elapsed.TotalSeconds;
    }

    private async Task TransitionsAsync(long siteId)
    {
        var count = Math.Min(sizes.Transitions, sizes.BulkRounds * sizes.BulkBatch);
        Console.WriteLine($"Transitions through job grains: {count:N0}, {InFlight} in flight");
        var jobs = await Jobs.CreateAsync(Specs(siteId, "Hooked", "transitions", count));
        var grains = jobs.Select(j => cluster.Client.GetGrain<IJobGrain>(j.Id)).ToList();

        var first = await TimedAsync(grains, g => g.UpdateAsync(JobPatch.ToState(Balsam.States.JobState.Preprocessed)));
        report.Detail("transition, first call (activation + write) (/s)", count / first.TotalSeconds, "/s",
            "PostgreSQL UPDATE+event commits, 64 clients", await RawTransitionRateAsync(count));
        // Only a launcher session holding a job may start it: lease them all first, then report RUNNING as a launcher does.
        var site = cluster.Client.GetGrain<ISiteGrain>(siteId);
        var session = cluster.Client.GetGrain<Balsam.Sessions.ISessionGrain>((await site.OpenSessionAsync(null)).Id);
        var filter = new Dictionary<string, string> { ["bench"] = "transitions" };
        while ((await session.AcquireAsync(new Balsam.Sessions.AcquireRequest { MaxJobs = 10_000, FilterTags = filter })).Count > 0)
        {
        }

        var sessionId = session.GetPrimaryKeyLong();
        var active = await TimedAsync(grains, g => g.UpdateAsync(new JobPatch { State = Balsam.States.JobState.Running, SessionId = sessionId }));
        var calls = await TimedAsync(grains, g => g.GetAsync());
        report.Detail("transition of an active job (/s)", count / active.TotalSeconds, "/s",
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
        await using var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString);
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
        return count / clock.Elapsed.TotalSeconds;
    }
}
