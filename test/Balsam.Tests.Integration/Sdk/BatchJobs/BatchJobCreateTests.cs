using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Client.BatchJobs;
using Balsam.Errors;

namespace Balsam.Tests.Integration.Sdk.BatchJobs;

/// <summary><c>balsam.BatchJobs.CreateAsync</c>: a good request is stored as asked; a bad one is refused naming every broken rule.</summary>
[TestClass]
public sealed class BatchJobCreateTests
{
    private static SdkWorld _world = null!;

    private static BalsamClient Balsam => _world.Client;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _world = await SdkWorld.StartAsync("sdkbatchcreate");
        await BatchJobSites.AllowBatchJobsAsync(Balsam, _world.Site.Id);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _world.DisposeAsync();

    private static BatchJobRequest Good => new()
    {
        Site = SdkWorld.SiteName, NumNodes = 2, WallTimeMin = 30, JobMode = JobMode.Mpi, Queue = "debug", Project = "p",
    };

    [TestMethod]
    public async Task AGoodRequestByNameIsStoredPendingSubmissionWithEveryField()
    {
        var created = await Balsam.BatchJobs.CreateAsync(Good with
        {
            JobMode = JobMode.Serial,
            FilterTags = new() { ["exp"] = "create" },
            OptionalParams = new() { ["filesystems"] = "home:eagle" },
            Partitions =
            [
                new BatchJobPartition { JobMode = JobMode.Mpi, NumNodes = 1 },
                new BatchJobPartition { JobMode = JobMode.Serial, NumNodes = 1, FilterTags = { ["small"] = "yes" } },
            ],
        });

        Assert.IsGreaterThan(0L, created.Id);
        Assert.AreEqual(BatchJobState.PendingSubmission, created.State);
        Assert.AreEqual(_world.Site.Id, created.SiteId);
        Assert.IsNull(created.SchedulerId, "not submitted yet");
        Assert.AreEqual((2, 30, "debug", "p", JobMode.Serial), (created.NumNodes, created.WallTimeMin, created.Queue, created.Project, created.JobMode));
        Assert.AreEqual("home:eagle", created.OptionalParams["filesystems"]);
        Assert.AreEqual("create", created.FilterTags["exp"]);
        Assert.HasCount(2, created.Partitions);
        Assert.AreEqual("yes", created.Partitions[1].FilterTags["small"]);

        var read = await Balsam.BatchJobs.GetAsync(created.Id);
        Assert.AreEqual(created.ToString(), read.ToString());
        Assert.AreEqual(JobMode.Serial, read.Partitions[1].JobMode);
        Assert.IsNull(read.StartTime);
    }

    [TestMethod]
    public async Task TheSitesFilterTagsAreOnEveryBatchJobOfIt()
    {
        await Balsam.Sites.UpdateSettingsAsync(_world.Site.Id, BatchJobSites.Settings with { FilterTags = new() { ["workflow"] = "xpcs" } });
        try
        {
            var created = await Balsam.BatchJobs.CreateAsync(Good with { FilterTags = new() { ["exp"] = "tags" } });
            Assert.AreEqual("xpcs", created.FilterTags["workflow"], "the site's agent submits only batch jobs with its tags");
            Assert.AreEqual("tags", created.FilterTags["exp"]);
            await AssertRefusedAsync(Good with { FilterTags = new() { ["workflow"] = "other" } }, "filter_tags", "must agree with the site's filter_tags (workflow=xpcs)");
        }
        finally
        {
            await BatchJobSites.AllowBatchJobsAsync(Balsam, _world.Site.Id);
        }
    }

    [TestMethod]
    public async Task TheSiteCanBeNamedByIdOrBySiteInfo()
    {
        var byId = await Balsam.BatchJobs.CreateAsync(Good with { Site = _world.Site.Id });
        var bySite = await Balsam.BatchJobs.CreateAsync(Good with { Site = _world.Site });
        Assert.AreEqual(_world.Site.Id, byId.SiteId);
        Assert.AreEqual(_world.Site.Id, bySite.SiteId);

        var unknown = await Assert.ThrowsExactlyAsync<DoesNotExistException>(() => Balsam.BatchJobs.CreateAsync(Good with { Site = "nowhere" }));
        StringAssert.Contains(unknown.Message, "'nowhere'");
        var noSite = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => Balsam.BatchJobs.CreateAsync(Good with { Site = null }));
        Assert.AreEqual("site", noSite.Problems.Single().Field);
    }

    [TestMethod]
    public async Task EachBadFieldIsNamedWithItsRule()
    {
        await AssertRefusedAsync(Good with { Queue = "nope" }, "queue", "allowed queues (debug, prod)");
        await AssertRefusedAsync(Good with { NumNodes = 9 }, "num_nodes", "queue 'debug' allows at most 8 nodes");
        await AssertRefusedAsync(Good with { WallTimeMin = 61 }, "wall_time_min", "queue 'debug' allows at most 60 minutes");
        await AssertRefusedAsync(Good with { Project = "other" }, "project", "allowed projects (p)");
        await AssertRefusedAsync(Good with { OptionalParams = new() { ["gpus"] = "4" } }, "optional_params.gpus", "optional batch-job parameters (filesystems)");
        await AssertRefusedAsync(Good with { Partitions = [new BatchJobPartition { JobMode = JobMode.Serial, NumNodes = 1 }] },
            "partitions", "add up to 1; they must add up to num_nodes (2)");
        await AssertRefusedAsync(Good with { NumNodes = 0 }, "num_nodes", "at least 1");
    }

    [TestMethod]
    public async Task SeveralBadFieldsAreAllNamedAndNothingIsCreated()
    {
        var before = await Balsam.BatchJobs.All().CountAsync();
        var error = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() =>
            Balsam.BatchJobs.CreateAsync(Good with { Queue = "prod", NumNodes = 101, WallTimeMin = 2000, Project = "x" }));
        CollectionAssert.AreEquivalent(new[] { "num_nodes", "wall_time_min", "project" }, error.Problems.Select(p => p.Field).ToArray());
        Assert.AreEqual(before, await Balsam.BatchJobs.All().CountAsync());
    }

    private static async Task AssertRefusedAsync(BatchJobRequest request, string field, string rule)
    {
        var error = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => Balsam.BatchJobs.CreateAsync(request));
        var problem = error.Problems.SingleOrDefault(p => p.Field == field);
        Assert.IsNotNull(problem, $"expected a problem with {field}; got: {error.Message}");
        StringAssert.Contains(problem.Rule, rule);
    }
}
