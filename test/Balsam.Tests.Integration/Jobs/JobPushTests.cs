using System.Diagnostics;
using System.Threading.Channels;
using Balsam.Jobs;
using Balsam.Sessions;
using Balsam.Tests.Integration.Infrastructure;
using static Balsam.States.JobState;

namespace Balsam.Tests.Integration.Jobs;

/// <summary>State changes are pushed to subscribers as they commit: no polling loop anywhere.</summary>
[TestClass]
public sealed class JobPushTests
{
    private sealed class Recorder : IJobObserver
    {
        public Channel<JobRecord> Changes { get; } = Channel.CreateUnbounded<JobRecord>();

        public void OnJobChanged(JobRecord job) => Changes.Writer.TryWrite(job);
    }

    [TestMethod]
    public async Task ASubscriberHearsEveryStateChangeWithinMilliseconds()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("push"));
        var world = await JobWorld.CreateAsync(silo);
        var job = await world.CreateAsync(world.Spec("push/1"));
        var recorder = new Recorder();
        var reference = silo.Client.CreateObjectReference<IJobObserver>(recorder);

        var now = await world.Job(job.Id).SubscribeAsync(reference);
        Assert.AreEqual(Preprocessed, now.State, "subscribing returns the current state, so no change is missed");

        var session = await world.OpenSessionAsync();
        await session.AcquireAsync(new AcquireRequest());
        await world.Job(job.Id).UpdateAsync(new JobPatch { State = Running, SessionId = session.GetPrimaryKeyLong() });
        var running = await ReadAsync(recorder);
        Assert.AreEqual(Running, running.State);

        var clock = Stopwatch.StartNew();
        await world.ReportAsync(job.Id, session.GetPrimaryKeyLong(), RunDone);
        var finished = await ReadAsync(recorder);
        Assert.AreEqual(JobFinished, finished.State);
        Assert.IsTrue(clock.ElapsedMilliseconds < 1000, $"pushed in {clock.ElapsedMilliseconds} ms");

        await world.Job(job.Id).UnsubscribeAsync(reference);
        silo.Client.DeleteObjectReference<IJobObserver>(reference);
    }

    private static async Task<JobRecord> ReadAsync(Recorder recorder)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await recorder.Changes.Reader.ReadAsync(timeout.Token);
    }
}
