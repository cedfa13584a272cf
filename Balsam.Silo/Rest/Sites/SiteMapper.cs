using System.Globalization;
using Balsam.Errors;
using Balsam.Silo.Rest.Core;
using Balsam.Sites;

namespace Balsam.Silo.Rest.Sites;

/// <summary>Between Balsam's site JSON and our <see cref="SiteInfo"/>/<see cref="SiteSpec"/>/<see cref="SiteSettingsSummary"/>.</summary>
internal static class SiteMapper
{
    public static SiteOut ToOut(SiteInfo site) => new()
    {
        Id = site.Id,
        Name = site.Name,
        Path = site.Path,
        GlobusEndpointId = site.Settings.GlobusEndpointId,
        BackfillWindows = site.BackfillWindows.ToDictionary(
            pair => pair.Key, pair => pair.Value.Select(w => new BackfillWindowWire(w.NumNodes, w.WallTimeMin)).ToList()),
        QueuedJobs = site.QueuedJobs.GroupBy(j => j.SchedulerId).ToDictionary(
            group => group.Key.ToString(CultureInfo.InvariantCulture), group => ToWire(group.Last())),
        OptionalBatchJobParams = site.Settings.OptionalBatchJobParams,
        AllowedProjects = site.Settings.AllowedProjects,
        AllowedQueues = site.Settings.AllowedQueues.ToDictionary(
            pair => pair.Key, pair => new AllowedQueueWire(pair.Value.MaxNodes, pair.Value.MaxWalltimeMin, pair.Value.MaxQueuedJobs)),
        TransferLocations = site.Settings.TransferLocations,
        LastRefresh = site.LastRefresh ?? site.CreatedAt, // Balsam sets it at creation; ours only when an agent reports
        CreationDate = site.CreatedAt,
    };

    /// <summary>The settings with the fields the body sends replaced; the rest (and our own filter tags, node count) kept.</summary>
    public static SiteSettingsSummary Settings(SiteIn body, SiteSettingsSummary current) => current with
    {
        GlobusEndpointId = body.GlobusEndpointId ?? current.GlobusEndpointId,
        OptionalBatchJobParams = body.OptionalBatchJobParams ?? current.OptionalBatchJobParams,
        AllowedProjects = body.AllowedProjects ?? current.AllowedProjects,
        AllowedQueues = body.AllowedQueues?.ToDictionary(
            pair => pair.Key, pair => new QueuePolicy(pair.Value.MaxNodes, pair.Value.MaxWalltime, pair.Value.MaxQueuedJobs)) ?? current.AllowedQueues,
        TransferLocations = body.TransferLocations ?? current.TransferLocations,
    };

    /// <summary>Whether the body changes any setting (else an update leaves the settings alone).</summary>
    public static bool ChangesSettings(SiteIn body) =>
        body.GlobusEndpointId is not null || body.OptionalBatchJobParams is not null || body.AllowedProjects is not null
        || body.AllowedQueues is not null || body.TransferLocations is not null;

    public static Dictionary<string, List<BackfillWindow>> BackfillWindows(Dictionary<string, List<BackfillWindowWire>> windows) =>
        windows.ToDictionary(pair => pair.Key, pair => pair.Value.Select(w => new BackfillWindow { NumNodes = w.NumNodes, WallTimeMin = w.WallTimeMin }).ToList());

    public static List<SchedulerJobStatus> QueuedJobs(Dictionary<string, QueuedJobWire> jobs) =>
    [
        .. jobs.Select(pair => new SchedulerJobStatus
        {
            SchedulerId = long.TryParse(pair.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw RestSchemaException.Body("queued_jobs", $"key '{pair.Key}' is not a valid integer (a scheduler id)", "type_error.integer"),
            State = pair.Value.State,
            Queue = pair.Value.Queue,
            NumNodes = pair.Value.NumNodes,
            WallTimeMin = pair.Value.WallTimeMin,
            Project = pair.Value.Project,
            TimeRemainingMin = pair.Value.TimeRemainingMin,
            QueuedTimeMin = pair.Value.QueuedTimeMin,
        }),
    ];

    /// <summary>The service's validation error with its fields named as in the REST body (<c>allowed_queues.x</c>, not <c>settings.allowed_queues.x</c>).</summary>
    public static BalsamValidationException InRestTerms(BalsamValidationException error) =>
        new(error.Subject, [.. error.Problems.Select(p => p with { Field = p.Field.StartsWith("settings.", StringComparison.Ordinal) ? p.Field["settings.".Length..] : p.Field })]);

    private static QueuedJobWire ToWire(SchedulerJobStatus job) => new(
        job.SchedulerId, job.State, job.Queue, job.NumNodes, job.WallTimeMin, job.Project, job.TimeRemainingMin, job.QueuedTimeMin);
}
