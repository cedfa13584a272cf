using Balsam.Apps;
using Balsam.Transfers;

namespace Balsam.Launcher.SiteAgent.Transfers;

/// <summary>One task to submit: items of one direction and one location alias.</summary>
public sealed record PlannedBatch(string LocationAlias, TransferDirection Direction, IReadOnlyList<TransferItemRecord> Items);
