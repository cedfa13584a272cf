namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>
/// Where the Globus provider's bearer token comes from: <c>transfers.globus_access_token</c> when set, else the one
/// <c>globus login</c> keeps (<see cref="GlobusCliTokens"/>), read at every call so a new login takes effect at once.
/// </summary>
public sealed class GlobusTokenSource(string? configured, string home, Func<string, string?> environment, TimeProvider? clock = null)
{
    /// <summary>The settings of this agent's user: the configured token, else the CLI's in <c>$HOME</c>.</summary>
    public static GlobusTokenSource ForUser(string? configured) =>
        new(configured, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Environment.GetEnvironmentVariable);

    /// <summary>The token; a <see cref="TransferProviderException"/> that names the setting when there is none.</summary>
    public string AccessToken()
    {
        var (token, problem) = Find();
        return token ?? throw new TransferProviderException(problem);
    }

    /// <summary>Null when a token is at hand, else what is missing and how to fix it.</summary>
    public string? Problem()
    {
        var (token, problem) = Find();
        return token is null ? problem : null;
    }

    private (string? Token, string Problem) Find()
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return (configured, "");
        }

        var (token, problem) = GlobusCliTokens.Read(home, environment, (clock ?? TimeProvider.System).GetUtcNow());
        return token is not null
            ? (token, "")
            : (null, $"no Globus token: set transfers.globus_access_token in this site's settings.yml, or run `globus login` " +
                     $"as the agent's user ({problem})");
    }
}
