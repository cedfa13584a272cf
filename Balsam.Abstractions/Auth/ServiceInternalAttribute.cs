namespace Balsam.Auth;

/// <summary>
/// Marks a grain method that only the service itself calls (one grain of another, or a sweep in the silo): a call from
/// a client is refused whatever its token, because the method trusts its arguments (an owner, a site).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ServiceInternalAttribute : Attribute;
