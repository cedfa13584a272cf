using Balsam.Apps;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers;

/// <summary>
/// The files of one transfer task: all of one direction to or from one location. <see cref="Netloc"/> is the location's
/// URL without its scheme (<c>user@host</c>, a Globus endpoint id, <c>localhost</c>); for stage-in the sources are on the
/// location and the destinations in this site's workdirs, for stage-out the other way round.
/// </summary>
public sealed record TransferBatch(string LocationAlias, string Netloc, TransferDirection Direction, IReadOnlyList<TransferFile> Files);
