using System.Diagnostics;
using Balsam.Errors;
using Balsam.Jobs;

namespace Balsam.Tests.Integration.Faults;

/// <summary>
/// The SDK rides out a silo restart: a call issued while the silo is down is sent again until the silo is back
/// (<see cref="Client.BalsamClientOptions.TransientRetryLimit"/>), a refusal comes back at once, and a bulk create that
/// a lost connection interrupts is not sent twice.
/// </summary>
[TestClass]
[DoNotParallelize] // real processes competing for the two cores
public sealed class ClientRetryTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task AQueryIssuedWhileTheSiloIsDownReturnsOnceItIsBack()
    {
        await using var world = await FaultWorld.StartAsync("client-retry");
        var site = await world.SiteAsync("client-retry", FaultWorld.LauncherSettings());
        var created = await world.MarkJobsAsync(site, 3);
        var balsam = world.Client;

        var down = Stopwatch.StartNew();
        world.KillSilo();
        var whileDown = balsam.Jobs.GetAsync(created[0].Id);
        var sitesWhileDown = balsam.Sites.ListAsync();
        var createWhileDown = world.Jobs.CreateAsync([new JobSpec { SiteId = site.Id, AppName = "Mark", Workdir = "while-down" }]);

        // A bulk create is not idempotent: after a lost connection it fails at once rather than risk a second copy.
        var createError = await Assert.ThrowsAsync<Exception>(async () => await createWhileDown.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.IsTrue(TransientErrors.IsTransient(createError), $"a transient error, not a refusal: {createError}");
        var createFailedAfter = down.Elapsed;

        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.IsFalse(whileDown.IsCompleted, $"the query waits for the silo rather than failing: {whileDown.Exception}");
        await world.RestartSiloAsync();
        var outage = down.Elapsed;

        var job = await whileDown.WaitAsync(TimeSpan.FromSeconds(60));
        var answeredAfter = down.Elapsed;
        Assert.AreEqual(created[0].Id, job.Id);
        Assert.IsTrue((await sitesWhileDown.WaitAsync(TimeSpan.FromSeconds(30))).Any(s => s.Id == site.Id));
        TestContext.WriteLine($"CLIENT-RETRY: silo down {outage.TotalSeconds:F1} s; the query issued at once answered after " +
            $"{answeredAfter.TotalSeconds:F1} s; the bulk create failed after {createFailedAfter.TotalSeconds:F1} s");

        // Nothing of the interrupted create was written, and a refusal from the service is not retried.
        Assert.AreEqual(0, await world.Jobs.CountAsync(new JobQuery { SiteIds = [site.Id], WorkdirContains = "while-down" }));
        var refused = Stopwatch.StartNew();
        var refusal = await Assert.ThrowsAsync<BalsamValidationException>(() =>
            world.Jobs.CreateAsync([new JobSpec { SiteId = site.Id, AppName = "NoSuchApp", Workdir = "refused" }]));
        StringAssert.Contains(refusal.Message, "NoSuchApp");
        Assert.IsLessThan(5.0, refused.Elapsed.TotalSeconds, "a validation error comes back at once, not after retries");
    }
}
