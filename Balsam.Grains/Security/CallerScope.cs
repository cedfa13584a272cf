namespace Balsam.Security;

/// <summary>
/// The user a call is made for, as the silo's authentication filter verified it from the caller's token. The filter
/// writes it into the request context of every call from a client (over anything the client sent under that key), and
/// Orleans carries it along the grain calls that follow. Null for the service's own work (sweeps, timers, reminders),
/// which sees every user's objects.
/// </summary>
public static class CallerScope
{
    /// <summary>The request-context key of the verified user; only the silo's filter writes it.</summary>
    public const string VerifiedCallerKey = "balsam-verified-caller";

    /// <summary>The verified user of the call being served; null for the service's own work.</summary>
    public static string? Current => RequestContext.Get(VerifiedCallerKey) as string;
}
