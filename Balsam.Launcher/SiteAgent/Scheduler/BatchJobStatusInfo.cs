using System.Globalization;
using Balsam.BatchJobs;

namespace Balsam.Launcher.SiteAgent.Scheduler;

/// <summary>What the scheduler service writes into a batch job's <c>status_info</c>: times, and where its script is.</summary>
internal static class BatchJobStatusInfo
{
    /// <summary>The batch job's submit script: the one recorded, or where it is written (<c>qsubmit/qlaunchNNNNN.sh</c>).</summary>
    public static string ScriptPath(string siteFolder, BatchJobRecord batchJob) =>
        batchJob.StatusInfo.GetValueOrDefault("submit_script")
        ?? Path.Combine(siteFolder, "qsubmit", string.Create(CultureInfo.InvariantCulture, $"qlaunch{batchJob.Id:00000}.sh"));

    public static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
