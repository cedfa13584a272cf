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
    [TestMethod]
    public async Task AStaleWriteFailsAloneAndConcurrentWritesAllCommitWithTheirEvents()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("groupcommit");
        long[] ids;
        await using (var silo = await TestSilo.StartAsync(connectionString))
        {
            var world = await JobWorld.CreateAsync(silo);
            ids = [.. (await world.Jobs.CreateAsync(Enumerable.Range(0, 300).Select(i => world.Spec($"gc/{i}", JobWorld.Hooked)).ToList())).Select(j => j.Id)];
        }

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
}
