namespace Balsam.Silo.Rest.Core;

/// <summary>
/// The user a REST request acts for. The REST layer puts the user of a verified bearer token into the request context
/// under <see cref="Key"/> before it calls a grain through the silo's own client; the grain-call filter honours the key
/// only on calls from that hosted client, so a REST call counts exactly as a call of that user from an outside client.
/// </summary>
internal static class RestCaller
{
    /// <summary>The request-context key; outside clients cannot use it (the filter ignores and drops it on their calls).</summary>
    public const string Key = "balsam-rest-caller";

    private const string ItemKey = "balsam-rest-user";

    /// <summary>The verified user of this HTTP request (set by <see cref="RestAuthentication"/>).</summary>
    public static string User(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.Items[ItemKey] as string ?? throw new InvalidOperationException("The REST route was mapped without authentication");

    public static void SetUser(Microsoft.AspNetCore.Http.HttpContext context, string user) => context.Items[ItemKey] = user;
}
