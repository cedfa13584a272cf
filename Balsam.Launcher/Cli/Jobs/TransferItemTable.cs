using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Launcher.Cli.Output;
using Balsam.Transfers;
using Spectre.Console;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary>Transfer items as a table: where each goes, its state, its task and what the provider said.</summary>
internal static class TransferItemTable
{
    public static Table Create(IEnumerable<TransferItemRecord> items, bool withJob)
    {
        var headers = new[] { "Slot", "Dir", "Local", "Remote", "State", "Task", "Message" };
        var table = Tables.Create(withJob ? ["Job", .. headers] : headers);
        foreach (var item in items)
        {
            string[] cells =
            [
                item.Slot, item.Direction == TransferDirection.In ? "in" : "out", item.LocalPath, $"{item.LocationAlias}:{item.RemotePath}",
                item.State.Name(), item.TaskId.Length == 0 ? "-" : item.TaskId, Message(item.TransferInfo),
            ];
            table.AddTextRow(withJob ? [item.JobId.ToString(), .. cells] : cells);
        }

        return table;
    }

    /// <summary>The provider's error, else its message, from an item's transfer info (a JSON object).</summary>
    public static string Message(string info)
    {
        try
        {
            var node = JsonNode.Parse(info);
            return node?["error"]?.ToString() ?? node?["message"]?.ToString() ?? "-";
        }
        catch (JsonException)
        {
            return info;
        }
    }
}
