using System.Runtime.CompilerServices;
using Balsam.Client.Sites;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Client.Queries;

/// <summary>
/// A lazy, chainable query over the state changes of the user's jobs (Balsam's <c>EventLog</c>), oldest first unless
/// ordered otherwise.
/// <code>
/// var finished = balsam.Events.Where(toState: JobState.JobFinished, after: DateTimeOffset.UtcNow.AddHours(-1));
/// await foreach (var e in finished) Console.WriteLine($"{e.Timestamp:T} job {e.JobId}: {e.From} -> {e.To}");
/// </code>
/// </summary>
public sealed class EventsQuery : BalsamQuery<JobEvent, EventsQuery>
{
    /// <summary>Events fetched per request while enumerating.</summary>
    public const int PageSize = 10_000;

    private readonly BalsamClient _client;
    private EventQuery _filter = new();
    private SiteRef? _site;
    private bool _nothing;

    internal EventsQuery(BalsamClient client) => _client = client;

    private protected override string Resource => "Event";

    /// <summary>Narrows the query; calling it again with the same filter replaces it.</summary>
    /// <param name="jobId">Events of this job.</param>
    /// <param name="jobIds">Events of any of these jobs (joined with <paramref name="jobId"/>); an empty list matches nothing.</param>
    /// <param name="site">Events of jobs at this site.</param>
    /// <param name="batchJobId">Events of jobs that last ran in this batch job.</param>
    /// <param name="tags">Events of jobs with all of these tags.</param>
    /// <param name="fromState">Changes from this state.</param>
    /// <param name="toState">Changes to this state.</param>
    /// <param name="after">Changes after this time.</param>
    /// <param name="before">Changes before this time.</param>
    /// <param name="schedulerId">Events of jobs that last ran in the batch job the scheduler knows by this id.</param>
    /// <returns>A new query.</returns>
    public EventsQuery Where(
        long? jobId = null,
        IEnumerable<long>? jobIds = null,
        SiteRef? site = null,
        long? batchJobId = null,
        Dictionary<string, string>? tags = null,
        JobState? fromState = null,
        JobState? toState = null,
        DateTimeOffset? after = null,
        DateTimeOffset? before = null,
        long? schedulerId = null)
    {
        RequireUnsliced(nameof(Where));
        var query = Copy();
        var f = _filter;
        if (jobId is not null || jobIds is not null)
        {
            var wanted = (jobIds ?? []).Concat(jobId is { } one ? [one] : []).Distinct().ToList();
            query._nothing |= wanted.Count == 0;
            f = f with { JobIds = wanted };
        }

        query._filter = f with
        {
            BatchJobId = batchJobId ?? f.BatchJobId,
            SchedulerId = schedulerId ?? f.SchedulerId,
            Tags = tags is null ? f.Tags : new(tags, StringComparer.Ordinal),
            FromState = fromState ?? f.FromState,
            ToState = toState ?? f.ToState,
            After = after ?? f.After,
            Before = before ?? f.Before,
        };
        query._site = site ?? _site;
        return query;
    }

    /// <summary>Oldest first (the default).</summary>
    /// <returns>A new query.</returns>
    public EventsQuery OrderBy() => Ordered(false);

    /// <summary>Newest first.</summary>
    /// <returns>A new query.</returns>
    public EventsQuery OrderByDescending() => Ordered(true);

    /// <summary>How many events match; this reads them (events have no server-side count yet).</summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The count.</returns>
    public override Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        SiteScopedPages.CountAsync(FetchAsync(cancellationToken), cancellationToken);

    private protected override async IAsyncEnumerable<JobEvent> FetchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_nothing || Limit == 0)
        {
            yield break;
        }

        var siteIds = await SiteScopedPages.SiteIdsAsync(_client, _site, cancellationToken);
        if (siteIds.Count == 0)
        {
            yield break;
        }

        var query = _filter with { SiteIds = siteIds };
        var pages = SiteScopedPages.ReadAsync(
            (offset, limit) => _client.Jobs.Service.EventsAsync(query with { Offset = offset, Limit = limit }), Offset, Limit, PageSize, cancellationToken);
        await foreach (var item in pages)
        {
            yield return item;
        }
    }

    private protected override string DescribeFilter()
    {
        var f = _filter;
        var terms = new List<string>();
        if (f.JobIds is not null) terms.Add($"job in [{string.Join(", ", f.JobIds)}]");
        if (_site is not null) terms.Add($"site {_site}");
        if (f.BatchJobId is not null) terms.Add($"batch job {f.BatchJobId}");
        if (f.SchedulerId is not null) terms.Add($"scheduler id {f.SchedulerId}");
        if (f.Tags is { Count: > 0 }) terms.Add($"tags {{{string.Join(", ", f.Tags.Select(t => $"{t.Key}: {t.Value}"))}}}");
        if (f.FromState is { } from) terms.Add($"from {from.Name()}");
        if (f.ToState is { } to) terms.Add($"to {to.Name()}");
        if (f.After is not null) terms.Add($"after {f.After:O}");
        if (f.Before is not null) terms.Add($"before {f.Before:O}");
        return terms.Count == 0 ? "(all events)" : string.Join(", ", terms);
    }

    private EventsQuery Ordered(bool descending)
    {
        RequireUnsliced(descending ? nameof(OrderByDescending) : nameof(OrderBy));
        var query = Copy();
        query._filter = _filter with { Descending = descending };
        return query;
    }
}
