namespace Balsam.Launcher.SiteAgent.Transfers.Providers;

/// <summary>A provider refused or could not reach a task; the message is the provider's own words.</summary>
public sealed class TransferProviderException(string message) : Exception(message);
