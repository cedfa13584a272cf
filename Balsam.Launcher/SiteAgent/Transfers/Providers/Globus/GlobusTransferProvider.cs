using System.Net;
using Balsam.Apps;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>
/// <c>globus://&lt;endpoint id&gt;</c> locations, through the Globus Transfer API (<see cref="GlobusTransferClient"/>): a
/// batch is one transfer task between the location's endpoint and this site's (<c>globus_endpoint_id</c>), with
/// size-level sync, checksum verification and encryption; a poll reads the task. Site paths are rewritten for an endpoint
/// that mounts the site folder elsewhere (<c>globus_endpoint_site_path</c>). A FAILED task reports its fatal error, and a
/// task Globus no longer knows fails its items with the API's message. A batch sent again after an unanswered submit
/// reuses its submission id (<see cref="GlobusSubmissions"/>), so Globus never runs it twice.
/// </summary>
public sealed class GlobusTransferProvider(GlobusTransferClient api, Guid siteEndpoint, string siteFolder, string? endpointSitePath) : ITransferProvider
{
    public const string Name = "globus";

    public string Protocol => Name;

    /// <summary>The submission ids of batches Globus has not answered yet.</summary>
    public GlobusSubmissions Unanswered { get; } = new();

    public async Task<string> SubmitAsync(TransferBatch batch, CancellationToken cancellationToken)
    {
        var key = GlobusSubmissions.KeyOf(batch);
        if (Unanswered.Remembered(key) is not { } submissionId)
        {
            submissionId = await api.SubmissionIdAsync(cancellationToken);
            Unanswered.Remember(key, submissionId);
        }

        GlobusTransferResult result;
        try
        {
            result = await SubmitAsync(batch, submissionId, cancellationToken);
        }
        catch (Exception e) when (e is GlobusApiException or TransferProviderException)
        {
            Unanswered.Forget(key); // refused: a later try of these items is a new submission
            throw;
        }

        Unanswered.Forget(key);
        return result.TaskId is { Length: > 0 } id
            ? id
            : throw new TransferProviderException($"Globus Transfer API POST transfer answered {result.Code} without a task_id");
    }

    /// <summary>Accepted (a new task) and Duplicate (the task this submission id already made) both carry the task's id.</summary>
    private Task<GlobusTransferResult> SubmitAsync(TransferBatch batch, string submissionId, CancellationToken cancellationToken)
    {
        var stageIn = batch.Direction == TransferDirection.In;
        return api.SubmitAsync(new GlobusTransferRequest
        {
            SubmissionId = submissionId,
            SourceEndpoint = stageIn ? batch.Netloc : siteEndpoint.ToString(),
            DestinationEndpoint = stageIn ? siteEndpoint.ToString() : batch.Netloc,
            Label = $"balsam {batch.LocationAlias} {(stageIn ? "in" : "out")}",
            Data = [.. batch.Files.Select(f => stageIn
                ? new GlobusTransferItem(f.Source, EndpointPath(f.Destination), f.Recursive)
                : new GlobusTransferItem(EndpointPath(f.Source), f.Destination, f.Recursive))],
        }, cancellationToken);
    }

    public async Task<TransferTaskStatus> PollAsync(string taskId, CancellationToken cancellationToken)
    {
        GlobusTask task;
        try
        {
            task = await api.TaskAsync(taskId, cancellationToken);
        }
        catch (GlobusApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return new TransferTaskStatus(TransferTaskState.Error, e.Message);
        }

        var nice = task.NiceStatusShortDescription ?? task.NiceStatus ?? "";
        return task.Status switch
        {
            "ACTIVE" => new TransferTaskStatus(TransferTaskState.Active, nice),
            "INACTIVE" => new TransferTaskStatus(TransferTaskState.Inactive, nice),
            "SUCCEEDED" => new TransferTaskStatus(TransferTaskState.Done, $"{task.FilesTransferred} files, {task.BytesTransferred} bytes"),
            "FAILED" => new TransferTaskStatus(TransferTaskState.Error, Failure(task)),
            _ => throw new TransferProviderException($"Globus task {taskId} has a status Balsam does not know: '{task.Status}'"),
        };
    }

    /// <summary>A path under the site folder as the site's endpoint sees it.</summary>
    public string EndpointPath(string sitePath) =>
        endpointSitePath is null || !sitePath.StartsWith(siteFolder, StringComparison.Ordinal)
            ? sitePath
            : endpointSitePath.TrimEnd('/') + sitePath[siteFolder.TrimEnd('/').Length..];

    private static string Failure(GlobusTask task)
    {
        var nice = task.NiceStatusShortDescription ?? task.NiceStatus;
        return task.FatalError is { } fatal
            ? $"Globus task FAILED: {fatal.Code}: {fatal.Description}"
            : $"Globus task FAILED{(string.IsNullOrEmpty(nice) ? "" : $": {nice}")}";
    }
}
