using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>
/// The Transfer API token <c>globus login</c> keeps. globus-cli 3 and later store it in the SQLite file
/// <c>~/.globus/cli/storage.db</c> (table <c>token_storage</c>: namespace, resource_server, token_data_json), under the
/// namespace <c>userprofile/&lt;environment&gt;[/&lt;GLOBUS_PROFILE&gt;]</c>, or <c>clientprofile/&lt;environment&gt;/&lt;client id&gt;</c>
/// for a client login; the environment is <c>GLOBUS_SDK_ENVIRONMENT</c>, production by default. Older releases kept
/// <c>transfer_access_token</c> in the <c>[cli]</c> section of <c>~/.globus.cfg</c>, read when there is no storage.db.
/// </summary>
public static class GlobusCliTokens
{
    public const string ResourceServer = "transfer.api.globus.org";

    public static string StorageFile(string home) => Path.Combine(home, ".globus", "cli", "storage.db");

    public static string OldConfigFile(string home) => Path.Combine(home, ".globus.cfg");

    /// <summary>The stored access token, or null with the reason why there is none usable.</summary>
    public static (string? Token, string Problem) Read(string home, Func<string, string?> environment, DateTimeOffset now)
    {
        var storage = StorageFile(home);
        if (File.Exists(storage))
        {
            return FromStorage(storage, environment, now);
        }

        var old = OldConfigFile(home);
        return File.Exists(old) ? FromOldConfig(old, now) : (null, $"neither {storage} nor {old} exists (no `globus login` as this user)");
    }

    private static (string? Token, string Problem) FromStorage(string file, Func<string, string?> environment, DateTimeOffset now)
    {
        var env = environment("GLOBUS_SDK_ENVIRONMENT") is { Length: > 0 } named ? named : "production";
        var profile = environment("GLOBUS_PROFILE");
        var user = $"userprofile/{env}" + (string.IsNullOrEmpty(profile) ? "" : $"/{profile}");
        var rows = new List<(string Namespace, string Json)>();
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
            }.ToString());
            connection.Open();
            using var query = connection.CreateCommand();
            query.CommandText = "SELECT namespace, token_data_json FROM token_storage WHERE resource_server = $rs";
            query.Parameters.AddWithValue("$rs", ResourceServer);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        catch (SqliteException e)
        {
            return (null, $"{file} could not be read: {e.Message}");
        }

        var row = rows.FirstOrDefault(r => r.Namespace == user);
        if (row.Json is null)
        {
            row = rows.FirstOrDefault(r => r.Namespace.StartsWith($"clientprofile/{env}/", StringComparison.Ordinal));
        }

        if (row.Json is null)
        {
            return (null, $"{file} holds no {ResourceServer} token for '{user}'");
        }

        try
        {
            using var json = JsonDocument.Parse(row.Json);
            var data = json.RootElement;
            var token = data.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            long? expires = data.TryGetProperty("expires_at_seconds", out var x) && x.ValueKind == JsonValueKind.Number ? x.GetInt64() : null;
            return Checked(token, expires, $"{file} ({row.Namespace})", now);
        }
        catch (JsonException e)
        {
            return (null, $"{file} ({row.Namespace}) holds a token record that is not JSON: {e.Message}");
        }
    }

    private static (string? Token, string Problem) FromOldConfig(string file, DateTimeOffset now)
    {
        string? section = null, token = null;
        long? expires = null;
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1].Trim();
                continue;
            }

            var equals = line.IndexOf('=');
            if (section != "cli" || equals <= 0)
            {
                continue;
            }

            var (key, value) = (line[..equals].Trim(), line[(equals + 1)..].Trim());
            if (key == "transfer_access_token")
            {
                token = value;
            }
            else if (key == "transfer_access_token_expires" && long.TryParse(value, out var seconds))
            {
                expires = seconds;
            }
        }

        return Checked(token, expires, file, now);
    }

    private static (string? Token, string Problem) Checked(string? token, long? expiresAt, string where, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return (null, $"{where} holds no {ResourceServer} access token");
        }

        if (expiresAt is { } seconds && DateTimeOffset.FromUnixTimeSeconds(seconds) <= now)
        {
            return (null, $"the token in {where} expired at {DateTimeOffset.FromUnixTimeSeconds(seconds):u} (run `globus login` again)");
        }

        return (token, "");
    }
}
