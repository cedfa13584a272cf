using System.Collections.Concurrent;
using Balsam.Sites;
using Balsam.Users;

namespace Balsam.Security;

/// <summary>
/// Who owns which site, for ownership checks. A site's owner never changes and site ids are never reused, so an owner
/// once read is kept for the life of the silo.
/// </summary>
public sealed class SiteOwners(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<long, string> _owners = new();

    /// <summary>The owner of a site; null when there is no such site.</summary>
    public async ValueTask<string?> OwnerOfAsync(long siteId)
    {
        if (_owners.TryGetValue(siteId, out var known))
        {
            return known;
        }

        if (await grains.GetGrain<ISiteGrain>(siteId).FindAsync() is not { } site)
        {
            return null;
        }

        Remember(siteId, site.Owner);
        return site.Owner;
    }

    /// <summary>Records a site's owner when a grain already has it at hand.</summary>
    public void Remember(long siteId, string owner) => _owners.TryAdd(siteId, owner);

    /// <summary>
    /// The sites a query may look at: for the service's own work (<see cref="CallerScope.Current"/> is null) the
    /// <paramref name="requested"/> ones as they are (null: all); for a user, the requested ones that are theirs (null:
    /// all of theirs). Enforced here, in the silo, whatever the client asked for.
    /// </summary>
    public async Task<List<long>?> VisibleAsync(List<long>? requested)
    {
        if (CallerScope.Current is not { } caller)
        {
            return requested;
        }

        var own = await grains.GetGrain<IUserGrain>(caller).SiteIdsAsync();
        return requested is null ? [.. own] : [.. requested.Where(own.Contains).Distinct()];
    }

    /// <summary>Whether the call being served may see the site: always for the service's own work, else only its owner's.</summary>
    public async ValueTask<bool> IsVisibleAsync(long siteId) =>
        CallerScope.Current is not { } caller || await OwnerOfAsync(siteId) == caller;
}
