namespace Balsam.Auth;

/// <summary>
/// How a caller's bearer token travels and where it is kept: one name for the Orleans request-context key (what a
/// grain-call filter reads), the environment variable and the file in the Balsam home.
/// </summary>
public static class AuthContext
{
    /// <summary>The Orleans <c>RequestContext</c> key that carries the caller's token with every grain call.</summary>
    public const string TokenKey = "balsam-token";

    /// <summary>
    /// The environment variable holding a token, or <c>@PATH</c> of a file holding one (re-read when it changes).
    /// Wins over the Balsam home's token file.
    /// </summary>
    public const string TokenVariable = "BALSAM_TOKEN";

    /// <summary>The file in the Balsam home that <c>balsam login</c> writes.</summary>
    public const string TokenFileName = "token";

    /// <summary>What a call without a token is told.</summary>
    public const string NotLoggedIn = "not logged in: run balsam login";

    /// <summary>What a call with an unknown, expired or revoked token is told.</summary>
    public const string TokenRefused = "the token is unknown, expired or revoked: run balsam login";

    /// <summary>The prefix of an HTTP <c>Authorization</c> header that carries a token.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>The token in an HTTP <c>Authorization: Bearer TOKEN</c> header; null for any other header or none.</summary>
    public static string? TokenOfAuthorizationHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var trimmed = header.Trim();
        var space = trimmed.IndexOf(' ');
        if (space <= 0 || !trimmed[..space].Equals(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = trimmed[(space + 1)..].Trim();
        return token.Length == 0 ? null : token;
    }
}
