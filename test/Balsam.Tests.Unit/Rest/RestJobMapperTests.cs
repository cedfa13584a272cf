using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Jobs;
using Balsam.Silo.Rest.Jobs;
using Balsam.Sites;
using Balsam.States;

namespace Balsam.Tests.Unit.Rest;

[TestClass]
public sealed class RestJobMapperTests
{
    private static JsonSerializerOptions Options => Balsam.Silo.Rest.Core.RestJson.Options;

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    private static readonly AppInfo PythonApp = new(7, 3, new AppDefinition
    {
        Name = "Hello",
        CommandTemplate = "echo {{ name }}",
        Parameters = new() { ["name"] = new AppParameter { Required = true } },
    }, DateTimeOffset.UnixEpoch);

    private static JobRecord Record(JobState state = JobState.Preprocessed, long? session = null) => new()
    {
        Id = 42,
        SiteId = 3,
        AppId = 7,
        AppName = "Hello",
        Workdir = "runs/a",
        Parameters = new() { [JobMapper.SerializedParametersKey] = JsonSerializer.Serialize("gASVAAAA") },
        Tags = new() { ["system"] = "H2O" },
        Data = """{"energy": -0.5}""",
        Resources = new JobResources { NumNodes = 2, NodePackingCount = 4, WallTimeMin = 30, GpusPerRank = 0.5 },
        ParentIds = [1, 2],
        State = state,
        LastUpdate = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
        SessionId = session,
        BatchJobId = 9,
        ReturnValue = "rv",
    };

    [TestMethod]
    public void AJobRowCarriesBalsamsFieldNamesStateSpellingAndTimeFormat()
    {
        var json = JsonSerializer.SerializeToNode(JobMapper.ToOut(Record(session: 5)), Balsam.Silo.Rest.Core.RestJson.Options)!.AsObject();

        Assert.AreEqual("PREPROCESSED", (string?)json["state"]);
        Assert.AreEqual("gASVAAAA", (string?)json["serialized_parameters"]);
        Assert.AreEqual("2026-01-02T03:04:05.678000", (string?)json["last_update"]);
        Assert.AreEqual(7, (long?)json["app_id"]);
        Assert.AreEqual(5, (long?)json["session_id"]);
        Assert.AreEqual(9, (long?)json["batch_job_id"]);
        Assert.AreEqual(-0.5, (double?)json["data"]!["energy"]);
        Assert.AreEqual(0.5, (double?)json["gpus_per_rank"]);
        Assert.AreEqual(4, (int?)json["node_packing_count"]);
        Assert.AreEqual("rv", (string?)json["serialized_return_value"]);
        Assert.AreEqual("", (string?)json["serialized_exception"]);
        Assert.AreEqual("[1,2]", json["parent_ids"]!.ToJsonString());
        Assert.IsNull(json["return_code"]);
    }

    [TestMethod]
    public void ACreatedJobGoesToTheAppsSiteWithItsSerializedParametersTransfersAndBalsamsDefaults()
    {
        var created = Read<JobCreateIn>("""
            {"app_id": 7, "workdir": "runs/b", "serialized_parameters": "gASV", "parent_ids": [4, 4, 5],
             "transfers": {"input": {"location_alias": "MyCluster", "path": "/data/in.dat"}}, "data": {"x": [1]}}
            """)!;

        var spec = JobMapper.ToSpec(created, PythonApp);

        Assert.AreEqual(3, spec.SiteId);
        Assert.AreEqual("Hello", spec.AppName);
        Assert.AreEqual("\"gASV\"", spec.Parameters[JobMapper.SerializedParametersKey]);
        Assert.AreEqual("MyCluster:/data/in.dat", spec.Transfers["input"]);
        CollectionAssert.AreEqual(new long[] { 4, 5 }, spec.ParentIds);
        Assert.AreEqual(JobResources.Default.NumNodes, spec.Resources.NumNodes);
        Assert.AreEqual(1, spec.Resources.NodePackingCount);
        Assert.AreEqual("""{"x":[1]}""", spec.Data);
        Assert.AreEqual("gASV", JobMapper.SerializedParameters(spec.Parameters));
    }

    [TestMethod]
    public void APythonJobWithItsParametersSerializedPassesTheAppsRequiredParameterCheck()
    {
        var spec = JobMapper.ToSpec(new JobCreateIn { AppId = 7, Workdir = "w", SerializedParameters = "gASV" }, PythonApp);
        var site = new SiteInfo { Id = 3, Name = "s", Path = "/s", Owner = "u", AppNames = ["Hello"] };

        var validated = JobSpecValidator.Validate([spec], (_, _) => PythonApp, _ => site);

        Assert.AreEqual(1, validated.Count);
        var withoutParameters = JobMapper.ToSpec(new JobCreateIn { AppId = 7, Workdir = "w" }, PythonApp);
        var error = Assert.ThrowsExactly<Errors.BalsamValidationException>(() =>
            JobSpecValidator.Validate([withoutParameters], (_, _) => PythonApp, _ => site));
        StringAssert.Contains(error.Message, "parameters.name");
    }

    [TestMethod]
    public void AnUpdateChangesOnlyTheFieldsSentAndKeepsTheOtherResources()
    {
        var update = Read<JobUpdateIn>("""
            {"state": "RUNNING", "state_timestamp": "2026-01-02T03:04:05", "state_data": {"num_nodes": 0.25}, "wall_time_min": 90}
            """)!;

        var patch = JobMapper.ToPatch(update, Record(), JobActor.Launcher, 5);

        Assert.AreEqual(JobState.Running, patch.State);
        Assert.AreEqual("""{"num_nodes":0.25}""", patch.StateData);
        Assert.AreEqual(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), patch.StateTimestamp);
        Assert.AreEqual(90, patch.Resources!.WallTimeMin);
        Assert.AreEqual(2, patch.Resources.NumNodes);
        Assert.AreEqual(4, patch.Resources.NodePackingCount);
        Assert.IsNull(patch.Tags);
        Assert.IsNull(patch.Data);
        Assert.AreEqual(5, patch.SessionId);
        Assert.AreEqual(JobActor.Launcher, patch.Actor);
    }

    [TestMethod]
    public void ANullClearsOnlyTheNullableFieldsAndAnAbsentFieldIsNoChange()
    {
        var update = Read<JobUpdateIn>("""{"return_code": null, "batch_job_id": null, "state_data": null, "tags": {"a": "b"}}""");

        var patch = JobMapper.ToPatch(update, Record(), JobActor.User, null);

        CollectionAssert.AreEquivalent(new[] { "return_code", "batch_job_id", "state_data" }, update.SentNulls.ToList());
        Assert.AreEqual(JobClearableFields.ReturnCode | JobClearableFields.BatchJobId, patch.Clear);
        Assert.AreEqual(JobClearableFields.None, JobMapper.ToPatch(Read<JobUpdateIn>("""{"return_code": 4}"""), Record(), JobActor.User, null).Clear);
        Assert.AreEqual(JobClearableFields.None, JobMapper.ToPatch(Read<JobUpdateIn>("{}"), Record(), JobActor.User, null).Clear);
        var refused = Assert.ThrowsExactly<Balsam.Silo.Rest.Core.RestSchemaException>(() => JobUpdateNulls.ThrowIfRefused(
            [Read<JobUpdateIn>("""{"return_code": null}"""), Read<JobUpdateIn>("""{"wall_time_min": null, "workdir": null}""")], indexed: true));
        CollectionAssert.AreEqual(new[] { "body.1.wall_time_min", "body.1.workdir" }, refused.Errors.Select(e => string.Join('.', e.Loc)).ToList());
    }

    [TestMethod]
    public void AStateChangeWithoutStateDataRecordsAnEmptyObjectAndNoStateLeavesBothUnset()
    {
        Assert.AreEqual("{}", JobMapper.ToPatch(new JobUpdateIn { State = "FAILED" }, Record(), JobActor.User, null).StateData);
        var tagsOnly = JobMapper.ToPatch(new JobUpdateIn { Tags = new() { ["a"] = "b" }, StateData = [] }, Record(), JobActor.User, null);
        Assert.IsNull(tagsOnly.State);
        Assert.IsNull(tagsOnly.StateData);
        Assert.IsNull(tagsOnly.Resources);
    }

    [TestMethod]
    public void AnUnknownStateAChangedWorkdirOrChangedParametersAreRefusedNamingTheField()
    {
        var state = Assert.ThrowsExactly<Errors.BalsamValidationException>(() =>
            JobMapper.ToPatch(new JobUpdateIn { State = "DONE" }, Record(), JobActor.User, null));
        StringAssert.Contains(state.Message, "state: 'DONE' is not a job state");
        var lowercase = Assert.ThrowsExactly<Errors.BalsamValidationException>(() =>
            JobMapper.ToPatch(new JobUpdateIn { State = "run_done" }, Record(), JobActor.User, null));
        StringAssert.Contains(lowercase.Message, "state");
        var workdir = Assert.ThrowsExactly<Errors.BalsamValidationException>(() =>
            JobMapper.ToPatch(new JobUpdateIn { Workdir = "elsewhere" }, Record(), JobActor.User, null));
        StringAssert.Contains(workdir.Message, "workdir: cannot be changed");
        var parameters = Assert.ThrowsExactly<Errors.BalsamValidationException>(() =>
            JobMapper.ToPatch(new JobUpdateIn { SerializedParameters = "other" }, Record(), JobActor.User, null));
        StringAssert.Contains(parameters.Message, "serialized_parameters");
        JobMapper.ToPatch(new JobUpdateIn { Workdir = "runs/a", SerializedParameters = "gASVAAAA" }, Record(), JobActor.User, null);
    }

    [TestMethod]
    public void AMoveOfAHeldJobIsTheHoldingSessionsAndEveryOtherMoveTheUsers()
    {
        Assert.AreEqual((JobActor.Launcher, 5L), ActorOf(Record(JobState.Preprocessed, 5), JobState.Running));
        Assert.AreEqual((JobActor.Launcher, 5L), ActorOf(Record(JobState.Running, 5), JobState.RunDone));
        Assert.AreEqual((JobActor.Processing, 5L), ActorOf(Record(JobState.StagedIn, 5), JobState.Preprocessed));
        Assert.AreEqual((JobActor.Processing, 5L), ActorOf(Record(JobState.RunDone, 5), JobState.Postprocessed));
        Assert.AreEqual((JobActor.User, (long?)null), ActorOf(Record(JobState.RunDone, null), JobState.Postprocessed));
        Assert.AreEqual((JobActor.User, (long?)null), ActorOf(Record(JobState.Running, 5), JobState.Running));
        Assert.AreEqual((JobActor.User, (long?)null), ActorOf(Record(JobState.Running, 5), null));
        Assert.AreEqual((JobActor.User, (long?)null), ActorOf(Record(JobState.Running, 5), JobState.JobFinished));
    }

    private static (JobActor, long?) ActorOf(JobRecord job, JobState? to) => JobMapper.ActorFor(job, to);
}
