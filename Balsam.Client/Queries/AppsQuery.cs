using System.Runtime.CompilerServices;
using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Client.Queries;

/// <summary>
/// A lazy, chainable query over the apps at the user's sites.
/// <code>var hello = await balsam.Apps.Where(site: "polaris", name: "Hello").GetAsync();</code>
/// </summary>
public sealed class AppsQuery : BalsamQuery<AppHandle, AppsQuery>
{
    private readonly BalsamClient _client;
    private SiteRef? _site;
    private string? _name;
    private IReadOnlyList<long>? _ids;
    private AppField _order = AppField.Id;
    private bool _descending;

    internal AppsQuery(BalsamClient client) => _client = client;

    private protected override string Resource => "App";

    /// <summary>Narrows the query; calling it again with the same filter replaces it.</summary>
    /// <param name="site">Apps of this site.</param>
    /// <param name="name">Apps with this class name.</param>
    /// <param name="id">The app with this id.</param>
    /// <param name="ids">Apps with any of these ids (joined with <paramref name="id"/>).</param>
    /// <returns>A new query.</returns>
    public AppsQuery Where(SiteRef? site = null, string? name = null, long? id = null, IEnumerable<long>? ids = null)
    {
        RequireUnsliced(nameof(Where));
        var query = Copy();
        query._site = site ?? _site;
        query._name = name ?? _name;
        query._ids = id is null && ids is null ? _ids : [.. (ids ?? []).Concat(id is { } one ? [one] : []).Distinct()];
        return query;
    }

    /// <summary>Orders by a field, ascending (ties by id).</summary>
    /// <param name="field">The field.</param>
    /// <returns>A new query.</returns>
    public AppsQuery OrderBy(AppField field) => Ordered(field, false);

    /// <summary>Orders by a field, descending (ties by id).</summary>
    /// <param name="field">The field.</param>
    /// <returns>A new query.</returns>
    public AppsQuery OrderByDescending(AppField field) => Ordered(field, true);

    /// <inheritdoc/>
    public override async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        Sliced((await MatchesAsync(cancellationToken)).Count);

    private protected override async IAsyncEnumerable<AppHandle> FetchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var app in (await MatchesAsync(cancellationToken)).Skip(Offset).Take(Limit ?? int.MaxValue))
        {
            yield return app;
        }
    }

    private protected override string DescribeFilter()
    {
        var terms = new List<string>();
        if (_site is not null) terms.Add($"site {_site}");
        if (_name is not null) terms.Add($"name '{_name}'");
        if (_ids is not null) terms.Add($"id in [{string.Join(", ", _ids)}]");
        return terms.Count == 0 ? "(all apps)" : string.Join(", ", terms);
    }

    private AppsQuery Ordered(AppField field, bool descending)
    {
        RequireUnsliced(descending ? nameof(OrderByDescending) : nameof(OrderBy));
        var query = Copy();
        (query._order, query._descending) = (field, descending);
        return query;
    }

    private async Task<List<AppHandle>> MatchesAsync(CancellationToken cancellationToken)
    {
        var sites = await _client.Sites.ListAsync().WaitAsync(cancellationToken);
        if (_site is not null)
        {
            var only = await _client.Sites.FindAsync(_site, cancellationToken);
            sites = [.. sites.Where(s => s.Id == only?.Id)];
        }

        var apps = new List<AppHandle>();
        foreach (var site in sites.Where(s => _name is null || s.AppNames.Contains(_name)))
        {
            var listed = await _client.Sites.Grain(site.Id).ListAppsAsync().WaitAsync(cancellationToken);
            apps.AddRange(listed.Where(a => (_name is null || a.Name == _name) && (_ids is null || _ids.Contains(a.Id)))
                .Select(a => new AppHandle(_client, a, null)));
        }

        IOrderedEnumerable<AppHandle> ordered = (_order, _descending) switch
        {
            (AppField.Name, false) => apps.OrderBy(a => a.Name, StringComparer.Ordinal),
            (AppField.Name, true) => apps.OrderByDescending(a => a.Name, StringComparer.Ordinal),
            (AppField.RegisteredAt, false) => apps.OrderBy(a => a.Info.RegisteredAt),
            (AppField.RegisteredAt, true) => apps.OrderByDescending(a => a.Info.RegisteredAt),
            (AppField.SiteId, false) => apps.OrderBy(a => a.SiteId),
            (AppField.SiteId, true) => apps.OrderByDescending(a => a.SiteId),
            (_, false) => apps.OrderBy(a => a.Id),
            (_, true) => apps.OrderByDescending(a => a.Id),
        };
        return [.. _descending ? ordered.ThenByDescending(a => a.Id) : ordered.ThenBy(a => a.Id)];
    }
}
