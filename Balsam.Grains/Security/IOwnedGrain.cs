using Balsam.Errors;

namespace Balsam.Security;

/// <summary>
/// A grain whose object belongs to one user (directly, or through the site it belongs to). The silo's authentication
/// filter asks it for its owner before a client's call runs, and answers a caller who is not the owner with
/// <see cref="NotFound"/>: the same error a missing object gives, so other users' objects behave as nonexistent.
/// </summary>
public interface IOwnedGrain
{
    /// <summary>The owner's user name; null when the object does not exist (the grain's own methods then say so).</summary>
    ValueTask<string?> OwnerAsync(SiteOwners owners);

    /// <summary>The error a missing object of this grain gives.</summary>
    ResourceNotFoundException NotFound();
}
