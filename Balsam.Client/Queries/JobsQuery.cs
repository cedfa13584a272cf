using System.Runtime.CompilerServices;
using Balsam.Client.Apps;
using Balsam.Client.Jobs;
using Balsam.Client.Sites;
using Balsam.Jobs;
using Balsam.States;
using ServerQuery = Balsam.Jobs.JobQuery;

namespace Balsam.Client.Queries;

/// <summary>
/// A lazy, chainable query over the user's jobs. Filters combine with AND; calling <see cref="Where"/> again with the
/// same filter replaces it.
/// <code>
/// var failed = balsam.Jobs.Where(state: JobState.Failed, tags: new() { ["exp"] = "foo" })
///                         .OrderByDescending(JobField.LastUpdate).Take(1000);
/// await failed.UpdateAsync(j => j.State = JobState.RestartReady);
/// var one = await balsam.Jobs.Where(workdirContains: "run-42").GetAsync();
/// </code>
/// </summary>
public sealed partial class JobsQuery : BalsamQuery<Job, JobsQuery>
{
    /// <summary>Jobs fetched per request while enumerating.</summary>
    public const int PageSize = 10_000;

    private const int UpdatesInFlight = 32;

    private readonly BalsamClient _client;
    private ServerQuery _filter = new();
    private SiteRef? _site;
    private AppRef? _app;
    private string? _emptyBecause;

    internal JobsQuery(BalsamClient client) => _client = client;

    private protected override string Resource => "Job";

    /// <summary>Narrows the query. Every argument is optional; lists match any of their elements.</summary>
    /// <param name="state">One state.</param>
    /// <param name="states">Any of these states (joined with <paramref name="state"/>).</param>
    /// <param name="tags">All of these tags.</param>
    /// <param name="id">One job id.</param>
    /// <param name="ids">Any of these ids (joined with <paramref name="id"/>); an empty list matches nothing.</param>
    /// <param name="app">The app: name, id, class or handle.</param>
    /// <param name="site">The site: name, id or site.</param>
    /// <param name="parentId">Children of this job.</param>
    /// <param name="batchJobId">Jobs that last ran in this batch job.</param>
    /// <param name="workdirContains">Jobs whose workdir contains this text.</param>
    /// <param name="parameters">Jobs with these parameter values (an anonymous object or a dictionary).</param>
    /// <param name="lastUpdateAfter">Changed after this time.</param>
    /// <param name="lastUpdateBefore">Changed before this time.</param>
    /// <param name="createdAfter">Created after this time.</param>
    /// <param name="createdBefore">Created before this time.</param>
    /// <param name="pendingFileCleanup">Whether the file cleaner still has work in the workdir.</param>
    /// <param name="blockedByFailedParent">Waiting jobs with a parent that FAILED (or was deleted): they cannot go on by themselves.</param>
    /// <returns>A new query.</returns>
    /// <exception cref="InvalidOperationException">The query is already sliced.</exception>
    public JobsQuery Where(
        JobState? state = null,
        IEnumerable<JobState>? states = null,
        Dictionary<string, string>? tags = null,
        long? id = null,
        IEnumerable<long>? ids = null,
        AppRef? app = null,
        SiteRef? site = null,
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
        RequireUnsliced(nameof(Where));
        var query = Copy();
        var f = JobFilter.Apply(_filter, state, states, tags, id, ids, app, parentId, batchJobId, workdirContains, parameters,
            lastUpdateAfter, lastUpdateBefore, createdAfter, createdBefore, pendingFileCleanup, blockedByFailedParent);
        query.NothingIf(f.States is { Count: 0 }, "states: an empty list");
        query.NothingIf(f.Ids is { Count: 0 }, "ids: an empty list");
        query._filter = f;
        query._app = app ?? _app;
        query._site = site ?? _site;
        return query;
    }

    /// <summary>Orders by a field, ascending (ties by id).</summary>
    /// <param name="field">The field.</param>
    /// <returns>A new query.</returns>
    public JobsQuery OrderBy(JobField field) => Ordered(field, descending: false);

    /// <summary>Orders by a field, descending (ties by id, descending).</summary>
    /// <param name="field">The field.</param>
    /// <returns>A new query.</returns>
    public JobsQuery OrderByDescending(JobField field) => Ordered(field, descending: true);

    /// <inheritdoc/>
    public override async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        await ResolveAsync(cancellationToken) is { } query
            ? Sliced(await _client.Jobs.Service.CountAsync(query).WaitAsync(cancellationToken))
            : 0;

    private protected override async IAsyncEnumerable<Job> FetchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await ResolveAsync(cancellationToken) is not { } query)
        {
            yield break;
        }

        var remaining = Limit ?? int.MaxValue;
        var offset = Offset;
        while (remaining > 0)
        {
            var page = Math.Min(remaining, PageSize);
            var records = await _client.Jobs.Service.QueryAsync(query with { Offset = offset, Limit = page }).WaitAsync(cancellationToken);
            foreach (var record in records)
            {
                yield return new Job(_client, record);
            }

            if (records.Count < page)
            {
                yield break;
            }

            offset += records.Count;
            remaining -= records.Count;
        }
    }

    private protected override string DescribeFilter()
    {
        var f = _filter;
        var terms = new List<string>();
        void Term(bool present, string text)
        {
            if (present)
            {
                terms.Add(text);
            }
        }

        Term(f.Ids is not null, $"id in [{string.Join(", ", f.Ids ?? [])}]");
        Term(_app is not null, $"app {_app}");
        Term(_site is not null, $"site {_site}");
        Term(f.States is not null, $"state in [{string.Join(", ", (f.States ?? []).Select(s => s.Name()))}]");
        Term(f.Tags is { Count: > 0 }, $"tags {{{string.Join(", ", (f.Tags ?? []).Select(t => $"{t.Key}: {t.Value}"))}}}");
        Term(f.Parameters is { Count: > 0 }, $"parameters {{{string.Join(", ", (f.Parameters ?? []).Select(t => $"{t.Key}: {t.Value}"))}}}");
        Term(f.WorkdirContains is not null, $"workdir containing '{f.WorkdirContains}'");
        Term(f.ParentId is not null, $"parent {f.ParentId}");
        Term(f.BatchJobId is not null, $"batch job {f.BatchJobId}");
        Term(f.LastUpdateAfter is not null, $"last update after {f.LastUpdateAfter:O}");
        Term(f.LastUpdateBefore is not null, $"last update before {f.LastUpdateBefore:O}");
        Term(f.CreatedAfter is not null, $"created after {f.CreatedAfter:O}");
        Term(f.CreatedBefore is not null, $"created before {f.CreatedBefore:O}");
        Term(f.PendingFileCleanup is not null, $"pending file cleanup {f.PendingFileCleanup}");
        Term(f.BlockedByFailedParent is not null, $"blocked by a failed parent {f.BlockedByFailedParent}");
        return terms.Count == 0 ? "(all jobs)" : string.Join(", ", terms);
    }

    private JobsQuery Ordered(JobField field, bool descending)
    {
        RequireUnsliced(descending ? nameof(OrderByDescending) : nameof(OrderBy));
        var query = Copy();
        query._filter = _filter with { OrderBy = (JobOrderField)(int)field, Descending = descending };
        return query;
    }

    private void NothingIf(bool empty, string reason)
    {
        if (empty)
        {
            _emptyBecause ??= reason;
        }
    }

    /// <summary>The server query, scoped to the user's sites and sliced; null when nothing can match.</summary>
    private async Task<ServerQuery?> ResolveAsync(CancellationToken cancellationToken)
    {
        if (_emptyBecause is not null || Limit == 0)
        {
            return null;
        }

        var siteIds = (await _client.Sites.ListAsync().WaitAsync(cancellationToken)).Select(s => s.Id).ToHashSet();
        var query = _filter;
        if (_site is not null && !await NarrowToSiteAsync(siteIds, _site, cancellationToken))
        {
            return null;
        }

        if (_app is { } app)
        {
            var appSite = app.Site ?? (app.Type is { } type ? AppDefinitionBuilder.Instantiate(type).Site : null);
            if (appSite is not null && !await NarrowToSiteAsync(siteIds, appSite, cancellationToken))
            {
                return null;
            }
        }

        return siteIds.Count == 0
            ? null
            : query with { SiteIds = [.. siteIds.Order()], Offset = Offset, Limit = Limit };
    }

    private async Task<bool> NarrowToSiteAsync(HashSet<long> siteIds, SiteRef site, CancellationToken cancellationToken)
    {
        var found = await _client.Sites.FindAsync(site, cancellationToken);
        siteIds.IntersectWith(found is null ? [] : [found.Id]);
        return siteIds.Count > 0;
    }
}
