using Balsam.Client;
using Balsam.Sites;

namespace Balsam.Tests.Integration.Sdk.BatchJobs;

/// <summary>What a site's settings.yml allows batch jobs, as <c>balsam site sync</c> would send it.</summary>
internal static class BatchJobSites
{
    /// <summary>Queues debug (8 nodes, 60 min) and prod (100 nodes, 1440 min), project p, optional param filesystems.</summary>
    public static SiteSettingsSummary Settings { get; } = new()
    {
        NumNodes = 100,
        AllowedProjects = ["p"],
        AllowedQueues =
        {
            ["debug"] = new QueuePolicy(MaxNodes: 8, MaxWalltimeMin: 60, MaxQueuedJobs: 5),
            ["prod"] = new QueuePolicy(MaxNodes: 100, MaxWalltimeMin: 1440, MaxQueuedJobs: 20),
        },
        OptionalBatchJobParams = { ["filesystems"] = "home" },
    };

    public static Task<SiteInfo> AllowBatchJobsAsync(BalsamClient client, long siteId) => client.Sites.UpdateSettingsAsync(siteId, Settings);
}
