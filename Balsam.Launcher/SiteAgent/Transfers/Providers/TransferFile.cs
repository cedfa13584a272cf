namespace Balsam.Launcher.SiteAgent.Transfers.Providers;

/// <summary>One item of a batch: absolute source and destination paths, and whether it is a folder copied whole.</summary>
public sealed record TransferFile(long ItemId, string Source, string Destination, bool Recursive);
