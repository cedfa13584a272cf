using Balsam.Client.Apps;
using Balsam.Client.Serialization;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Client.Queries;

/// <summary>
/// The job filters mapped onto the contract's <see cref="JobQuery"/>: the one place where <see cref="JobsQuery.Where"/>
/// and tools such as the <c>balsam job</c> commands turn filter arguments into a query. Sites are not mapped here
/// (the caller scopes <see cref="JobQuery.SiteIds"/> to the user's sites).
/// </summary>
public static class JobFilter
{
    /// <summary>
    /// <paramref name="query"/> with every given filter set (replacing the same filter there); filters left null are
    /// kept as they are. An empty <paramref name="states"/> or <paramref name="ids"/> list (with no single value) gives an
    /// empty list, which <see cref="JobsQuery"/> treats as matching nothing.
    /// </summary>
    /// <param name="query">The query to narrow.</param>
    /// <param name="state">One state.</param>
    /// <param name="states">Any of these states (joined with <paramref name="state"/>).</param>
    /// <param name="tags">All of these tags.</param>
    /// <param name="id">One job id.</param>
    /// <param name="ids">Any of these ids (joined with <paramref name="id"/>).</param>
    /// <param name="app">The app, by id when it has one, else by name.</param>
    /// <param name="parentId">Children of this job.</param>
    /// <param name="batchJobId">Jobs that last ran in this batch job.</param>
    /// <param name="workdirContains">Jobs whose workdir contains this text.</param>
    /// <param name="parameters">Jobs with these parameter values (an anonymous object or a dictionary).</param>
    /// <param name="lastUpdateAfter">Changed after this time.</param>
    /// <param name="lastUpdateBefore">Changed before this time.</param>
    /// <param name="createdAfter">Created after this time.</param>
    /// <param name="createdBefore">Created before this time.</param>
    /// <param name="pendingFileCleanup">Whether the file cleaner still has work in the workdir.</param>
    /// <param name="blockedByFailedParent">Waiting jobs with a parent that FAILED (or was deleted).</param>
    /// <returns>The narrowed query.</returns>
    public static JobQuery Apply(
        JobQuery query,
        JobState? state = null,
        IEnumerable<JobState>? states = null,
        Dictionary<string, string>? tags = null,
        long? id = null,
        IEnumerable<long>? ids = null,
        AppRef? app = null,
        long? parentId = null,
        long? batchJobId = null,
        string? workdirContains = null,
        object? parameters = null,
        DateTimeOffset? lastUpdateAfter = null,
        DateTimeOffset? lastUpdateBefore = null,
        DateTimeOffset? createdAfter = null,
        DateTimeOffset? createdBefore = null,
        bool? pendingFileCleanup = null,
        bool? blockedByFailedParent = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var f = query;
        if (state is not null || states is not null)
        {
            f = f with { States = [.. (states ?? []).Concat(state is { } one ? [one] : []).Distinct()] };
        }

        if (id is not null || ids is not null)
        {
            f = f with { Ids = [.. (ids ?? []).Concat(id is { } one ? [one] : []).Distinct()] };
        }

        if (tags is not null)
        {
            f = f with { Tags = new(tags, StringComparer.Ordinal) };
        }

        if (app is not null)
        {
            f = app.Id is { } appId ? f with { AppIds = [appId], AppNames = null } : f with { AppIds = null, AppNames = [app.Name!] };
        }

        if (parameters is not null)
        {
            f = f with { Parameters = BalsamJson.ToLiterals(parameters) };
        }

        return f with
        {
            ParentId = parentId ?? f.ParentId,
            BatchJobId = batchJobId ?? f.BatchJobId,
            WorkdirContains = workdirContains ?? f.WorkdirContains,
            LastUpdateAfter = lastUpdateAfter ?? f.LastUpdateAfter,
            LastUpdateBefore = lastUpdateBefore ?? f.LastUpdateBefore,
            CreatedAfter = createdAfter ?? f.CreatedAfter,
            CreatedBefore = createdBefore ?? f.CreatedBefore,
            PendingFileCleanup = pendingFileCleanup ?? f.PendingFileCleanup,
            BlockedByFailedParent = blockedByFailedParent ?? f.BlockedByFailedParent,
        };
    }
}
