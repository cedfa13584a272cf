using Balsam.Client.Auth;
using Balsam.Silo.Auth;
using Npgsql;

namespace Balsam.Tests.Integration.Infrastructure;

/// <summary>
/// Users and tokens for tests, made straight in a test database as <c>balsam-silo user add</c> and <c>balsam login</c>
/// would make them, so that every test client presents a real token to the real authentication filter.
/// </summary>
public static class TestUsers
{
    public const string Password = "a test password 123";

    /// <summary>Creates the user unless it exists, and a new token for it.</summary>
    public static async Task<string> TokenAsync(string connectionString, string user, TimeSpan? lifetime = null)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        var store = new AuthStore(data);
        await EnsureUserAsync(store, user);
        return (await store.IssueAsync(user, lifetime ?? TimeSpan.FromDays(1))).Token;
    }

    /// <summary>Logs the user in for a Balsam home: the token file that every client, agent and launcher using it reads.</summary>
    public static async Task<string> LogInAsync(string connectionString, string balsamHome, string user)
    {
        var token = await TokenAsync(connectionString, user);
        TokenFile.Write(TokenFile.PathIn(balsamHome), token);
        return token;
    }

    private static async Task EnsureUserAsync(AuthStore store, string user)
    {
        try
        {
            await store.AddUserAsync(user, Password);
        }
        catch (InvalidOperationException)
        {
            // made by an earlier test of the class
        }
    }
}
