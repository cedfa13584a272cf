using System.Text.Json;

namespace Balsam.Launcher.Pilot.RunApp;

/// <summary>The <see cref="RunAppJob"/> the launcher leaves in a <c>Run</c> app job's workdir, as JSON.</summary>
public static class RunAppJobFile
{
    public const string FileName = "balsam-job.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(string workdir, RunAppJob job)
    {
        var path = Path.Combine(workdir, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(job, Options));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>The job written for <paramref name="jobId"/>, or null when there is none (or it is another job's).</summary>
    public static RunAppJob? TryRead(string workdir, long jobId)
    {
        var path = Path.Combine(workdir, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var job = JsonSerializer.Deserialize<RunAppJob>(File.ReadAllText(path), Options);
        return job?.JobId == jobId ? job : null;
    }
}
