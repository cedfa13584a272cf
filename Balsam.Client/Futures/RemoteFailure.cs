using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Client.Futures;

/// <summary>Turns what a failed job recorded into the exception its caller sees.</summary>
internal static class RemoteFailure
{
    /// <summary>A <c>Run</c> app threw: <see cref="JobRecord.Exception"/> is <c>{"type", "message", "stackTrace"}</c>.</summary>
    public static BalsamJobFailedException FromException(JobRecord job, string exceptionJson)
    {
        string type = "Exception", message = exceptionJson;
        string? stackTrace = null;
        try
        {
            if (JsonNode.Parse(exceptionJson) is JsonObject json)
            {
                type = Text(json, "type") ?? type;
                message = Text(json, "message") ?? "";
                stackTrace = Text(json, "stackTrace");
            }
        }
        catch (JsonException)
        {
            // Not the runner's JSON: keep the raw text as the message.
        }

        return new BalsamJobFailedException($"Job {job.Id} ({job.AppName}, {job.Workdir}) threw {type}: {message}",
            job.Id, job.AppName, job.State, job.StateData, type, message, stackTrace);
    }

    /// <summary>The job FAILED without an app exception (a command that exited non-zero, a hook that gave up).</summary>
    public static BalsamJobFailedException FromState(JobRecord job)
    {
        var detail = JsonNode.Parse(job.StateData) is JsonObject data && Text(data, "message") is { } text ? text : job.StateData;
        var code = job.ReturnCode is { } rc ? $" (return code {rc})" : "";
        return new BalsamJobFailedException($"Job {job.Id} ({job.AppName}, {job.Workdir}) FAILED{code}: {detail}",
            job.Id, job.AppName, JobState.Failed, job.StateData);
    }

    private static string? Text(JsonObject json, string name)
    {
        foreach (var (key, value) in json)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString();
            }
        }

        return null;
    }
}
