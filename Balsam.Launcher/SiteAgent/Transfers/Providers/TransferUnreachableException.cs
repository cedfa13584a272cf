namespace Balsam.Launcher.SiteAgent.Transfers.Providers;

/// <summary>
/// A provider could not reach its service (a dropped connection, a service that stayed busy through the retries): nothing
/// is wrong with the items, so they stay pending and the next cycle tries again.
/// </summary>
public sealed class TransferUnreachableException(string message) : Exception(message);
