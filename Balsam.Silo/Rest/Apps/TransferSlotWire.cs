using Balsam.Apps;

namespace Balsam.Silo.Rest.Apps;

/// <summary>Balsam's <c>TransferSlot</c>: <c>{required, direction: "in"|"out", local_path, description, recursive}</c>.</summary>
internal sealed record TransferSlotWire
{
    public required bool Required { get; init; }

    public required TransferDirection Direction { get; init; }

    public required string LocalPath { get; init; }

    public string Description { get; init; } = "";

    public bool Recursive { get; init; }
}
