using System.Collections.Concurrent;
using Balsam.Auth;

namespace Balsam.Silo.Auth;

/// <summary>
/// Token checks for the grain-call filter without a database round trip per call: a valid token is remembered for
/// <see cref="Freshness"/> (never past its expiry). A logout through this silo forgets it at once; a revocation made
/// elsewhere (another silo, <c>balsam-silo user passwd</c>) takes effect within <see cref="Freshness"/>. Unknown
/// tokens are not remembered, so a new login works at once.
/// </summary>
internal sealed class TokenCache(AuthStore store, TimeProvider clock)
{
    /// <summary>How long a checked token is trusted before the database is asked again.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (TokenIdentity Identity, DateTimeOffset TrustedUntil)> _valid = new(StringComparer.Ordinal);

    /// <summary>Whom the token stands for; null when it is malformed, unknown, expired or revoked.</summary>
    public async ValueTask<TokenIdentity?> ValidateAsync(string token)
    {
        var now = clock.GetUtcNow();
        if (_valid.TryGetValue(token, out var known) && known.TrustedUntil > now)
        {
            return known.Identity;
        }

        var identity = await store.ValidateAsync(token);
        if (identity is null)
        {
            _valid.TryRemove(token, out _);
            return null;
        }

        if (_valid.Count >= MaxEntries)
        {
            _valid.Clear();
        }

        var until = now + Freshness;
        _valid[token] = (identity, until < identity.ExpiresAt ? until : identity.ExpiresAt);
        return identity;
    }

    /// <summary>Forgets a token that was just revoked.</summary>
    public void Forget(string token) => _valid.TryRemove(token, out _);
}
