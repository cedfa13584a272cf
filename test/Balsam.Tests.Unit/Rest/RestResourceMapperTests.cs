using System.Text.Json;
using Balsam.BatchJobs;
using Balsam.Sessions;
using Balsam.Silo.Rest.BatchJobs;
using Balsam.Silo.Rest.Events;
using Balsam.Silo.Rest.Sessions;
using Balsam.Silo.Rest.Transfers;
using Balsam.States;
using Balsam.Transfers;

namespace Balsam.Tests.Unit.Rest;

[TestClass]
public sealed class RestResourceMapperTests
{
    private static JsonSerializerOptions Options => Balsam.Silo.Rest.Core.RestJson.Options;

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    [TestMethod]
    public void AcquireParametersMapOntoTheAcquireRequestWithBalsamsZeroMeansNoLimit()
    {
        var acquire = Read<SessionAcquireIn>("""
            {"max_num_jobs": 100, "max_wall_time_min": 0, "max_nodes_per_job": 4, "max_aggregate_nodes": 3.5,
             "serial_only": true, "sort_by": "long_large_first", "filter_tags": {"k": "v"}, "states": ["RUN_DONE", "STAGED_IN"],
             "app_ids": [2, 2, 3]}
            """)!;

        var request = SessionMapper.ToRequest(acquire);

        Assert.AreEqual(100, request.MaxJobs);
        Assert.IsNull(request.MaxWallTimeMin);
        Assert.AreEqual(4, request.MaxNodesPerJob);
        Assert.AreEqual(3.5, request.MaxAggregateNodes);
        Assert.IsTrue(request.SerialOnly);
        Assert.AreEqual(AcquireOrder.LongLargeFirst, request.Order);
        Assert.AreEqual("v", request.FilterTags["k"]);
        CollectionAssert.AreEqual(new[] { JobState.RunDone, JobState.StagedIn }, request.States);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, request.AppIds);

        var simple = SessionMapper.ToRequest(new SessionAcquireIn { MaxNumJobs = 1, SortBy = "short_first" });
        Assert.IsNull(simple.States);
        Assert.IsNull(simple.AppIds);
        Assert.IsNull(simple.MaxAggregateNodes);
        Assert.AreEqual(AcquireOrder.Default, simple.Order);
    }

    [TestMethod]
    public void AcquireRefusesBalsamsOutOfRangeJobCountsAndUnknownStates()
    {
        foreach (var count in new[] { 0, 2049 })
        {
            var error = Assert.ThrowsExactly<Errors.BalsamValidationException>(() =>
                SessionMapper.ToRequest(new SessionAcquireIn { MaxNumJobs = count }));
            StringAssert.Contains(error.Message, "max_num_jobs: must be between 1 and 2048");
        }

        Assert.ThrowsExactly<Errors.BalsamValidationException>(() =>
            SessionMapper.ToRequest(new SessionAcquireIn { MaxNumJobs = 1, States = ["runnable"] }));
        Assert.ThrowsExactly<JsonException>(() => Read<SessionAcquireIn>("""{"max_num_jobs": 1}"""));
    }

    [TestMethod]
    public void SessionsAndEventsCarryBalsamsFields()
    {
        var session = JsonSerializer.SerializeToNode(SessionMapper.ToOut(new SessionInfo(4, 2, null, DateTimeOffset.UnixEpoch)), Options)!;
        Assert.AreEqual(4, (long?)session["id"]);
        Assert.AreEqual(2, (long?)session["site_id"]);
        Assert.IsTrue(session.AsObject().ContainsKey("batch_job_id"));
        Assert.AreEqual("1970-01-01T00:00:00.000000", (string?)session["heartbeat"]);

        var e = EventMapper.ToOut(new Jobs.JobEvent(5, DateTimeOffset.UnixEpoch, JobState.Created, JobState.StagedIn, """{"m":1}""", 11));
        var json = JsonSerializer.SerializeToNode(e, Options)!;
        Assert.AreEqual(11, (long?)json["id"]);
        Assert.AreEqual(5, (long?)json["job_id"]);
        Assert.AreEqual("CREATED", (string?)json["from_state"]);
        Assert.AreEqual("STAGED_IN", (string?)json["to_state"]);
        Assert.AreEqual(1, (int?)json["data"]!["m"]);
    }

    [TestMethod]
    public void BatchJobsRoundTripWithBalsamsEnumSpellingsAndNullPartitions()
    {
        var create = Read<BatchJobCreateIn>("""
            {"site_id": 2, "project": "p", "queue": "q", "num_nodes": 3, "wall_time_min": 10, "job_mode": "serial",
             "partitions": [{"job_mode": "mpi", "num_nodes": 1}, {"job_mode": "serial", "num_nodes": 2, "filter_tags": {"a": "b"}}]}
            """)!;
        var spec = BatchJobMapper.ToSpec(create);
        Assert.AreEqual(JobMode.Serial, spec.JobMode);
        Assert.AreEqual(JobMode.Mpi, spec.Partitions[0].JobMode);
        Assert.AreEqual("b", spec.Partitions[1].FilterTags["a"]);

        var bad = Assert.ThrowsExactly<Errors.BalsamValidationException>(() => BatchJobMapper.ToSpec(create with { JobMode = "MPI" }));
        StringAssert.Contains(bad.Message, "job_mode: must be mpi or serial");

        var record = new BatchJobRecord { Id = 1, SiteId = 2, Project = "p", Queue = "q", State = BatchJobState.PendingSubmission, JobMode = JobMode.Mpi };
        var json = JsonSerializer.SerializeToNode(BatchJobMapper.ToOut(record), Options)!;
        Assert.AreEqual("pending_submission", (string?)json["state"]);
        Assert.AreEqual("mpi", (string?)json["job_mode"]);
        Assert.IsNull(json["partitions"]);
        Assert.IsNull(json["start_time"]);

        var patch = BatchJobMapper.ToPatch(Read<BatchJobUpdateIn>("""
            {"state": "queued", "scheduler_id": 123, "start_time": "2026-01-01T00:00:00", "status_info": {"x": "y"}}
            """)!);
        Assert.AreEqual(BatchJobState.Queued, patch.State);
        Assert.AreEqual(123, patch.SchedulerId);
        Assert.AreEqual(DateTimeOffset.Parse("2026-01-01T00:00:00Z"), patch.StartTime);
        Assert.AreEqual("y", patch.StatusInfo!["x"]);
        Assert.ThrowsExactly<Errors.BalsamValidationException>(() => BatchJobMapper.ToPatch(new BatchJobUpdateIn { State = "done" }));
    }

    [TestMethod]
    public void TransferItemsUseBalsamsDirectionAndStateNamesAndAnUpdateWithoutStateKeepsIt()
    {
        var item = new TransferItemRecord
        {
            Id = 3, JobId = 4, Slot = "input", Direction = Balsam.Apps.TransferDirection.In, LocalPath = "in.dat", RemotePath = "/r/in.dat",
            LocationAlias = "here", State = TransferItemState.AwaitingJob, TransferInfo = """{"bandwidth": "4"}""",
        };
        var json = JsonSerializer.SerializeToNode(TransferMapper.ToOut(item), Options)!;
        Assert.AreEqual("in", (string?)json["direction"]);
        Assert.AreEqual("awaiting_job", (string?)json["state"]);
        Assert.AreEqual("4", (string?)json["transfer_info"]!["bandwidth"]);

        var keep = TransferMapper.ToUpdate(3, new TransferItemUpdateIn { TaskId = "local:1" }, TransferItemState.Active);
        Assert.AreEqual(TransferItemState.Active, keep.State);
        Assert.AreEqual("local:1", keep.TaskId);
        var done = TransferMapper.ToUpdate(3, new TransferItemUpdateIn { State = "done", TransferInfo = new() { ["a"] = 1 } }, TransferItemState.Active);
        Assert.AreEqual(TransferItemState.Done, done.State);
        Assert.AreEqual("""{"a":1}""", done.TransferInfo);
        Assert.ThrowsExactly<Errors.BalsamValidationException>(() => TransferMapper.ToUpdate(3, new TransferItemUpdateIn { State = "Done" }, TransferItemState.Active));
    }
}
