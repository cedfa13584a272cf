namespace Balsam.Launcher.Sites;

/// <summary>The service stayed unreachable for longer than <c>launcher.service_outage_tolerance_sec</c>.</summary>
public sealed class ServiceOutageException(string message, Exception inner) : Exception(message, inner);
