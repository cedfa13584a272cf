using Balsam.Errors;
using Balsam.Jobs;
using Balsam.Launcher.Sites;
using Balsam.States;
using Microsoft.Extensions.Logging.Abstractions;

namespace Balsam.Tests.Unit.Sites;

/// <summary>
/// When the launcher's loop wakes for its reports: at once for a report after a quiet spell, after a held RUNNING
/// report's hold, and not at all while the service is away (its poll brings it back; waking would only spin).
/// </summary>
[TestClass]
public sealed class StatusReporterDueTests
{
    private static StatusReporter Reporter(ServiceOutage outage, TimeSpan runningHold = default) =>
        // Nothing here sends: the job service is never called.
        new(null!, sessionId: 7, JobActor.Launcher, outage, NullLogger.Instance, runningHold, batchWindow: TimeSpan.FromSeconds(1));

    [TestMethod]
    public void NothingReportedIsNeverDue()
    {
        var reporter = Reporter(new ServiceOutage(TimeSpan.FromHours(1), "launcher", NullLogger.Instance));

        Assert.IsNull(reporter.NextDue());
        Assert.IsFalse(reporter.HasDue);
    }

    [TestMethod]
    public void AReportAfterAQuietSpellIsDueAtOnce()
    {
        var reporter = Reporter(new ServiceOutage(TimeSpan.FromHours(1), "launcher", NullLogger.Instance));

        reporter.Report(1, JobPatch.ToState(JobState.RunDone));

        Assert.IsTrue(reporter.NextDue() <= TimeSpan.Zero, $"due in {reporter.NextDue()}");
        Assert.IsTrue(reporter.HasDue);
    }

    [TestMethod]
    public void AHeldRunningReportIsDueWhenItsHoldIsOver()
    {
        var reporter = Reporter(new ServiceOutage(TimeSpan.FromHours(1), "launcher", NullLogger.Instance), TimeSpan.FromSeconds(30));

        reporter.Report(1, JobPatch.ToState(JobState.Running));

        Assert.IsTrue(reporter.NextDue() > TimeSpan.FromSeconds(25), $"due in {reporter.NextDue()}");
        Assert.IsFalse(reporter.HasDue);
        Assert.IsTrue(reporter.HasPending);
    }

    [TestMethod]
    public void WhileTheServiceIsAwayReportsAreKeptButNeverDueSoTheLoopWaitsForItsPoll()
    {
        var outage = new ServiceOutage(TimeSpan.FromHours(1), "launcher", NullLogger.Instance);
        var reporter = Reporter(outage);
        reporter.Report(1, JobPatch.ToState(JobState.RunDone));

        outage.Failed(new BalsamTransientException("the silo is restarting"));

        Assert.IsNull(reporter.NextDue(), "a due time now would wake the loop at once, again and again");
        Assert.IsTrue(reporter.HasPending, "the report is kept");

        outage.Succeeded();
        Assert.IsTrue(reporter.NextDue() <= TimeSpan.Zero, "due again once the service answers");
    }
}
