using System.Runtime.CompilerServices;
using Balsam.Apps;
using Balsam.Client.Sites;
using Balsam.Transfers;

namespace Balsam.Client.Queries;

/// <summary>
/// A lazy, chainable query over the transfer items of the user's jobs (what each job stages in and out), by id.
/// <code>
/// var failed = await balsam.TransferItems.Where(state: TransferItemState.Error).ToListAsync();
/// </code>
/// </summary>
public sealed class TransferItemsQuery : BalsamQuery<TransferItemRecord, TransferItemsQuery>
{
    /// <summary>Items fetched per request while enumerating.</summary>
    public const int PageSize = 10_000;

    private readonly BalsamClient _client;
    private TransferItemQuery _filter = new();
    private SiteRef? _site;
    private bool _nothing;

    internal TransferItemsQuery(BalsamClient client) => _client = client;

    private protected override string Resource => "TransferItem";

    /// <summary>Narrows the query; calling it again with the same filter replaces it.</summary>
    /// <param name="jobId">Items of this job.</param>
    /// <param name="jobIds">Items of any of these jobs (joined with <paramref name="jobId"/>); an empty list matches nothing.</param>
    /// <param name="site">Items of jobs at this site.</param>
    /// <param name="state">Items in this state.</param>
    /// <param name="direction">Stage-ins or stage-outs.</param>
    /// <param name="locationAlias">Items to or from this transfer location of the site.</param>
    /// <param name="tags">Items of jobs that carry all of these tags.</param>
    /// <returns>A new query.</returns>
    public TransferItemsQuery Where(
        long? jobId = null,
        IEnumerable<long>? jobIds = null,
        SiteRef? site = null,
        TransferItemState? state = null,
        TransferDirection? direction = null,
        string? locationAlias = null,
        Dictionary<string, string>? tags = null)
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
            States = state is { } s ? [s] : f.States,
            Direction = direction ?? f.Direction,
            LocationAlias = locationAlias ?? f.LocationAlias,
            Tags = tags is null ? f.Tags : new(tags, StringComparer.Ordinal),
        };
        query._site = site ?? _site;
        return query;
    }

    /// <summary>How many items match; this reads them.</summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The count.</returns>
    public override Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        SiteScopedPages.CountAsync(FetchAsync(cancellationToken), cancellationToken);

    private protected override async IAsyncEnumerable<TransferItemRecord> FetchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
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
            (offset, limit) => _client.Jobs.Service.TransferItemsAsync(query with { Offset = offset, Limit = limit }), Offset, Limit, PageSize, cancellationToken);
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
        if (f.States is { } states) terms.Add($"state {string.Join("|", states.Select(s => s.Name()))}");
        if (f.Direction is { } direction) terms.Add($"direction {direction}");
        if (f.LocationAlias is { } alias) terms.Add($"location {alias}");
        if (f.Tags is { Count: > 0 } tags) terms.Add($"tags {{{string.Join(", ", tags.Select(t => $"{t.Key}: {t.Value}"))}}}");
        return terms.Count == 0 ? "(all transfer items)" : string.Join(", ", terms);
    }
}
