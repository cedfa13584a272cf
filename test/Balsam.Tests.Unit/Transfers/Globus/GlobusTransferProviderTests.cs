using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Balsam.Apps;
using Balsam.Launcher.SiteAgent.Transfers.Providers;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Balsam.Tests.Unit.Transfers.Globus.RecordedGlobusServer;

namespace Balsam.Tests.Unit.Transfers.Globus;

/// <summary>
/// The Globus provider over HTTP against <see cref="RecordedGlobusServer"/>, which replays the Transfer API's recorded
/// answers: the requests it sends (paths, the transfer document, the bearer token), how it reads task states and API
/// errors, and its time-out.
/// </summary>
[TestClass]
public sealed class GlobusTransferProviderTests
{
    private const string Token = "AgRecordedTransferToken";
    private const string TaskId = "00000000-0000-0000-0000-0000699934d5"; // the recorded transfer-accepted.json's task_id
    private const string Remote = "aa752cea-8222-5bc8-acd9-555b090c0ccb";
    private static readonly Guid Site = Guid.Parse("313ce13e-b597-5858-ae13-29e46fea26e6");

    private static GlobusTransferProvider Provider(RecordedGlobusServer server, TimeSpan? timeout = null, string? token = Token) =>
        new(Client(server, timeout, token), Site, "/site", "/~/balsam-site");

    internal static GlobusTransferClient Client(RecordedGlobusServer server, TimeSpan? timeout = null, string? token = Token) =>
        new(new HttpClient(), server.Url, new GlobusTokenSource(token, "/nonexistent-home", _ => null), timeout ?? TimeSpan.FromSeconds(20));

    private static TransferBatch StageIn() => new("dtn", Remote, TransferDirection.In,
    [
        new TransferFile(1, "/projects/demo/a.txt", "/site/data/job1/a.txt", false),
        new TransferFile(2, "/projects/demo/set", "/site/data/job1/set", true),
    ]);

    [TestMethod]
    public async Task ASubmitTakesASubmissionIdThenPostsOneTransferDocumentWithTheBearerToken()
    {
        await using var server = new RecordedGlobusServer().Accepting(TaskId, "task-active.json");

        var id = await Provider(server).SubmitAsync(StageIn(), CancellationToken.None);

        Assert.AreEqual(TaskId, id, "the task id of the accepted transfer");
        var requests = server.Requests.ToList();
        CollectionAssert.AreEqual(new[] { "GET /v0.10/submission_id", "POST /v0.10/transfer" }, requests.Select(r => $"{r.Method} {r.Path}").ToArray());
        Assert.IsTrue(requests.All(r => r.Authorization == $"Bearer {Token}"), string.Join(", ", requests.Select(r => r.Authorization)));
        using var sent = JsonDocument.Parse(requests[1].Body);
        var transfer = sent.RootElement;
        Assert.AreEqual("transfer", transfer.GetProperty("DATA_TYPE").GetString());
        Assert.AreEqual("00000000-0000-0000-34af-1252da510f05", transfer.GetProperty("submission_id").GetString(), "the id GET submission_id gave");
        Assert.AreEqual(Remote, transfer.GetProperty("source_endpoint").GetString(), "stage-in: from the location");
        Assert.AreEqual(Site.ToString(), transfer.GetProperty("destination_endpoint").GetString(), "to the site's endpoint");
        Assert.AreEqual(1, transfer.GetProperty("sync_level").GetInt32(), "size-level sync");
        Assert.IsTrue(transfer.GetProperty("verify_checksum").GetBoolean());
        Assert.IsTrue(transfer.GetProperty("encrypt_data").GetBoolean());
        var items = transfer.GetProperty("DATA").EnumerateArray()
            .Select(i => $"{i.GetProperty("DATA_TYPE").GetString()} {i.GetProperty("source_path").GetString()} -> {i.GetProperty("destination_path").GetString()} {i.GetProperty("recursive").GetBoolean()}")
            .ToArray();
        CollectionAssert.AreEqual(new[]
        {
            "transfer_item /projects/demo/a.txt -> /~/balsam-site/data/job1/a.txt False",
            "transfer_item /projects/demo/set -> /~/balsam-site/data/job1/set True",
        }, items, "site paths as the endpoint sees them (globus_endpoint_site_path)");
    }

    [TestMethod]
    public async Task AStageOutGoesFromTheSiteEndpointToTheLocation()
    {
        await using var server = new RecordedGlobusServer().Accepting(TaskId, "task-active.json");
        var batch = new TransferBatch("dtn", Remote, TransferDirection.Out, [new TransferFile(3, "/site/data/job1/out.txt", "/projects/out.txt", false)]);

        await Provider(server).SubmitAsync(batch, CancellationToken.None);

        using var sent = JsonDocument.Parse(server.Requests.Single(r => r.Method == "POST").Body);
        Assert.AreEqual(Site.ToString(), sent.RootElement.GetProperty("source_endpoint").GetString());
        Assert.AreEqual(Remote, sent.RootElement.GetProperty("destination_endpoint").GetString());
        var item = sent.RootElement.GetProperty("DATA")[0];
        Assert.AreEqual("/~/balsam-site/data/job1/out.txt", item.GetProperty("source_path").GetString());
        Assert.AreEqual("/projects/out.txt", item.GetProperty("destination_path").GetString());
    }

    [TestMethod]
    public async Task APollFollowsTheTaskFromActiveToSucceeded()
    {
        await using var server = new RecordedGlobusServer().Accepting(TaskId, "task-active.json", "task-succeeded.json");
        var provider = Provider(server);

        var first = await provider.PollAsync(TaskId, CancellationToken.None);
        var second = await provider.PollAsync(TaskId, CancellationToken.None);

        Assert.AreEqual(TransferTaskState.Active, first.State);
        Assert.AreEqual("OK", first.Message, "the task's nice_status_short_description");
        Assert.AreEqual(TransferTaskState.Done, second.State);
        Assert.AreEqual("0 files, 0 bytes", second.Message, "the recorded task moved a folder of empty content");
        Assert.AreEqual($"/v0.10/task/{TaskId}", server.Requests.Last().Path);
        Assert.AreEqual($"Bearer {Token}", server.Requests.Last().Authorization);
    }

    [TestMethod]
    public async Task AFailedTaskReportsItsFatalError()
    {
        await using var server = new RecordedGlobusServer().Accepting(TaskId, "task-failed.json");

        var status = await Provider(server).PollAsync(TaskId, CancellationToken.None);

        Assert.AreEqual(TransferTaskState.Error, status.State);
        Assert.AreEqual("Globus task FAILED: FILE_NOT_FOUND: No such file or directory: /~/inputs/b.txt", status.Message);
    }

    [TestMethod]
    [DataRow("endpoint-permission-denied-403.json", HttpStatusCode.Forbidden, "403 EndpointPermissionDenied: Denied by endpoint", "aaabbbccc")]
    [DataRow("transfer-no-items-400.json", HttpStatusCode.BadRequest, "400 ClientError.BadRequest.NoTransferItems: A transfer requires at least one item", "oUAA6Sq2P")]
    [DataRow("endpoint-not-found-404.json", HttpStatusCode.NotFound, "404 EndpointNotFound: No such endpoint", "BHI2BHt8N")]
    public async Task ARefusedTransferSaysTheApisCodeMessageAndRequestId(string recorded, HttpStatusCode status, string said, string requestId)
    {
        await using var server = new RecordedGlobusServer()
            .On("GET", "submission_id", Answer.File("submission-id.json"))
            .On("POST", "transfer", Answer.File(recorded, status));

        var error = await Assert.ThrowsExactlyAsync<GlobusApiException>(() => Provider(server).SubmitAsync(StageIn(), CancellationToken.None));

        StringAssert.Contains(error.Message, $"POST transfer answered {said}");
        StringAssert.Contains(error.Message, $"(request_id {requestId})");
        Assert.AreEqual(2, server.Requests.Count, "a refusal is not sent again");
    }

    [TestMethod]
    public async Task ARefusedTokenSaysHowToRenewIt()
    {
        await using var server = new RecordedGlobusServer().On("GET", "submission_id",
            new Answer(401, """{"code": "AuthenticationFailed", "message": "Token is not active", "request_id": "r401"}"""));

        var error = await Assert.ThrowsExactlyAsync<GlobusApiException>(() => Provider(server).SubmitAsync(StageIn(), CancellationToken.None));

        StringAssert.Contains(error.Message, "401 AuthenticationFailed: Token is not active (request_id r401)");
        StringAssert.Contains(error.Message, "run `globus login` again, or renew transfers.globus_access_token");
    }

    [TestMethod]
    public async Task ATaskGlobusDoesNotKnowFailsWithTheApisMessage()
    {
        await using var server = new RecordedGlobusServer().On("GET", $"task/{TaskId}", Answer.File("endpoint-not-found-404.json", HttpStatusCode.NotFound));

        var status = await Provider(server).PollAsync(TaskId, CancellationToken.None);

        Assert.AreEqual(TransferTaskState.Error, status.State);
        StringAssert.Contains(status.Message, "404 EndpointNotFound");
    }

    [TestMethod]
    public async Task AForbiddenPollIsAnErrorTheServiceAsksAgainAbout()
    {
        await using var server = new RecordedGlobusServer().On("GET", $"task/{TaskId}", Answer.File("endpoint-permission-denied-403.json", HttpStatusCode.Forbidden));

        var error = await Assert.ThrowsExactlyAsync<GlobusApiException>(() => Provider(server).PollAsync(TaskId, CancellationToken.None));

        Assert.AreEqual(HttpStatusCode.Forbidden, error.Status);
        Assert.AreEqual("EndpointPermissionDenied", error.Body.Code);
    }

    [TestMethod]
    public async Task ABusyServiceIsAskedAgain()
    {
        await using var server = new RecordedGlobusServer().On("GET", $"task/{TaskId}",
            new Answer(503, """{"code": "ServiceUnavailable", "message": "busy", "request_id": "r1"}"""), Answer.File("task-succeeded.json"));

        var status = await Provider(server).PollAsync(TaskId, CancellationToken.None);

        Assert.AreEqual(TransferTaskState.Done, status.State);
        Assert.AreEqual(2, server.Requests.Count);
    }

    [TestMethod]
    public async Task AServerThatNeverAnswersTimesOutWithinTheConfiguredTime()
    {
        await using var server = new RecordedGlobusServer().On("GET", "submission_id", Silence);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsExactlyAsync<TimeoutException>(() =>
            Provider(server, TimeSpan.FromSeconds(2)).SubmitAsync(StageIn(), CancellationToken.None));

        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10), $"gave up after {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.IsTrue(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"gave up after {watch.Elapsed.TotalSeconds:0.0} s");
        StringAssert.Contains(error.Message, "did not answer within 2 s (transfers.globus_timeout_sec)");
        Assert.IsTrue(server.Requests.Any(r => r.Path == "/v0.10/submission_id"), "the call reached the server");
    }

    [TestMethod]
    public async Task ABatchSentAgainAfterAnUnansweredSubmitReusesItsSubmissionIdAndGetsTheSameTask()
    {
        await using var server = new RecordedGlobusServer()
            .On("GET", "submission_id", Answer.File("submission-id.json"))
            .On("POST", "transfer", Silence, Answer.File("transfer-duplicate.json"));
        var provider = Provider(server, TimeSpan.FromSeconds(1));

        await Assert.ThrowsExactlyAsync<TimeoutException>(() => provider.SubmitAsync(StageIn(), CancellationToken.None));
        Assert.AreEqual(1, provider.Unanswered.Count, "the unanswered batch keeps its submission id");
        var reordered = StageIn() with { Files = [.. StageIn().Files.Reverse()] };
        var id = await provider.SubmitAsync(reordered, CancellationToken.None);

        Assert.AreEqual(TaskId, id, "Duplicate names the task the first submit made");
        var requests = server.Requests.Select(r => $"{r.Method} {r.Path}").ToArray();
        Assert.AreEqual(1, requests.Count(r => r == "GET /v0.10/submission_id"), string.Join(", ", requests));
        var submissionIds = server.Requests.Where(r => r.Method == "POST")
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("submission_id").GetString()).Distinct().ToList();
        CollectionAssert.AreEqual(new[] { "00000000-0000-0000-34af-1252da510f05" }, submissionIds, "both posts carry the same submission id");
        Assert.AreEqual(0, provider.Unanswered.Count, "an answered batch is forgotten");
    }

    [TestMethod]
    public async Task OtherItemsOrARefusedBatchGetANewSubmissionId()
    {
        await using var server = new RecordedGlobusServer()
            .On("GET", "submission_id", Answer.File("submission-id.json"))
            .On("POST", "transfer", Answer.File("transfer-no-items-400.json", HttpStatusCode.BadRequest), Answer.File("transfer-accepted.json", HttpStatusCode.Accepted));
        var provider = Provider(server);

        await Assert.ThrowsExactlyAsync<GlobusApiException>(() => provider.SubmitAsync(StageIn(), CancellationToken.None));
        Assert.AreEqual(0, provider.Unanswered.Count, "a refused batch is forgotten");
        await provider.SubmitAsync(StageIn(), CancellationToken.None);
        await provider.SubmitAsync(StageIn() with { Files = [StageIn().Files[0]] }, CancellationToken.None);

        Assert.AreEqual(3, server.Requests.Count(r => r.Path == "/v0.10/submission_id"), "one submission id per submission");
    }

    [TestMethod]
    public async Task AServiceThatCannotBeReachedIsUnreachableNotARefusal()
    {
        var server = new RecordedGlobusServer();
        var provider = Provider(server, TimeSpan.FromSeconds(10));
        await server.DisposeAsync(); // nothing listens on its port any more

        var error = await Assert.ThrowsExactlyAsync<TransferUnreachableException>(() => provider.SubmitAsync(StageIn(), CancellationToken.None));

        StringAssert.Contains(error.Message, "could not be reached");
    }

    [TestMethod]
    public async Task AServiceThatStaysBusyIsUnreachableAfterItsRetries()
    {
        await using var server = new RecordedGlobusServer().On("GET", $"task/{TaskId}",
            new Answer(503, """{"code": "ServiceUnavailable", "message": "busy", "request_id": "r1"}"""));

        var error = await Assert.ThrowsExactlyAsync<TransferUnreachableException>(() => Provider(server).PollAsync(TaskId, CancellationToken.None));

        StringAssert.Contains(error.Message, "ServiceUnavailable: busy");
        Assert.AreEqual(4, server.Requests.Count, "the first call and three retries");
    }

    [TestMethod]
    public async Task NoTokenIsAClearErrorNamingTheSettingAndNothingIsSent()
    {
        await using var server = new RecordedGlobusServer().Accepting(TaskId, "task-active.json");

        var error = await Assert.ThrowsExactlyAsync<TransferProviderException>(() => Provider(server, token: null).SubmitAsync(StageIn(), CancellationToken.None));

        StringAssert.Contains(error.Message, "no Globus token: set transfers.globus_access_token");
        StringAssert.Contains(error.Message, "globus login");
        StringAssert.Contains(error.Message, "/nonexistent-home/.globus/cli/storage.db");
        Assert.IsEmpty(server.Requests);
    }
}
