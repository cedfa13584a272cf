namespace Balsam.Errors;

/// <summary>
/// Marks a service call that a blind second attempt could apply twice: it creates, opens or leases something new each
/// time (bulk job create, a batch job, a site, a session, an acquisition). Clients retry such a call only after a
/// <see cref="BalsamTransientException"/>, which the service raises before it commits anything; after a lost connection
/// or a time-out the call may have been applied, so the failure goes to the caller instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class NotIdempotentAttribute : Attribute;
