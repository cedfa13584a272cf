using System.Text.Json.Nodes;

namespace Balsam.Launcher.Pilot.RunApp;

/// <summary>
/// What rank 0 of a <c>Run</c> app leaves in the job's workdir for the launcher: <c>{"returnValue": "..."}</c> or
/// <c>{"exception": "..."}</c> (both JSON text, as the job record stores them).
/// </summary>
public static class RunResultFile
{
    public const string FileName = "balsam-result.json";

    public static void WriteValue(string workdir, string valueLiteral) =>
        Write(workdir, new JsonObject { ["returnValue"] = valueLiteral });

    public static void WriteException(string workdir, string exceptionJson) =>
        Write(workdir, new JsonObject { ["exception"] = exceptionJson });

    /// <summary>The value or exception of the last run, and removes the file so a rerun starts clean.</summary>
    public static (string? ReturnValue, string? Exception) Take(string workdir)
    {
        var path = Path.Combine(workdir, FileName);
        if (!File.Exists(path))
        {
            return (null, null);
        }

        var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        File.Delete(path);
        return (json?["returnValue"]?.GetValue<string>(), json?["exception"]?.GetValue<string>());
    }

    /// <summary>Whether this process is rank 0 (or not under MPI at all).</summary>
    public static bool IsRankZero() => Balsam.Client.Apps.RankInfo.FromEnvironment().IsRankZero;

    private static void Write(string workdir, JsonObject content)
    {
        var path = Path.Combine(workdir, FileName);
        File.WriteAllText(path + ".tmp", content.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
