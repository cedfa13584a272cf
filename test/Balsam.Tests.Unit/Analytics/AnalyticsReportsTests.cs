using Balsam.BatchJobs;
using Balsam.Client.Analytics;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Tests.Unit.Analytics;

/// <summary>The SPEC §7 analytics over events and batch jobs as a user fetched them: any order in, time order out.</summary>
[TestClass]
public sealed class AnalyticsReportsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

    private static JobEvent Event(long jobId, int minutes, JobState from, JobState to) => new(jobId, At(minutes), from, to, "{}");

    private static BatchJobRecord BatchJob(int nodes, int? startMinutes, int? endMinutes) => new()
    {
        Project = "p",
        Queue = "q",
        NumNodes = nodes,
        StartTime = startMinutes is { } s ? At(s) : null,
        EndTime = endMinutes is { } e ? At(e) : null,
    };

    [TestMethod]
    public void ThroughputCountsOnlyChangesToTheStateInTimeOrder()
    {
        var events = new[]
        {
            Event(3, 9, JobState.Postprocessed, JobState.JobFinished),
            Event(1, 2, JobState.Postprocessed, JobState.JobFinished),
            Event(2, 5, JobState.Running, JobState.RunDone),
            Event(2, 7, JobState.Postprocessed, JobState.JobFinished),
        };

        var series = AnalyticsReports.Throughput(events);

        CollectionAssert.AreEqual(new[] { At(2), At(7), At(9) }, series.Times.ToArray());
        CollectionAssert.AreEqual(new[] { 1.0, 2.0, 3.0 }, series.Values.ToArray());
        Assert.AreEqual(1, AnalyticsReports.Throughput(events, JobState.RunDone).Count, "another state counts its own changes");
    }

    [TestMethod]
    public void UtilizationStepsUpOnEnteringRunningAndDownOnLeavingIt()
    {
        var events = new[]
        {
            Event(1, 10, JobState.Running, JobState.RunDone),
            Event(1, 1, JobState.Preprocessed, JobState.Running),
            Event(2, 3, JobState.RestartReady, JobState.Running),
            Event(2, 6, JobState.Running, JobState.RunTimeout),
            Event(2, 4, JobState.Ready, JobState.Preprocessed),
        };

        var series = AnalyticsReports.Utilization(events);

        CollectionAssert.AreEqual(new[] { At(1), At(3), At(6), At(10) }, series.Times.ToArray(), "only changes into or out of RUNNING");
        CollectionAssert.AreEqual(new[] { 1.0, 2.0, 1.0, 0.0 }, series.Values.ToArray());
        Assert.AreEqual(2, series.PeakValue);
        Assert.AreEqual(0, series.LastValue, "everything that ran stopped");
    }

    [TestMethod]
    public void UtilizationWithWeightsCountsEachJobsNodesAndOneForAnUnknownJob()
    {
        var events = new[]
        {
            Event(1, 1, JobState.Preprocessed, JobState.Running),
            Event(2, 2, JobState.Preprocessed, JobState.Running),
            Event(3, 3, JobState.Preprocessed, JobState.Running),
            Event(1, 4, JobState.Running, JobState.RunDone),
        };
        var weights = new Dictionary<long, double> { [1] = 4, [2] = 0.25 };

        var series = AnalyticsReports.Utilization(events, weights);

        CollectionAssert.AreEqual(new[] { 4.0, 4.25, 5.25, 1.25 }, series.Values.ToArray());
    }

    [TestMethod]
    public void AvailableNodesAddsAtStartsAndRemovesAtEndsIgnoringBatchJobsWithoutBothTimes()
    {
        var batchJobs = new[]
        {
            BatchJob(nodes: 2, startMinutes: 5, endMinutes: 20),
            BatchJob(nodes: 8, startMinutes: 0, endMinutes: 10),
            BatchJob(nodes: 64, startMinutes: 1, endMinutes: null),
            BatchJob(nodes: 32, startMinutes: null, endMinutes: null),
        };

        var series = AnalyticsReports.AvailableNodes(batchJobs);

        CollectionAssert.AreEqual(new[] { At(0), At(5), At(10), At(20) }, series.Times.ToArray());
        CollectionAssert.AreEqual(new[] { 8.0, 10.0, 2.0, 0.0 }, series.Values.ToArray());
    }

    [TestMethod]
    public void NothingToCountGivesAnEmptySeries()
    {
        Assert.IsTrue(AnalyticsReports.Throughput([]).IsEmpty);
        Assert.IsTrue(AnalyticsReports.Utilization([Event(1, 1, JobState.Created, JobState.Ready)]).IsEmpty);
        Assert.IsTrue(AnalyticsReports.AvailableNodes([BatchJob(4, 1, null)]).IsEmpty);
        Assert.AreEqual(0, TimeSeries.Empty.PeakValue);
    }

    [TestMethod]
    public void ASeriesRefusesTimesThatGoBack()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new TimeSeries([At(2), At(1)], [1, 2]));
        StringAssert.Contains(error.Message, "must not go back");
        Assert.ThrowsExactly<ArgumentException>(() => new TimeSeries([At(1)], [1, 2]));
    }
}
