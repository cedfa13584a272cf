using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Transfers;
using Balsam.Validation;

namespace Balsam.Silo.Rest.Transfers;

/// <summary>Maps Balsam's transfer-item shapes to and from our transfer contracts.</summary>
public static class TransferMapper
{
    public static string DirectionName(TransferDirection direction) => direction == TransferDirection.In ? "in" : "out";

    public static TransferItemOut ToOut(TransferItemRecord t) => new()
    {
        Id = t.Id,
        JobId = t.JobId,
        Direction = DirectionName(t.Direction),
        LocalPath = t.LocalPath,
        RemotePath = t.RemotePath,
        LocationAlias = t.LocationAlias,
        Recursive = t.Recursive,
        State = t.State.Name(),
        TaskId = t.TaskId,
        TransferInfo = JsonNode.Parse(string.IsNullOrWhiteSpace(t.TransferInfo) ? "{}" : t.TransferInfo) as JsonObject ?? [],
    };

    /// <summary>The change to one item; a state not sent keeps the item's <paramref name="current"/> state.</summary>
    public static TransferItemUpdate ToUpdate(long id, TransferItemUpdateIn u, TransferItemState current)
    {
        var errors = new ValidationCollector($"update of transfer item {id}");
        var state = u.State is null ? current : ParseState(u.State, "state", errors) ?? current;
        errors.ThrowIfAny();
        return new TransferItemUpdate { Id = id, State = state, TaskId = u.TaskId, TransferInfo = u.TransferInfo?.ToJsonString() };
    }

    public static TransferItemState? ParseState(string text, string field, ValidationCollector errors)
    {
        if (Enum.GetValues<TransferItemState>().FirstOrDefault(s => s.Name() == text) is var state && state.Name() == text)
        {
            return state;
        }

        errors.Add(field, $"'{text}' is not a transfer item state; use one of {string.Join(", ", Enum.GetValues<TransferItemState>().Select(s => s.Name()))}");
        return null;
    }

    public static TransferDirection? ParseDirection(string text, string field, ValidationCollector errors)
    {
        switch (text)
        {
            case "in":
                return TransferDirection.In;
            case "out":
                return TransferDirection.Out;
            default:
                errors.Add(field, $"must be in or out (got '{text}')");
                return null;
        }
    }
}
