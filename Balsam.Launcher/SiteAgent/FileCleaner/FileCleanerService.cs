using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Settings;
using Balsam.Launcher.Sites;
using Balsam.States;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent.FileCleaner;

/// <summary>
/// The file cleaner (SPEC §4; off unless <c>file_cleaner</c> is set; Balsam §5.7): every <c>service_period</c> it takes
/// up to <c>cleanup_batch_size</c> JOB_FINISHED jobs of the site with <c>pending_file_cleanup</c>, deletes from each
/// workdir the files matching its app's <c>cleanup_files</c> (<see cref="WorkdirCleaner"/>), and clears the flag, so each
/// job is cleaned once. FAILED jobs are never cleaned (their files are what one debugs with).
/// </summary>
public sealed class FileCleanerService(BalsamClient client, long siteId, string siteFolder, FileCleanerSettings settings, ILogger logger)
{
    public const string ServiceName = "file cleaner";

    public ServiceHealthBoard? Health { get; init; }

    public TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, settings.ServicePeriod));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                await CycleAsync();
                Health?.Ok(ServiceName);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "File cleaner: the cycle failed; the next one tries again");
                Health?.Failed(ServiceName, $"{e.GetType().Name}: {e.Message}");
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>One cycle; returns how many jobs it cleaned.</summary>
    public async Task<int> CycleAsync()
    {
        var service = client.Cluster.GetGrain<IJobServiceGrain>(0);
        var jobs = await service.QueryAsync(new JobQuery
        {
            SiteIds = [siteId], States = [JobState.JobFinished], PendingFileCleanup = true, Limit = settings.CleanupBatchSize,
        });
        if (jobs.Count == 0)
        {
            return 0;
        }

        var apps = new AppCatalogue(client, siteId);
        var files = 0;
        foreach (var job in jobs)
        {
            var globs = (await apps.FindAsync(job.AppName))?.Definition.CleanupFiles ?? [];
            try
            {
                files += WorkdirCleaner.Clean(SiteLayout.Workdir(siteFolder, job.Workdir), globs).Count;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or WorkdirOutsideSiteException)
            {
                logger.LogWarning("File cleaner: job {JobId} ({Workdir}): {Message}", job.Id, job.Workdir, e.Message);
            }
        }

        var cleared = await service.UpdateEachAsync(jobs.ToDictionary(j => j.Id, _ => new JobPatch { PendingFileCleanup = false }));
        logger.LogInformation("File cleaner: {Jobs} jobs cleaned, {Files} files deleted", cleared.Changed, files);
        return jobs.Count;
    }
}
