using Balsam.Jobs;
using Balsam.Silo.Storage;
using Balsam.Silo.Storage.Jobs;
using Balsam.States;
using Balsam.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Storage;

namespace Balsam.Tests.Integration.Jobs;

/// <summary>The group commit under the job grains: concurrent writes share transactions, and a stale writer loses alone.</summary>
[TestClass]
public sealed class GroupCommitTests
{
    /// <summary>A new database holding <paramref name="count"/> jobs in STAGED_IN, created through a silo that is gone again.</summary>
    private static async Task<(string ConnectionString, long[] Ids)> StagedInJobsAsync(string database, int count)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(database);
        await using var silo = await TestSilo.StartAsync(connectionString);
        var world = await JobWorld.CreateAsync(silo);
        var created = await world.Jobs.CreateAsync([.. Enumerable.Range(0, count).Select(i => world.Spec($"{database}/{i}", JobWorld.Hooked))]);
        return (connectionString, [.. created.Select(j => j.Id)]);
    }

    [TestMethod]
    public async Task AStaleWriteFailsAloneAndConcurrentWritesAllCommitWithTheirEvents()
    {
        var (connectionString, ids) = await StagedInJobsAsync("groupcommit", 300);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var options = Options.Create(new BalsamPostgresOptions { ConnectionString = connectionString });
        var store = new PostgresJobStore(dataSource, options);
        await using var writer = new JobWriteCoalescer(dataSource, options, NullLogger<JobWriteCoalescer>.Instance);
        var jobs = await Task.WhenAll(ids.Select(id => store.ReadAsync(id, CancellationToken.None)));

        JobWrite Move(JobRecord job, long expected) => new(
            job with { State = JobState.Preprocessed, LastUpdate = DateTimeOffset.UtcNow },
            expected,
            [new JobEvent(job.Id, DateTimeOffset.UtcNow, JobState.StagedIn, JobState.Preprocessed, "{}")],
            releaseStageOut: false,
            LeaseChange.Clear);

        var stale = writer.WriteAsync(Move(jobs[0]!, expected: 99));
        var fresh = jobs.Skip(1).Select(job => writer.WriteAsync(Move(job!, job!.Version))).ToList();

        await Assert.ThrowsExactlyAsync<InconsistentStateException>(() => stale);
        var versions = await Task.WhenAll(fresh);
        Assert.IsTrue(versions.All(v => v.Version == 2), "each committed row moved from version 1 to 2");
        Assert.IsFalse(versions.Any(v => v.FinishedWithChildren), "none of them finished");

        var staleRow = await store.ReadAsync(ids[0], CancellationToken.None);
        Assert.AreEqual(JobState.StagedIn, staleRow!.State, "the stale write changed nothing");
        Assert.AreEqual(1L, staleRow.Version);
        var events = await store.EventsAsync(new EventQuery { JobIds = [.. ids], ToState = JobState.Preprocessed });
        Assert.AreEqual(299, events.Count, "one event for every committed write and none for the stale one");
        Assert.IsFalse(events.Any(e => e.JobId == ids[0]));
    }

    [TestMethod]
    public async Task TheWritesOfOneReportBatchShareACommitEvenWhenTheyArriveApartAndALateOneHoldsNoneForLong()
    {
        var (connectionString, ids) = await StagedInJobsAsync("groupgather", 6);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        // A long gather limit, so that "apart" can be tens of milliseconds on a busy machine.
        var options = Options.Create(new BalsamPostgresOptions { ConnectionString = connectionString, GroupCommitGatherMs = 400 });
        var store = new PostgresJobStore(dataSource, options);
        await using var writer = new JobWriteCoalescer(dataSource, options, NullLogger<JobWriteCoalescer>.Instance);
        var jobs = (await Task.WhenAll(ids.Select(id => store.ReadAsync(id, CancellationToken.None)))).Select(j => j!).ToList();

        JobWrite Move(JobRecord job, int batchSize) => new(
            job with { State = JobState.Preprocessed, LastUpdate = DateTimeOffset.UtcNow },
            job.Version,
            [new JobEvent(job.Id, DateTimeOffset.UtcNow, JobState.StagedIn, JobState.Preprocessed, "{}")],
            releaseStageOut: false,
            LeaseChange.Clear,
            batchSize);

        // A batch of three whose first write comes a moment before the others (the grains of a batch finish apart).
        var firstOfBatch = writer.WriteAsync(Move(jobs[0], batchSize: 3));
        await Task.Delay(50);
        var rest = new[] { writer.WriteAsync(Move(jobs[1], batchSize: 3)), writer.WriteAsync(Move(jobs[2], batchSize: 3)) };
        await Task.WhenAll([firstOfBatch, .. rest]);
        var batchCommits = (long)(await Hosting.HostingFixtures.ScalarAsync(connectionString,
            $"SELECT count(DISTINCT xmin::text) FROM jobs WHERE id IN ({ids[0]}, {ids[1]}, {ids[2]})"))!;
        Assert.AreEqual(1L, batchCommits, "the batch's three writes went in one commit");

        // A batch of three of which only one write ever comes (the others were refused): it is committed once the
        // gather limit is over, not held longer.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (version, _) = await writer.WriteAsync(Move(jobs[3], batchSize: 3));
        Assert.AreEqual(2L, version);
        Assert.IsTrue(clock.Elapsed >= TimeSpan.FromMilliseconds(350), $"a lone write of a batch of three waited only {clock.Elapsed.TotalMilliseconds} ms");
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(3), $"a lone write of a batch waited {clock.Elapsed.TotalMilliseconds} ms");

        // Writes outside a batch are committed as they come: two apart are two commits.
        await writer.WriteAsync(Move(jobs[4], batchSize: 1));
        await writer.WriteAsync(Move(jobs[5], batchSize: 1));
        var loneCommits = (long)(await Hosting.HostingFixtures.ScalarAsync(connectionString,
            $"SELECT count(DISTINCT xmin::text) FROM jobs WHERE id IN ({ids[4]}, {ids[5]})"))!;
        Assert.AreEqual(2L, loneCommits);
    }
}
