using System.Runtime.CompilerServices;
using Balsam.Client.Sites;
using Balsam.Sites;

namespace Balsam.Client.Queries;

/// <summary>
/// A lazy, chainable query over the user's sites (filtered in the client: a user has few sites).
/// <code>var active = await balsam.Sites.Where(active: true).OrderBy(SiteField.Name).ToListAsync();</code>
/// </summary>
public sealed class SitesQuery : BalsamQuery<SiteInfo, SitesQuery>
{
    private readonly SiteManager _sites;
    private string? _name;
    private string? _pathContains;
    private IReadOnlyList<long>? _ids;
    private bool? _active;
    private SiteField _order = SiteField.Id;
    private bool _descending;

    internal SitesQuery(SiteManager sites) => _sites = sites;

    private protected override string Resource => "Site";

    /// <summary>Narrows the query; calling it again with the same filter replaces it.</summary>
    /// <param name="name">The site with this name.</param>
    /// <param name="pathContains">Sites whose path contains this text.</param>
    /// <param name="id">The site with this id.</param>
    /// <param name="ids">Sites with any of these ids (joined with <paramref name="id"/>).</param>
    /// <param name="active">Sites whose agent reported recently (true) or not (false).</param>
    /// <returns>A new query.</returns>
    public SitesQuery Where(string? name = null, string? pathContains = null, long? id = null, IEnumerable<long>? ids = null, bool? active = null)
    {
        RequireUnsliced(nameof(Where));
        var query = Copy();
        query._name = name ?? _name;
        query._pathContains = pathContains ?? _pathContains;
        query._ids = id is null && ids is null ? _ids : [.. (ids ?? []).Concat(id is { } one ? [one] : []).Distinct()];
        query._active = active ?? _active;
        return query;
    }

    /// <summary>Orders by a field, ascending (ties by id).</summary>
    /// <param name="field">The field.</param>
    /// <returns>A new query.</returns>
    public SitesQuery OrderBy(SiteField field) => Ordered(field, false);

    /// <summary>Orders by a field, descending (ties by id).</summary>
    /// <param name="field">The field.</param>
    /// <returns>A new query.</returns>
    public SitesQuery OrderByDescending(SiteField field) => Ordered(field, true);

    /// <inheritdoc/>
    public override async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        Sliced((await MatchesAsync(cancellationToken)).Count);

    private protected override async IAsyncEnumerable<SiteInfo> FetchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var site in (await MatchesAsync(cancellationToken)).Skip(Offset).Take(Limit ?? int.MaxValue))
        {
            yield return site;
        }
    }

    private protected override string DescribeFilter()
    {
        var terms = new List<string>();
        if (_name is not null) terms.Add($"name '{_name}'");
        if (_pathContains is not null) terms.Add($"path containing '{_pathContains}'");
        if (_ids is not null) terms.Add($"id in [{string.Join(", ", _ids)}]");
        if (_active is not null) terms.Add(_active.Value ? "active" : "inactive");
        return terms.Count == 0 ? "(all sites)" : string.Join(", ", terms);
    }

    private SitesQuery Ordered(SiteField field, bool descending)
    {
        RequireUnsliced(descending ? nameof(OrderByDescending) : nameof(OrderBy));
        var query = Copy();
        (query._order, query._descending) = (field, descending);
        return query;
    }

    private async Task<List<SiteInfo>> MatchesAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var sites = (await _sites.ListAsync().WaitAsync(cancellationToken)).Where(s =>
            (_name is null || s.Name == _name) &&
            (_pathContains is null || s.Path.Contains(_pathContains, StringComparison.Ordinal)) &&
            (_ids is null || _ids.Contains(s.Id)) &&
            (_active is null || s.IsActive(now) == _active));
        IOrderedEnumerable<SiteInfo> ordered = (_order, _descending) switch
        {
            (SiteField.Name, false) => sites.OrderBy(s => s.Name, StringComparer.Ordinal),
            (SiteField.Name, true) => sites.OrderByDescending(s => s.Name, StringComparer.Ordinal),
            (SiteField.CreatedAt, false) => sites.OrderBy(s => s.CreatedAt),
            (SiteField.CreatedAt, true) => sites.OrderByDescending(s => s.CreatedAt),
            (SiteField.LastRefresh, false) => sites.OrderBy(s => s.LastRefresh),
            (SiteField.LastRefresh, true) => sites.OrderByDescending(s => s.LastRefresh),
            (_, false) => sites.OrderBy(s => s.Id),
            (_, true) => sites.OrderByDescending(s => s.Id),
        };
        return [.. _descending ? ordered.ThenByDescending(s => s.Id) : ordered.ThenBy(s => s.Id)];
    }
}
