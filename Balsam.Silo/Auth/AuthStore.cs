using Balsam.Auth;
using Npgsql;

namespace Balsam.Silo.Auth;

/// <summary>
/// Users, password hashes and bearer tokens in PostgreSQL (<c>balsam_users</c>, <c>balsam_tokens</c>): the one place
/// the silo checks a password or a token. Used by the login grain, by the operator's <c>balsam-silo user</c>
/// commands, and by the grain-call filter (through <see cref="TokenCache"/>) and the HTTP API through <see cref="ValidateAsync"/> and
/// <see cref="ValidateAuthorizationHeaderAsync"/>. Expiry is judged by the database's clock.
/// </summary>
internal sealed class AuthStore(NpgsqlDataSource dataSource)
{
    /// <summary>Hashed once so that a login for an unknown user costs as much as one with a wrong password.</summary>
    private static readonly Lazy<PasswordHash> Decoy = new(() => PasswordHasher.Hash("not a password of anyone"));

    /// <summary>Creates a user; throws <see cref="InvalidOperationException"/> when the name is taken, <see cref="ArgumentException"/> for a bad name or password.</summary>
    public async Task AddUserAsync(string name, string password, CancellationToken cancellationToken = default)
    {
        UserNames.Check(name);
        CheckPassword(password);
        var hash = await Task.Run(() => PasswordHasher.Hash(password), cancellationToken);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO balsam_users (name, password_algorithm, password_iterations, password_salt, password_hash)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING
            """);
        AddParameters(command, name, hash.Algorithm, hash.Iterations, hash.Salt, hash.Hash);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new InvalidOperationException($"User '{name}' already exists (change the password with: balsam-silo user passwd {name})");
        }
    }

    /// <summary>Deletes a user and all their tokens; false when there is no such user.</summary>
    public async Task<bool> RemoveUserAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM balsam_users WHERE name = $1");
        AddParameters(command, name);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Sets a new password; with <paramref name="revokeTokens"/> the user's tokens stop working. False when there is no such user.</summary>
    public async Task<bool> SetPasswordAsync(string name, string password, bool revokeTokens, CancellationToken cancellationToken = default)
    {
        CheckPassword(password);
        var hash = await Task.Run(() => PasswordHasher.Hash(password), cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = new NpgsqlCommand("""
            UPDATE balsam_users SET password_algorithm = $2, password_iterations = $3, password_salt = $4, password_hash = $5,
                password_changed_at = now()
            WHERE name = $1
            """, connection, transaction);
        AddParameters(update, name, hash.Algorithm, hash.Iterations, hash.Salt, hash.Hash);
        if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        if (revokeTokens)
        {
            await using var revoke = new NpgsqlCommand(
                "UPDATE balsam_tokens SET revoked_at = now() WHERE user_name = $1 AND revoked_at IS NULL", connection, transaction);
            AddParameters(revoke, name);
            await revoke.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT u.name, u.created_at, u.password_changed_at,
                   (SELECT count(*) FROM balsam_tokens t WHERE t.user_name = u.name AND t.revoked_at IS NULL AND t.expires_at > now())
            FROM balsam_users u ORDER BY u.name
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<UserSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new UserSummary(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2),
                (int)reader.GetInt64(3)));
        }

        return users;
    }

    /// <summary>
    /// A new token when the password is the user's; null otherwise, after the same work for an unknown user as for a
    /// wrong password, so neither answer nor timing tells which it was.
    /// </summary>
    public async Task<IssuedToken?> LoginAsync(string name, string password, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var stored = await FindPasswordAsync(name, cancellationToken);
        var matches = await Task.Run(() => PasswordHasher.Verify(password ?? "", stored ?? Decoy.Value), cancellationToken);
        if (stored is null || !matches)
        {
            return null;
        }

        return await IssueAsync(name, lifetime, cancellationToken);
    }

    /// <summary>A new token for an existing user (a login whose password was checked, or a renewal by a valid token).</summary>
    public async Task<IssuedToken> IssueAsync(string name, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var token = AccessTokens.New();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO balsam_tokens (token_hash, user_name, expires_at) VALUES ($1, $2, now() + $3) RETURNING expires_at
            """);
        AddParameters(command, AccessTokens.Hash(token), name, lifetime);
        var expires = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new IssuedToken { Token = token, UserName = name, ExpiresAt = new DateTimeOffset(expires, TimeSpan.Zero) };
    }

    /// <summary>The user a token stands for; null when the token is malformed, unknown, expired or revoked.</summary>
    public async Task<TokenIdentity?> ValidateAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!AccessTokens.IsWellFormed(token))
        {
            return null;
        }

        await using var command = dataSource.CreateCommand("""
            SELECT user_name, created_at, expires_at FROM balsam_tokens
            WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
            """);
        AddParameters(command, AccessTokens.Hash(token!));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TokenIdentity
            {
                UserName = reader.GetString(0),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(1),
                ExpiresAt = reader.GetFieldValue<DateTimeOffset>(2),
            }
            : null;
    }

    /// <summary>The user of an HTTP <c>Authorization: Bearer TOKEN</c> header; null for any other header or an invalid token.</summary>
    public Task<TokenIdentity?> ValidateAuthorizationHeaderAsync(string? header, CancellationToken cancellationToken = default) =>
        ValidateAsync(AuthContext.TokenOfAuthorizationHeader(header), cancellationToken);

    /// <summary>Revokes a token; false when it was malformed, unknown, expired or already revoked.</summary>
    public async Task<bool> RevokeAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!AccessTokens.IsWellFormed(token))
        {
            return false;
        }

        await using var command = dataSource.CreateCommand(
            "UPDATE balsam_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()");
        AddParameters(command, AccessTokens.Hash(token!));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The number of a user (Balsam's user id); null when there is no such user.</summary>
    public async Task<long?> FindUserIdAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM balsam_users WHERE name = $1");
        AddParameters(command, name);
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    private async Task<PasswordHash?> FindPasswordAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT password_algorithm, password_iterations, password_salt, password_hash FROM balsam_users WHERE name = $1");
        AddParameters(command, name ?? "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PasswordHash(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<byte[]>(3))
            : null;
    }

    private static void CheckPassword(string password)
    {
        if (PasswordHasher.Problem(password) is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }

    private static void AddParameters(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }
}
