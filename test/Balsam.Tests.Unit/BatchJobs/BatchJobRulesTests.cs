using Balsam.BatchJobs;
using Balsam.Errors;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Settings;
using Balsam.Sites;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.BatchJobs;

/// <summary>The checks at creation (against the site the service knows) and at submission (against settings.yml).</summary>
[TestClass]
public sealed class BatchJobRulesTests
{
    private static readonly SiteSettingsSummary Site = new()
    {
        AllowedProjects = ["datascience"],
        AllowedQueues = new() { ["debug"] = new QueuePolicy(2, 60, 1), ["prod"] = new QueuePolicy(496, 1440, 100) },
        OptionalBatchJobParams = new() { ["mig_count"] = "0" },
        FilterTags = new() { ["workflow"] = "xpcs" },
    };

    private static BatchJobSpec Good => new()
    {
        SiteId = 1, Project = "datascience", Queue = "debug", NumNodes = 2, WallTimeMin = 30, JobMode = JobMode.Mpi,
        OptionalParams = new() { ["mig_count"] = "3" },
    };

    private static string Problems(BatchJobSpec spec)
    {
        var errors = new Balsam.Validation.ValidationCollector("batch job");
        BatchJobValidator.Collect(spec, Site, errors);
        try
        {
            errors.ThrowIfAny();
            return "";
        }
        catch (BalsamValidationException e)
        {
            return e.Message;
        }
    }

    [TestMethod]
    public void AGoodBatchJobPasses() => Assert.AreEqual("", Problems(Good));

    [TestMethod]
    public void EveryBrokenRuleIsNamedWithItsField()
    {
        var message = Problems(Good with
        {
            Project = "other", Queue = "debug", NumNodes = 3, WallTimeMin = 90,
            OptionalParams = new() { ["reservation"] = "r1" },
            Partitions = [new BatchJobPartition { NumNodes = 1 }],
        });
        StringAssert.Contains(message, "project");
        StringAssert.Contains(message, "allowed projects (datascience)");
        StringAssert.Contains(message, "num_nodes: queue 'debug' allows at most 2 nodes");
        StringAssert.Contains(message, "wall_time_min: queue 'debug' allows at most 60 minutes");
        StringAssert.Contains(message, "optional_params.reservation");
        StringAssert.Contains(message, "partitions: node counts add up to 1");
        StringAssert.Contains(Problems(Good with { Queue = "gpu" }), "allowed queues (debug, prod)");
        StringAssert.Contains(Problems(Good with { NumNodes = 0 }), "num_nodes: must be at least 1");
        StringAssert.Contains(Problems(Good with { Queue = "a b" }), "queue: must be a plain name");
        StringAssert.Contains(Problems(Good with { FilterTags = new() { ["workflow"] = "other" } }), "filter_tags: must agree with the site's filter_tags (workflow=xpcs)");
    }

    [TestMethod]
    public void AtSubmissionTheSiteChecksItsCurrentSettingsAndTheQueueLimit()
    {
        var settings = new SchedulerSettings
        {
            AllowedProjects = ["datascience"],
            AllowedQueues = new() { ["debug"] = new QueueSettings { MaxNodes = 2, MaxWalltime = 60, MaxQueuedJobs = 1 } },
        };
        var batchJob = new BatchJobRecord { Id = 1, Project = "datascience", Queue = "debug", NumNodes = 2, WallTimeMin = 30 };
        Assert.AreEqual(0, BatchJobSubmissionRules.Check(batchJob, settings, []).Count);

        var full = BatchJobSubmissionRules.Check(batchJob, settings, [new SchedulerJobStatus { SchedulerId = 5, Queue = "debug", State = BatchJobState.Queued }]);
        StringAssert.Contains(full.Single(), "already holds 1 of your jobs (max_queued_jobs 1)");
        Assert.AreEqual(0, BatchJobSubmissionRules.Check(batchJob, settings,
            [new SchedulerJobStatus { SchedulerId = 5, Queue = "debug", State = BatchJobState.Finished }]).Count, "finished jobs do not count");

        var moved = BatchJobSubmissionRules.Check(batchJob with { Queue = "prod", Project = "x" }, settings, []);
        Assert.AreEqual(2, moved.Count);
    }
}
