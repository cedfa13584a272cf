using Balsam.Silo.Rest.Core;
using Balsam.BatchJobs;
using Balsam.Jobs;
using Balsam.Silo.Rest.BatchJobs;
using Balsam.Silo.Rest.Events;
using Balsam.Silo.Rest.Jobs;
using Balsam.Silo.Rest.Transfers;
using Balsam.States;
using Balsam.Transfers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Balsam.Tests.Unit.Rest;

[TestClass]
public sealed class RestQueryParameterTests
{
    private static QueryCollection Query(params (string Key, string Value)[] pairs) =>
        new(pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => new StringValues([.. g.Select(p => p.Value)])));

    [TestMethod]
    public void EveryJobParameterOfBalsamReachesTheJobQuery()
    {
        var q = JobQueryParameters.Parse(Query(("id", "1"), ("id", "2"), ("parent_id", "9"), ("parent_id", "8"), ("app_id", "3"), ("site_id", "4"),
            ("site_id", "5"), ("batch_job_id", "6"), ("last_update_before", "2026-01-02T00:00:00"),
            ("last_update_after", "2026-01-01T00:00:00+00:00"), ("workdir__contains", "a_%"), ("state", "RUNNING"),
            ("state", "RUN_DONE"), ("state__ne", "RUN_DONE"), ("tags", "system:H2O"), ("tags", "url:http://x"),
            ("pending_file_cleanup", "true"), ("ordering", "-last_update"), ("limit", "10"), ("offset", "20")), paged: true);

        CollectionAssert.AreEqual(new long[] { 1, 2 }, q.Ids);
        CollectionAssert.AreEqual(new long[] { 9, 8 }, q.ParentIds);
        CollectionAssert.AreEqual(new long[] { 3 }, q.AppIds);
        CollectionAssert.AreEqual(new long[] { 4, 5 }, q.SiteIds);
        Assert.AreEqual(6, q.BatchJobId);
        Assert.AreEqual(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), q.LastUpdateBefore);
        Assert.AreEqual(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), q.LastUpdateAfter);
        Assert.AreEqual("a_%", q.WorkdirContains);
        CollectionAssert.AreEqual(new[] { JobState.Running }, q.States);
        Assert.AreEqual("H2O", q.Tags!["system"]);
        Assert.AreEqual("http://x", q.Tags["url"]);
        Assert.IsTrue(q.PendingFileCleanup);
        Assert.AreEqual(JobOrderField.LastUpdate, q.OrderBy);
        Assert.IsTrue(q.Descending);
        Assert.AreEqual(10, q.Limit);
        Assert.AreEqual(20, q.Offset);
    }

    [TestMethod]
    public void AnExcludedStateAloneMeansEveryOtherStateAndFalseCleanupIsNoFilter()
    {
        var q = JobQueryParameters.Parse(Query(("state__ne", "JOB_FINISHED"), ("pending_file_cleanup", "false")), paged: true);

        Assert.AreEqual(Enum.GetValues<JobState>().Length - 1, q.States!.Count);
        CollectionAssert.DoesNotContain(q.States, JobState.JobFinished);
        Assert.IsNull(q.PendingFileCleanup);
        Assert.AreEqual(QueryReader.MaxPageSize, q.Limit);
        Assert.AreEqual(0, q.Offset);
        Assert.AreEqual(JobOrderField.Id, q.OrderBy);
    }

    [TestMethod]
    public void BadParametersAreAllNamedInOneError()
    {
        var error = Assert.ThrowsExactly<Balsam.Silo.Rest.Core.RestSchemaException>(() => JobQueryParameters.Parse(Query(("id", "x"),
            ("state", "DONE"), ("tags", "nocolon"), ("ordering", "app_id"), ("limit", "100001"), ("offset", "-1"),
            ("last_update_after", "soon"), ("parent_id", "1"), ("parent_id", "two")), paged: true));

        var fields = error.Errors.Select(e => string.Join('.', e.Loc)).ToList();
        foreach (var field in new[] { "id", "state", "tags", "ordering", "limit", "offset", "last_update_after", "parent_id" })
        {
            CollectionAssert.Contains(fields, "query." + field);
        }
    }

    [TestMethod]
    public void EventParametersDefaultToNewestFirst()
    {
        var (q, limit, offset) = EventQueryParameters.Parse(Query(("id", "3"), ("job_id", "1"), ("job_id", "2"), ("batch_job_id", "4"),
            ("scheduler_id", "5"), ("tags", "a:b"), ("data", "message:hi"), ("timestamp_before", "2026-01-02T00:00:00"),
            ("timestamp_after", "2026-01-01T00:00:00"), ("from_state", "RUNNING"), ("to_state", "RUN_DONE"), ("limit", "7")));

        Assert.IsTrue(q.Descending);
        CollectionAssert.AreEqual(new long[] { 3 }, q.Ids);
        CollectionAssert.AreEqual(new long[] { 1, 2 }, q.JobIds);
        Assert.AreEqual(4, q.BatchJobId);
        Assert.AreEqual(5, q.SchedulerId);
        Assert.AreEqual("b", q.Tags!["a"]);
        Assert.AreEqual("hi", q.Data!["message"]);
        Assert.AreEqual(JobState.Running, q.FromState);
        Assert.AreEqual(JobState.RunDone, q.ToState);
        Assert.IsNotNull(q.Before);
        Assert.IsNotNull(q.After);
        Assert.AreEqual((7, 0), (limit, offset));
        Assert.IsFalse(EventQueryParameters.Parse(Query(("ordering", "timestamp"))).Query.Descending);
        Assert.IsTrue(EventQueryParameters.Parse(Query(("ordering", "-timestamp"))).Query.Descending);
    }

    [TestMethod]
    public void BatchJobAndTransferParametersUseBalsamsSpellings()
    {
        var (b, _, _) = BatchJobQueryParameters.Parse(Query(("state", "pending_submission"), ("state", "queued"), ("site_id", "2"),
            ("queue", "debug"), ("filter_tags", "k:v"), ("ordering", "-start_time"), ("scheduler_id", "77")));
        CollectionAssert.AreEqual(new[] { BatchJobState.PendingSubmission, BatchJobState.Queued }, b.States);
        Assert.AreEqual(BatchJobOrderField.StartTime, b.OrderBy);
        Assert.IsTrue(b.Descending);
        Assert.AreEqual("v", b.FilterTags!["k"]);
        Assert.AreEqual(77, b.SchedulerId);
        Assert.ThrowsExactly<Balsam.Silo.Rest.Core.RestSchemaException>(() => BatchJobQueryParameters.Parse(Query(("state", "PendingSubmission"))));

        var (t, _, _) = TransferQueryParameters.Parse(Query(("state", "awaiting_job"), ("direction", "out"), ("site_id", "3"),
            ("job_state", "POSTPROCESSED"), ("id", "8")));
        CollectionAssert.AreEqual(new[] { TransferItemState.AwaitingJob }, t.States);
        Assert.AreEqual(Balsam.Apps.TransferDirection.Out, t.Direction);
        CollectionAssert.AreEqual(new long[] { 3 }, t.SiteIds);
        Assert.AreEqual(JobState.Postprocessed, t.JobState);
        CollectionAssert.AreEqual(new long[] { 8 }, t.Ids);
        var bad = Assert.ThrowsExactly<Balsam.Silo.Rest.Core.RestSchemaException>(() => TransferQueryParameters.Parse(Query(("direction", "up"), ("state", "finished"))));
        StringAssert.Contains(bad.Message, "direction");
        StringAssert.Contains(bad.Message, "state");
    }
}
