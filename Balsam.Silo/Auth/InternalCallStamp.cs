using System.Security.Cryptography;
using Npgsql;

namespace Balsam.Silo.Auth;

/// <summary>
/// What tells the service's own grain calls from a client's. A client names its caller id itself, and an Orleans
/// gateway passes it on unchecked, so a modified client could name a grain or the silo's hosted client and be trusted.
/// Every silo therefore stamps its own calls with a secret the silos share (stored once in their PostgreSQL, which
/// clients cannot read) under <see cref="Key"/> in the request context; the incoming filter trusts a call as the
/// service's own only when it carries the stamp, and takes the stamp off before the call runs, so it never travels
/// further than one call and never to a client.
/// </summary>
internal sealed class InternalCallStamp(NpgsqlDataSource dataSource)
{
    /// <summary>The request-context key of the stamp.</summary>
    public const string Key = "balsam-internal";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private Loaded? _loaded;

    /// <summary>The stamp: the shared secret, created by the first silo that asks for it.</summary>
    public async ValueTask<string> ValueAsync() => (await LoadedAsync()).Value;

    /// <summary>Whether <paramref name="presented"/> is the stamp (compared in constant time).</summary>
    public async ValueTask<bool> IsValidAsync(object? presented)
    {
        var loaded = await LoadedAsync();
        return presented is string text && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(text), loaded.Bytes);
    }

    private async ValueTask<Loaded> LoadedAsync()
    {
        if (_loaded is { } known)
        {
            return known;
        }

        await _loading.WaitAsync();
        try
        {
            if (_loaded is null)
            {
                var value = await LoadAsync();
                _loaded = new Loaded(value, System.Text.Encoding.ASCII.GetBytes(value));
            }

            return _loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<string> LoadAsync()
    {
        // A silo that loses the race to create the row may not see the winner's row in the same statement: ask again.
        for (var attempt = 1; ; attempt++)
        {
            await using var command = dataSource.CreateCommand("""
                WITH created AS (INSERT INTO balsam_cluster_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING RETURNING secret)
                SELECT secret FROM created UNION ALL SELECT secret FROM balsam_cluster_secret WHERE id = 1 LIMIT 1
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = RandomNumberGenerator.GetBytes(32) });
            if (await command.ExecuteScalarAsync() is byte[] secret)
            {
                return Convert.ToBase64String(secret);
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException("balsam_cluster_secret has no row after three attempts to create it");
            }
        }
    }

    /// <summary>The stamp and its bytes, published together.</summary>
    private sealed record Loaded(string Value, byte[] Bytes);
}
