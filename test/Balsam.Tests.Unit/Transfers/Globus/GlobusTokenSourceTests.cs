using System.Text.Json;
using Balsam.Launcher.SiteAgent.Transfers.Providers;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;
using Microsoft.Data.Sqlite;
using Balsam.Tests.Unit.Scheduling;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Transfers.Globus;

/// <summary>
/// Where the Globus provider finds its token: the setting, else what <c>globus login</c> stored, in a real SQLite file
/// laid out as globus-cli lays out <c>~/.globus/cli/storage.db</c>, or the old <c>~/.globus.cfg</c>.
/// </summary>
[TestClass]
public sealed class GlobusTokenSourceTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private string _home = null!;

    [TestInitialize]
    public void CreateHome() => _home = Directory.CreateTempSubdirectory("balsam-globus-home-").FullName;

    [TestCleanup]
    public void DeleteHome()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_home, recursive: true);
    }

    private GlobusTokenSource Source(string? configured = null, Dictionary<string, string>? environment = null) =>
        new(configured, _home, name => environment?.GetValueOrDefault(name), new FixedClock(Now));

    [TestMethod]
    public void TheSettingWinsOverTheCliStore()
    {
        Store(("userprofile/production", "transfer.api.globus.org", Token("from-cli", Now.AddHours(1))));

        Assert.AreEqual("from-settings", Source("from-settings").AccessToken());
    }

    [TestMethod]
    public void TheCliStoreGivesTheTransferTokenOfTheDefaultProfile()
    {
        Store(
            ("userprofile/production", "auth.globus.org", Token("auth-token", Now.AddHours(1))),
            ("userprofile/production", "transfer.api.globus.org", Token("transfer-token", Now.AddHours(1))),
            ("userprofile/production/other", "transfer.api.globus.org", Token("other-profile", Now.AddHours(1))));

        Assert.AreEqual("transfer-token", Source().AccessToken());
        Assert.IsNull(Source().Problem());
        Assert.AreEqual("other-profile", Source(environment: new() { ["GLOBUS_PROFILE"] = "other" }).AccessToken(), "GLOBUS_PROFILE picks the profile");
    }

    [TestMethod]
    public void AClientLoginIsUsedWhenThereIsNoUserLogin()
    {
        Store(("clientprofile/production/926cc9c6-b481-4a5e-9ccd-b497f04c643b", "transfer.api.globus.org", Token("client-token", Now.AddHours(1))));

        Assert.AreEqual("client-token", Source().AccessToken());
    }

    [TestMethod]
    public void AnExpiredTokenSaysWhenItExpiredAndHowToRenewIt()
    {
        Store(("userprofile/production", "transfer.api.globus.org", Token("old", Now.AddMinutes(-5))));

        var error = Assert.ThrowsExactly<TransferProviderException>(() => Source().AccessToken());

        StringAssert.Contains(error.Message, "transfers.globus_access_token");
        StringAssert.Contains(error.Message, $"expired at {Now.AddMinutes(-5):u}");
        StringAssert.Contains(error.Message, "globus login");
    }

    [TestMethod]
    public void AStoreWithoutATransferTokenIsNamedInTheError()
    {
        Store(("userprofile/production", "auth.globus.org", Token("auth-only", Now.AddHours(1))));

        var problem = Source().Problem();

        StringAssert.Contains(problem, "no Globus token: set transfers.globus_access_token in this site's settings.yml");
        StringAssert.Contains(problem, $"{GlobusCliTokens.StorageFile(_home)} holds no transfer.api.globus.org token for 'userprofile/production'");
    }

    [TestMethod]
    public void AnUnreadableStoreIsNamedInTheError()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(GlobusCliTokens.StorageFile(_home))!);
        File.WriteAllText(GlobusCliTokens.StorageFile(_home), "not a database, just text that is long enough to be read as a header....");

        var problem = Source().Problem();

        StringAssert.Contains(problem, $"{GlobusCliTokens.StorageFile(_home)} could not be read");
    }

    [TestMethod]
    public void TheOldCliConfigIsReadWhenThereIsNoStore()
    {
        File.WriteAllText(GlobusCliTokens.OldConfigFile(_home),
            $"[cli]\nauth_access_token = auth\ntransfer_access_token = old-cli-token\ntransfer_access_token_expires = {Now.AddHours(1).ToUnixTimeSeconds()}\n");

        Assert.AreEqual("old-cli-token", Source().AccessToken());
    }

    [TestMethod]
    public void NoLoginAtAllNamesTheSettingAndBothFiles()
    {
        var problem = Source().Problem();

        StringAssert.Contains(problem, "set transfers.globus_access_token");
        StringAssert.Contains(problem, GlobusCliTokens.StorageFile(_home));
        StringAssert.Contains(problem, GlobusCliTokens.OldConfigFile(_home));
    }

    private static string Token(string access, DateTimeOffset expires) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["access_token"] = access, ["expires_at_seconds"] = expires.ToUnixTimeSeconds(), ["refresh_token"] = "r",
        ["resource_server"] = "transfer.api.globus.org", ["scope"] = "urn:globus:auth:scope:transfer.api.globus.org:all", ["token_type"] = "Bearer",
    });

    /// <summary>Writes rows into a storage.db with globus-cli's token_storage table.</summary>
    private void Store(params (string Namespace, string ResourceServer, string Json)[] rows)
    {
        var file = GlobusCliTokens.StorageFile(_home);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE config_storage (namespace VARCHAR NOT NULL, config_name VARCHAR NOT NULL, config_data_json VARCHAR NOT NULL,
                PRIMARY KEY (namespace, config_name));
            CREATE TABLE token_storage (namespace VARCHAR NOT NULL, resource_server VARCHAR NOT NULL, token_data_json VARCHAR NOT NULL,
                PRIMARY KEY (namespace, resource_server));
            """;
        create.ExecuteNonQuery();
        foreach (var (ns, rs, json) in rows)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO token_storage VALUES ($ns, $rs, $json)";
            insert.Parameters.AddWithValue("$ns", ns);
            insert.Parameters.AddWithValue("$rs", rs);
            insert.Parameters.AddWithValue("$json", json);
            insert.ExecuteNonQuery();
        }
    }
}
