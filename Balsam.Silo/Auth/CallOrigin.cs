namespace Balsam.Silo.Auth;

/// <summary>
/// Where a grain call says it comes from: a client outside the silos, or the service itself. The caller id is the
/// caller's own claim, so it never decides trust alone: a call is the service's own only with the silos' stamp
/// (<see cref="InternalCallStamp"/>).
/// </summary>
internal static class CallOrigin
{
    /// <summary>The key prefix Orleans gives each silo's own hosted client (its sweeps and status page call through it).</summary>
    private const string HostedClientPrefix = "hosted-";

    /// <summary>
    /// True for a call from a client (SDK, CLI, agent, launcher) and for a call of unknown origin; false for a call from a
    /// grain or from a silo's hosted client, which are the service's own work and carry on the caller of the call that
    /// started them.
    /// </summary>
    public static bool IsClient(GrainId? source) =>
        source is not { } id
        || id.IsClient() && !IsHosted(id);

    /// <summary>True for a call from a silo's own hosted client (the REST API, sweeps, status pages).</summary>
    public static bool IsHostedClient(GrainId? source) => source is { } id && id.IsClient() && IsHosted(id);

    private static bool IsHosted(GrainId id) => id.Key.ToString().StartsWith(HostedClientPrefix, StringComparison.Ordinal);
}
