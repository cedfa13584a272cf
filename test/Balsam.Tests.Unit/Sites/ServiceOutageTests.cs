using Balsam.Errors;
using Balsam.Launcher.Sites;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Tests.Unit.Sites;

/// <summary>The outage tracker a launcher's loop and its background report flush share.</summary>
[TestClass]
public sealed class ServiceOutageTests
{
    [TestMethod]
    public async Task FailuresAndAnswersRecordedAtTheSameTimeFromTwoThreadsNeverBreakTheTracker()
    {
        var outage = new ServiceOutage(TimeSpan.FromHours(1), "launcher", NullLogger.Instance);
        var transient = new BalsamTransientException("the database is away");
        using var start = new Barrier(2);
        var failing = Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 200_000; i++)
            {
                outage.Failed(transient);
            }
        });
        var answering = Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 200_000; i++)
            {
                outage.Succeeded();
            }
        });

        await Task.WhenAll(failing, answering); // an exception from either thread fails the test
        outage.Succeeded();
        Assert.IsFalse(outage.IsDown);
        Assert.IsTrue(outage.ShouldTry);
    }

    [TestMethod]
    public void AnOutageLongerThanTheToleranceIsGivenUpOn()
    {
        var outage = new ServiceOutage(TimeSpan.Zero, "launcher", NullLogger.Instance);
        outage.Failed(new BalsamTransientException("away"));
        Thread.Sleep(5);
        var error = Assert.ThrowsExactly<ServiceOutageException>(() => outage.Failed(new BalsamTransientException("still away")));
        StringAssert.Contains(error.Message, "launcher.service_outage_tolerance_sec");
        Assert.IsTrue(outage.IsDown);
    }
}
