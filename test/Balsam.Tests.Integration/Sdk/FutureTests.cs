using System.Diagnostics;
using Balsam.Client;
using Balsam.Client.Jobs;
using Balsam.Client.Serialization;
using Balsam.States;
using Balsam.Tests.Integration.Sdk.Apps;

namespace Balsam.Tests.Integration.Sdk;

/// <summary>Jobs as futures: results and failures pushed to the caller as the job ends; waits that return or time out.</summary>
[TestClass]
public sealed class FutureTests
{
    private static SdkWorld _world = null!;

    private static BalsamClient Balsam => _world.Client;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _world = await SdkWorld.StartAsync("sdkfuture");
        await Balsam.Apps.SyncAsync<Adder>();
        await Balsam.Apps.SyncAsync<VecNorm>();
        await Balsam.Apps.SyncAsync<Sleeper>();
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _world.DisposeAsync();

    private static JobOptions Tagged(string test) => new() { Tags = { ["test"] = test } };

    [TestMethod]
    public async Task TheReturnValueIsPushedToResultAsyncWithinMillisecondsOfTheJobFinishing()
    {
        var job = await Balsam.Jobs.SubmitAsync<Adder>("future/5plus5", new { x = 5, y = 5 }, Tagged("value"));
        await using var launcher = await _world.LauncherAsync("value");
        await launcher.StartAsync(job);

        var result = job.ResultAsync<int>(TimeSpan.FromSeconds(30));
        Assert.AreEqual(0, BalsamJson.FromLiteral<int>("0"), "JSON reading is warm before the clock starts");
        await Task.Delay(300);
        Assert.IsFalse(result.IsCompleted, "still running");

        var clock = Stopwatch.StartNew();
        await launcher.ReturnAsync(job, 10);
        var finishedAt = clock.Elapsed;
        Assert.AreEqual(10, await result);
        var latency = clock.Elapsed - finishedAt;

        Assert.IsLessThan(250.0, latency.TotalMilliseconds, $"the result arrived {latency.TotalMilliseconds:F1} ms after the job finished");
        Assert.AreEqual(JobState.JobFinished, job.State, "the job is refreshed");
        Assert.AreEqual(10, job.ResultNoWait<int>());
        Assert.IsTrue(job.TryGetResult<int>(out var again) && again == 10);
        Assert.IsTrue(await job.IsDoneAsync());
        Console.WriteLine($"result pushed {latency.TotalMilliseconds:F1} ms after RUN_DONE committed");
    }

    [TestMethod]
    public async Task AResultOfAnyJsonShapeIsRead()
    {
        var job = await Balsam.Jobs.SubmitAsync<VecNorm>("future/norm", new { vec = new[] { 3.0, 4.0 } }, Tagged("norm"));
        await using var launcher = await _world.LauncherAsync("norm");
        await launcher.StartAsync(job);
        await launcher.ReturnAsync(job, 5.0);

        Assert.AreEqual(5.0, await job.ResultAsync<double>(TimeSpan.FromSeconds(10)));
        var raw = await job.ResultAsync<System.Text.Json.Nodes.JsonNode>();
        Assert.AreEqual(5.0, (double)raw!);
        Assert.ThrowsExactly<InvalidCastException>(() => job.ResultNoWait<int[]>());
    }

    [TestMethod]
    public async Task AnExceptionThrownByRunReachesTheCallerWithItsTypeAndMessage()
    {
        var job = await Balsam.Jobs.SubmitAsync<Adder>("future/throws", new { x = 1, y = 0 }, Tagged("throws"));
        await using var launcher = await _world.LauncherAsync("throws");
        await launcher.StartAsync(job);
        var result = job.ResultAsync<int>(TimeSpan.FromSeconds(30));

        await launcher.ThrowAsync(job, "System.DivideByZeroException", "Attempted to divide by zero.");

        var error = await Assert.ThrowsExactlyAsync<BalsamJobFailedException>(() => result);
        Assert.AreEqual("System.DivideByZeroException", error.RemoteType);
        Assert.AreEqual("Attempted to divide by zero.", error.RemoteMessage);
        StringAssert.Contains(error.RemoteStackTrace, "Remote.Run");
        Assert.AreEqual(job.Id, error.JobId);
        Assert.AreEqual(JobState.Failed, error.State);
        StringAssert.Contains(error.Message, "threw System.DivideByZeroException: Attempted to divide by zero.");
        Assert.ThrowsExactly<BalsamJobFailedException>(() => job.TryGetResult<int>(out _));
    }

    [TestMethod]
    public async Task ACommandJobThatFailedIsAFailureWithItsStateDataAndOneThatFinishedHasNoResult()
    {
        var failing = await Balsam.Jobs.SubmitAsync<Sleeper>("future/cmd-fail", new { seconds = 1 }, Tagged("cmd"));
        var fine = await Balsam.Jobs.SubmitAsync<Sleeper>("future/cmd-ok", new { seconds = 1 }, Tagged("cmd"));
        await using var launcher = await _world.LauncherAsync("cmd");
        await launcher.StartAsync(failing, fine);
        await launcher.ExitAsync(failing, 3, "sleep: invalid time interval");
        await launcher.FinishCommandAsync(fine);

        var error = await Assert.ThrowsExactlyAsync<BalsamJobFailedException>(() => failing.ResultAsync<string>(TimeSpan.FromSeconds(10)));
        Assert.IsNull(error.RemoteType);
        StringAssert.Contains(error.StateData, "sleep: invalid time interval");
        StringAssert.Contains(error.Message, "FAILED (return code 3): sleep: invalid time interval");

        await fine.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.AreEqual(JobState.JobFinished, fine.State);
        var none = Assert.ThrowsExactly<NoResultException>(() => fine.ResultNoWait<string>());
        StringAssert.Contains(none.Message, "only Run apps return values");
    }

    [TestMethod]
    public async Task WaitingTooLongThrowsTimeoutExceptionAndTheWaitCanBeCancelled()
    {
        var job = await Balsam.Jobs.SubmitAsync<Adder>("future/never", new { x = 1, y = 1 });

        var clock = Stopwatch.StartNew();
        var timeout = await Assert.ThrowsExactlyAsync<TimeoutException>(() => job.ResultAsync<int>(TimeSpan.FromMilliseconds(300)));
        Assert.IsLessThan(5.0, clock.Elapsed.TotalSeconds);
        StringAssert.Contains(timeout.Message, $"Job {job.Id}");
        var notDone = Assert.ThrowsExactly<NoResultException>(() => job.ResultNoWait<int>());
        StringAssert.Contains(notDone.Message, "PREPROCESSED");

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAsync<OperationCanceledException>(() => job.WaitAsync(cancellationToken: cancel.Token));

        var outcome = await Balsam.Jobs.WaitAsync([job], timeout: TimeSpan.FromMilliseconds(200));
        Assert.IsEmpty(outcome.Done);
        Assert.AreSame(job, outcome.NotDone.Single());
    }

    [TestMethod]
    public async Task WaitAsyncReturnsAtTheFirstCompletionOrWhenAllAreDone()
    {
        var jobs = await Balsam.Jobs.BulkCreateAsync(Enumerable.Range(0, 3)
            .Select(i => Balsam.Jobs.New<Adder>($"future/wait/{i}", new { x = i, y = i }, Tagged("wait"))));
        await using var launcher = await _world.LauncherAsync("wait");
        await launcher.StartAsync(jobs);

        var first = Balsam.Jobs.WaitAsync(jobs, ReturnWhen.FirstCompleted, TimeSpan.FromSeconds(30));
        var all = Balsam.Jobs.WaitAsync(jobs, ReturnWhen.AllCompleted, TimeSpan.FromSeconds(30));
        await Task.Delay(200);
        Assert.IsFalse(first.IsCompleted);

        await launcher.ReturnAsync(jobs[1], 2);
        var (done, notDone) = await first;
        Assert.AreEqual(jobs[1].Id, done.Single().Id);
        Assert.HasCount(2, notDone);
        Assert.IsFalse(all.IsCompleted);

        await launcher.ReturnAsync(jobs[2], 4);
        await launcher.ReturnAsync(jobs[0], 0);
        var everything = await all;
        Assert.HasCount(3, everything.Done);
        Assert.IsEmpty(everything.NotDone);
        CollectionAssert.AreEqual(new[] { 0, 2, 4 }, jobs.Select(j => j.ResultNoWait<int>()).ToList());
    }

    [TestMethod]
    public async Task AsCompletedYieldsDoneJobsFirstThenEachAsItFinishesAndTimesOutOnTheRest()
    {
        var jobs = await Balsam.Jobs.BulkCreateAsync(Enumerable.Range(0, 4)
            .Select(i => Balsam.Jobs.New<Adder>($"future/as-completed/{i}", new { x = i, y = 0 }, Tagged("completed"))));
        await using var launcher = await _world.LauncherAsync("completed");
        await launcher.StartAsync(jobs);
        await launcher.ReturnAsync(jobs[3], 3);
        await jobs[3].RefreshAsync();

        var order = new List<int>();
        var finisher = Task.Run(async () =>
        {
            foreach (var i in new[] { 2, 0 })
            {
                await Task.Delay(150);
                await launcher.ReturnAsync(jobs[i], i);
            }
        });
        var error = await Assert.ThrowsExactlyAsync<TimeoutException>(async () =>
        {
            await foreach (var job in Balsam.Jobs.AsCompleted(jobs, TimeSpan.FromSeconds(2)))
            {
                order.Add(job.ResultNoWait<int>());
            }
        });
        await finisher;

        CollectionAssert.AreEqual(new[] { 3, 2, 0 }, order);
        StringAssert.Contains(error.Message, "1 of 4 jobs were not done");

        await launcher.ReturnAsync(jobs[1], 1);
        var all = new List<int>();
        await foreach (var job in Balsam.Jobs.AsCompleted(jobs, TimeSpan.FromSeconds(10)))
        {
            all.Add(job.ResultNoWait<int>());
        }

        CollectionAssert.AreEquivalent(new[] { 0, 1, 2, 3 }, all);
    }

    [TestMethod]
    public async Task ManyWaitersShareOneSubscriptionPerJobAndWaitersOfDeletedJobsAreTold()
    {
        var job = await Balsam.Jobs.SubmitAsync<Adder>("future/shared", new { x = 2, y = 3 }, Tagged("shared"));
        var before = Balsam.Watcher.SubscribeCalls;
        var copies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Balsam.Jobs.GetAsync(job.Id)));
        var waits = copies.Select(c => c.ResultAsync<int>(TimeSpan.FromSeconds(30))).ToList();
        await Task.Delay(200);
        Assert.AreEqual(1, Balsam.Watcher.SubscribeCalls - before, "one subscription for five waiters");

        await using (var launcher = await _world.LauncherAsync("shared"))
        {
            await launcher.StartAsync(job);
            await launcher.ReturnAsync(job, 5);
        }

        CollectionAssert.AreEqual(new[] { 5, 5, 5, 5, 5 }, await Task.WhenAll(waits));

        var doomed = await Balsam.Jobs.SubmitAsync<Adder>("future/doomed", new { x = 1, y = 1 });
        var ghost = await Balsam.Jobs.GetAsync(doomed.Id);
        await doomed.DeleteAsync();
        await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => ghost.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [TestMethod]
    public async Task ARenewedSubscriptionCatchesACompletionWhosePushWasLost()
    {
        await using var client = await _world.Silo.ConnectAsync("sdk-sdkfuture");
        client.Watcher.RenewInterval = TimeSpan.FromMilliseconds(300);
        var job = await client.Jobs.SubmitAsync<Adder>("future/renewed", new { x = 20, y = 22 }, Tagged("renew"));
        var result = job.ResultAsync<int>(TimeSpan.FromSeconds(30));
        await Task.Delay(100);

        // The grain forgets the subscription (as after a silo failover): no push will come.
        await _world.Grain(job.Id).UnsubscribeAsync(client.Watcher.Reference!);
        await using (var launcher = await _world.LauncherAsync("renew"))
        {
            await launcher.StartAsync(job);
            await launcher.ReturnAsync(job, 42);
        }

        Assert.AreEqual(42, await result, "the next renewal subscribes again and sees the job done");
        Assert.IsGreaterThanOrEqualTo(2L, client.Watcher.SubscribeCalls);
    }
}
