using System.Text.Json.Nodes;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Silo.Rest.Events;

/// <summary>Maps our <see cref="JobEvent"/> to Balsam's <c>LogEventOut</c>.</summary>
public static class EventMapper
{
    public static LogEventOut ToOut(JobEvent e) => new()
    {
        Id = e.Id,
        JobId = e.JobId,
        Timestamp = e.Timestamp,
        FromState = e.From.Name(),
        ToState = e.To.Name(),
        Data = JsonNode.Parse(string.IsNullOrWhiteSpace(e.Data) ? "{}" : e.Data) as JsonObject ?? [],
    };
}
