using System.Runtime.CompilerServices;
using Balsam.BatchJobs;
using Balsam.Client.BatchJobs;
using Balsam.Client.Sites;
using ServerQuery = Balsam.BatchJobs.BatchJobQuery;

namespace Balsam.Client.Queries;

/// <summary>
/// A lazy, chainable query over the user's batch jobs, by id unless ordered otherwise. Filters combine with AND;
/// calling <see cref="Where"/> again with the same filter replaces it.
/// <code>
/// var recent = balsam.BatchJobs.Where(site: "polaris", state: BatchJobState.Finished)
///                              .OrderByDescending(BatchJobField.EndTime).Take(10);
/// await foreach (var bj in recent) Console.WriteLine($"{bj.Id}: {bj.StartTime} - {bj.EndTime}");
/// await balsam.BatchJobs.Where(queue: "debug", states: BatchJobStateNames.Active).RequestDeletionAsync();
/// </code>
/// </summary>
public sealed class BatchJobsQuery : BalsamQuery<BatchJob, BatchJobsQuery>
{
    /// <summary>Batch jobs fetched per request while enumerating.</summary>
    public const int PageSize = ServerQuery.MaxPageSize;

    private readonly BalsamClient _client;
    private ServerQuery _filter = new();
    private SiteRef? _site;
    private string? _emptyBecause;

    internal BatchJobsQuery(BalsamClient client) => _client = client;

    private protected override string Resource => "BatchJob";

    /// <summary>Narrows the query. Every argument is optional; lists match any of their elements.</summary>
    /// <param name="id">One batch job id.</param>
    /// <param name="ids">Any of these ids (joined with <paramref name="id"/>); an empty list matches nothing.</param>
    /// <param name="site">Batch jobs of this site: a name, an id or a site.</param>
    /// <param name="state">One state.</param>
    /// <param name="states">Any of these states (joined with <paramref name="state"/>), e.g. <see cref="BatchJobStateNames.Active"/>.</param>
    /// <param name="schedulerId">The batch job the scheduler knows by this id.</param>
    /// <param name="queue">Batch jobs in this scheduler queue.</param>
    /// <param name="filterTags">Batch jobs whose filter tags contain all of these.</param>
    /// <param name="startTimeAfter">Started after this time.</param>
    /// <param name="startTimeBefore">Started before this time.</param>
    /// <param name="endTimeAfter">Ended after this time.</param>
    /// <param name="endTimeBefore">Ended before this time.</param>
    /// <returns>A new query.</returns>
    /// <exception cref="InvalidOperationException">The query is already sliced.</exception>
    public BatchJobsQuery Where(
        long? id = null,
        IEnumerable<long>? ids = null,
        SiteRef? site = null,
        BatchJobState? state = null,
        IEnumerable<BatchJobState>? states = null,
        long? schedulerId = null,
        string? queue = null,
        Dictionary<string, string>? filterTags = null,
        DateTimeOffset? startTimeAfter = null,
        DateTimeOffset? startTimeBefore = null,
        DateTimeOffset? endTimeAfter = null,
        DateTimeOffset? endTimeBefore = null)
    {
        RequireUnsliced(nameof(Where));
        var query = Copy();
        var f = _filter;
        if (id is not null || ids is not null)
        {
            var wanted = (ids ?? []).Concat(id is { } one ? [one] : []).Distinct().ToList();
            query.NothingIf(wanted.Count == 0, "ids: an empty list");
            f = f with { Ids = wanted };
        }

        if (state is not null || states is not null)
        {
            var wanted = (states ?? []).Concat(state is { } one ? [one] : []).Distinct().ToList();
            query.NothingIf(wanted.Count == 0, "states: an empty list");
            f = f with { States = wanted };
        }

        query._filter = f with
        {
            SchedulerId = schedulerId ?? f.SchedulerId,
            Queue = queue ?? f.Queue,
            FilterTags = filterTags is null ? f.FilterTags : new(filterTags, StringComparer.Ordinal),
            StartTimeAfter = startTimeAfter ?? f.StartTimeAfter,
            StartTimeBefore = startTimeBefore ?? f.StartTimeBefore,
            EndTimeAfter = endTimeAfter ?? f.EndTimeAfter,
            EndTimeBefore = endTimeBefore ?? f.EndTimeBefore,
        };
        query._site = site ?? _site;
        return query;
    }

    /// <summary>Orders by a field, ascending (ties by id; batch jobs without that time come last).</summary>
    /// <param name="field">The field.</param>
    /// <returns>A new query.</returns>
    public BatchJobsQuery OrderBy(BatchJobField field) => Ordered(field, descending: false);

    /// <summary>Orders by a field, descending (ties by id, descending; batch jobs without that time come last).</summary>
    /// <param name="field">The field.</param>
    /// <returns>A new query.</returns>
    public BatchJobsQuery OrderByDescending(BatchJobField field) => Ordered(field, descending: true);

    /// <inheritdoc/>
    public override async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        await ResolveAsync(cancellationToken) is { } query
            ? Sliced(await _client.BatchJobs.Service.CountAsync(query).WaitAsync(cancellationToken))
            : 0;

    /// <summary>
    /// Asks every match to end, as <see cref="BatchJob.RequestDeletionAsync"/> does for one: queued and running ones
    /// become <c>pending_deletion</c> for the site to delete from the scheduler, ones never submitted end without
    /// reaching it, ended ones are left as they are.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait (requests may still be made).</param>
    /// <returns>Every match, as the service left it.</returns>
    public async Task<IReadOnlyList<BatchJob>> RequestDeletionAsync(CancellationToken cancellationToken = default)
    {
        var matches = await ToListAsync(cancellationToken);
        foreach (var batchJob in matches)
        {
            await batchJob.RequestDeletionAsync(cancellationToken);
        }

        return matches;
    }

    /// <summary>Removes the records of every match that has ended (<c>finished</c> or <c>submit_failed</c>); active ones are kept.</summary>
    /// <param name="cancellationToken">Cancels the wait (records may still be removed).</param>
    /// <returns>How many were removed.</returns>
    public async Task<int> DeleteAsync(CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var batchJob in (await ToListAsync(cancellationToken)).Where(b => b.HasEnded))
        {
            removed += await batchJob.DeleteAsync(cancellationToken) ? 1 : 0;
        }

        return removed;
    }

    private protected override async IAsyncEnumerable<BatchJob> FetchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await ResolveAsync(cancellationToken) is not { } query)
        {
            yield break;
        }

        var pages = SiteScopedPages.ReadAsync(
            (offset, limit) => _client.BatchJobs.Service.QueryAsync(query with { Offset = offset, Limit = limit }),
            Offset, Limit, PageSize, cancellationToken);
        await foreach (var record in pages)
        {
            yield return new BatchJob(_client, record);
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
        Term(_site is not null, $"site {_site}");
        Term(f.States is not null, $"state in [{string.Join(", ", (f.States ?? []).Select(s => s.Name()))}]");
        Term(f.SchedulerId is not null, $"scheduler id {f.SchedulerId}");
        Term(f.Queue is not null, $"queue '{f.Queue}'");
        Term(f.FilterTags is { Count: > 0 }, $"filter tags {{{string.Join(", ", (f.FilterTags ?? []).Select(t => $"{t.Key}: {t.Value}"))}}}");
        Term(f.StartTimeAfter is not null, $"started after {f.StartTimeAfter:O}");
        Term(f.StartTimeBefore is not null, $"started before {f.StartTimeBefore:O}");
        Term(f.EndTimeAfter is not null, $"ended after {f.EndTimeAfter:O}");
        Term(f.EndTimeBefore is not null, $"ended before {f.EndTimeBefore:O}");
        return terms.Count == 0 ? "(all batch jobs)" : string.Join(", ", terms);
    }

    private BatchJobsQuery Ordered(BatchJobField field, bool descending)
    {
        RequireUnsliced(descending ? nameof(OrderByDescending) : nameof(OrderBy));
        var query = Copy();
        query._filter = _filter with
        {
            OrderBy = field switch
            {
                BatchJobField.StartTime => BatchJobOrderField.StartTime,
                BatchJobField.EndTime => BatchJobOrderField.EndTime,
                _ => BatchJobOrderField.Id,
            },
            Descending = descending,
        };
        return query;
    }

    private void NothingIf(bool empty, string reason)
    {
        if (empty)
        {
            _emptyBecause ??= reason;
        }
    }

    /// <summary>The server query scoped to the user's sites (or the one site asked for); null when nothing can match.</summary>
    private async Task<ServerQuery?> ResolveAsync(CancellationToken cancellationToken)
    {
        if (_emptyBecause is not null || Limit == 0)
        {
            return null;
        }

        var siteIds = await SiteScopedPages.SiteIdsAsync(_client, _site, cancellationToken);
        return siteIds.Count == 0 ? null : _filter with { SiteIds = siteIds };
    }
}
