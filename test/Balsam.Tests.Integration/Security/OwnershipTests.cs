using Balsam.Apps;
using Balsam.Auth;
using Balsam.BatchJobs;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.Security;
using Balsam.Sessions;
using Balsam.Sites;
using Balsam.Tests.Integration.Infrastructure;
using Balsam.Tests.Integration.Jobs;
using Balsam.Users;

namespace Balsam.Tests.Integration.Security;

/// <summary>
/// A second user, calling the grains directly (not through the SDK, which could be bypassed), can neither see nor change
/// anything of the first user's: every object answers as a missing one would, every query comes back empty, and the
/// first user's data is untouched afterwards.
/// </summary>
[TestClass]
public sealed class OwnershipTests
{
    private const string Owner = "owner-alice";
    private const string Stranger = "stranger-bob";
    private static TestSilo _silo = null!;
    private static JobWorld _world = null!;
    private static long _job;
    private static long _session;
    private static long _batchJob;
    private static long _appId;
    private static IReadOnlyList<JobRecord> _before = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("ownership"));
        _world = await JobWorld.CreateAsync(_silo, Owner, "alices-site");
        _job = (await _world.CreateAsync(_world.Spec("alice/one"))).Id;
        await _world.CreateAsync(_world.Spec("alice/staged", JobWorld.Staged) with
        {
            Transfers = new() { ["input"] = "laptop:/home/alice/in.txt" },
        });
        _appId = (await _world.Site.GetAppAsync(JobWorld.Echo)).Id;
        var session = await _world.OpenSessionAsync();
        _session = session.GetPrimaryKeyLong();
        _batchJob = (await _silo.Grains.GetGrain<IBatchJobServiceGrain>(0).CreateAsync(new BatchJobSpec
        {
            SiteId = _world.SiteId, Project = "p", Queue = "q", NumNodes = 1, WallTimeMin = 10, JobMode = JobMode.Mpi,
        })).Id;
        _before = await _world.Jobs.QueryAsync(new JobQuery { SiteIds = [_world.SiteId] });
        Assert.HasCount(2, _before);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await _silo.DisposeAsync();

    [TestMethod]
    public async Task AStrangersCallsToEachOfTheOwnersObjectsAnswerAsForAMissingOne()
    {
        _silo.User = Stranger;
        var grains = _silo.Grains;
        var site = grains.GetGrain<ISiteGrain>(_world.SiteId);
        await NotFoundAsync("Site", () => site.GetAsync());
        await NotFoundAsync("Site", () => site.ListAppsAsync());
        await NotFoundAsync("Site", () => site.RegisterAppAsync(new AppDefinition { Name = "Evil", CommandTemplate = "rm -rf ~" }));
        await NotFoundAsync("Site", () => site.OpenSessionAsync(null));
        await NotFoundAsync("Site", () => site.DeleteAsync());
        await NotFoundAsync("Site", () => site.HeartbeatAsync());
        await NotFoundAsync("Site", () => site.SubscribeToWorkAsync(grains.CreateObjectReference<ISiteWorkObserver>(new IgnoredWork())));

        var app = grains.GetGrain<IAppGrain>(AppKey.For(_world.SiteId, JobWorld.Echo));
        await NotFoundAsync("App", () => app.GetAsync());
        await NotFoundAsync("App", () => app.RegisterAsync(new AppDefinition { Name = JobWorld.Echo, CommandTemplate = "evil" }));
        await NotFoundAsync("App", () => app.DeleteAsync());
        await NotFoundAsync("App", () => grains.GetGrain<IAppCatalogueGrain>(0).GetAppByIdAsync(_appId));

        var job = grains.GetGrain<IJobGrain>(_job);
        await NotFoundAsync("Job", () => job.GetAsync());
        await NotFoundAsync("Job", () => job.UpdateAsync(JobPatch.ToState(States.JobState.Failed)));
        await NotFoundAsync("Job", () => job.DeleteAsync());
        await NotFoundAsync("Job", () => job.SubscribeAsync(grains.CreateObjectReference<IJobObserver>(new IgnoredJobChanges())));
        await NotFoundAsync("Job", () => job.TimeOutAsync(_session, "forged"));

        var session = grains.GetGrain<ISessionGrain>(_session);
        await NotFoundAsync("Session", () => session.GetAsync());
        await NotFoundAsync("Session", () => session.AcquireAsync(new AcquireRequest { MaxJobs = 10 }));
        await NotFoundAsync("Session", () => session.TickAsync());
        await NotFoundAsync("Session", () => session.CloseAsync());

        var batchJob = grains.GetGrain<IBatchJobGrain>(_batchJob);
        await NotFoundAsync("BatchJob", () => batchJob.GetAsync());
        await NotFoundAsync("BatchJob", () => batchJob.RequestDeletionAsync());

        var owner = grains.GetGrain<IUserGrain>(Owner);
        await NotFoundAsync("User", () => owner.ListSitesAsync());
        await NotFoundAsync("User", () => owner.CreateSiteAsync(new SiteSpec { Name = "planted", Path = "/tmp/planted" }));
        await NotFoundAsync("User", () => owner.DeleteSiteAsync(_world.SiteId));

        await OwnersDataIsUntouchedAsync();
    }

    [TestMethod]
    public async Task AStrangersQueriesAndBulkCallsSeeNothingOfTheOwners()
    {
        _silo.User = Stranger;
        var jobs = _silo.JobService;
        Assert.IsEmpty(await jobs.QueryAsync(new JobQuery()), "no site ids: only the caller's own jobs, and the stranger has none");
        Assert.IsEmpty(await jobs.QueryAsync(new JobQuery { SiteIds = [_world.SiteId], Ids = [_job] }));
        Assert.AreEqual(0, await jobs.CountAsync(new JobQuery { SiteIds = [_world.SiteId] }));
        Assert.IsEmpty(await jobs.EventsAsync(new EventQuery { JobIds = [_job] }));
        Assert.IsEmpty(await jobs.EventsAsync(new EventQuery { SiteId = _world.SiteId }));
        Assert.IsEmpty(await jobs.TransferItemsAsync(new Balsam.Transfers.TransferItemQuery { SiteIds = [_world.SiteId] }));
        Assert.AreEqual(0, (await jobs.UpdateAsync(new JobQuery { SiteIds = [_world.SiteId] }, JobPatch.ToState(States.JobState.Failed))).Changed);
        Assert.AreEqual(0, (await jobs.DeleteAsync(new JobQuery { Ids = [_job] })).Changed);
        var each = await jobs.UpdateEachAsync(new Dictionary<long, JobPatch> { [_job] = JobPatch.ToState(States.JobState.Failed) });
        Assert.AreEqual(0, each.Changed);
        StringAssert.Contains(each.Failures[_job], $"Job {_job} does not exist");
        var items = await WithContextAsync(AuthContext.TokenKey, await _silo.Caller.TokenOfAsync(Owner),
            () => jobs.TransferItemsAsync(new Balsam.Transfers.TransferItemQuery { SiteIds = [_world.SiteId] }));
        Assert.HasCount(1, items, "the owner sees the item");
        Assert.AreEqual(0, await jobs.UpdateTransferItemsAsync(
            [new Balsam.Transfers.TransferItemUpdate { Id = items[0].Id, State = Balsam.Transfers.TransferItemState.Error, TransferInfo = """{"error": "forged"}""" }]));
        var planted = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => jobs.CreateAsync([_world.Spec("planted/by-bob")]));
        StringAssert.Contains(planted.Message, "does not exist");

        var batchJobs = _silo.Grains.GetGrain<IBatchJobServiceGrain>(0);
        Assert.IsEmpty(await batchJobs.QueryAsync(new BatchJobQuery()));
        Assert.AreEqual(0, await batchJobs.CountAsync(new BatchJobQuery { SiteIds = [_world.SiteId] }));
        await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => batchJobs.CreateAsync(new BatchJobSpec
        {
            SiteId = _world.SiteId, Project = "p", Queue = "q", NumNodes = 1, WallTimeMin = 10, JobMode = JobMode.Mpi,
        }));

        await OwnersDataIsUntouchedAsync();
    }

    [TestMethod]
    public async Task AForgedCallerNameInTheRequestContextIsOverwrittenByTheTokensUser()
    {
        _silo.User = Stranger;
        await NotFoundAsync("Job", () => WithContextAsync(CallerScope.VerifiedCallerKey, Owner, () => _silo.Grains.GetGrain<IJobGrain>(_job).GetAsync()));
        Assert.IsEmpty(await WithContextAsync(CallerScope.VerifiedCallerKey, Owner, () => _silo.JobService.QueryAsync(new JobQuery())));
    }

    [TestMethod]
    public async Task CallsWithoutATokenWithAnUnknownOneAnExpiredOneOrARevokedOneAreRefused()
    {
        var job = _silo.Grains.GetGrain<IJobGrain>(_job);
        var none = await Assert.ThrowsExactlyAsync<BalsamAuthenticationException>(() => WithContextAsync(AuthContext.TokenKey, "", () => job.GetAsync()));
        Assert.AreEqual(AuthContext.NotLoggedIn, none.Message);
        var unknown = await Assert.ThrowsExactlyAsync<BalsamAuthenticationException>(
            () => WithContextAsync(AuthContext.TokenKey, new string('x', 43), () => _silo.JobService.QueryAsync(new JobQuery())));
        Assert.AreEqual(AuthContext.TokenRefused, unknown.Message);

        var shortLived = await TestUsers.TokenAsync(_silo.ConnectionString, Owner, TimeSpan.FromSeconds(2));
        Assert.AreEqual(_job, (await WithContextAsync(AuthContext.TokenKey, shortLived, () => job.GetAsync())).Id, "valid while it lives");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var expired = await Assert.ThrowsExactlyAsync<BalsamAuthenticationException>(() => WithContextAsync(AuthContext.TokenKey, shortLived, () => job.GetAsync()));
        Assert.AreEqual(AuthContext.TokenRefused, expired.Message);

        var revoked = await TestUsers.TokenAsync(_silo.ConnectionString, Owner);
        Assert.AreEqual(_job, (await WithContextAsync(AuthContext.TokenKey, revoked, () => job.GetAsync())).Id);
        Assert.IsTrue(await _silo.Grains.GetGrain<IAuthGrain>(0).LogoutAsync(revoked));
        var refused = await Assert.ThrowsExactlyAsync<BalsamAuthenticationException>(() => WithContextAsync(AuthContext.TokenKey, revoked, () => job.GetAsync()));
        Assert.AreEqual(AuthContext.TokenRefused, refused.Message, "refused at once after logout, not after the cache's freshness");

        var login = await WithContextAsync(AuthContext.TokenKey, "", () => _silo.Grains.GetGrain<IAuthGrain>(0).LoginAsync(Owner, TestUsers.Password));
        Assert.AreEqual(Owner, login.UserName, "logging in needs no token");
    }

    [TestMethod]
    public async Task MethodsOnlyTheServiceCallsAreRefusedToClientsWhateverTheirToken()
    {
        _silo.User = Stranger;
        await Assert.ThrowsExactlyAsync<BalsamAuthenticationException>(
            () => _silo.Grains.GetGrain<ISiteGrain>(987_654_321).InitializeAsync(Owner, new SiteSpec { Name = "forged", Path = "/tmp/forged" }));
        await Assert.ThrowsExactlyAsync<BalsamAuthenticationException>(
            () => _silo.Grains.GetGrain<ISessionGrain>(987_654_321).OpenAsync(_world.SiteId, null));
        _silo.User = Owner;
        await Assert.ThrowsExactlyAsync<BalsamAuthenticationException>(() => _silo.Grains.GetGrain<IJobGrain>(_job).ParentFinishedAsync());
        Assert.IsNull(await _silo.Grains.GetGrain<ISiteGrain>(987_654_321).FindAsync(), "no site was made");
    }

    [TestMethod]
    public async Task AnUploadedAssemblyIsVisibleAndUsableOnlyByItsUploader()
    {
        _silo.User = Owner;
        var catalogue = _silo.Grains.GetGrain<IAppCatalogueGrain>(0);
        var image = System.Text.Encoding.UTF8.GetBytes($"not really an assembly {Guid.NewGuid()}");
        var hash = await catalogue.UploadAssemblyAsync("Alice.Apps", image);
        Assert.IsTrue(await catalogue.HasAssemblyAsync(hash));

        _silo.User = Stranger;
        Assert.IsFalse(await catalogue.HasAssemblyAsync(hash), "the stranger did not upload it");
        await NotFoundAsync("Assembly", () => catalogue.DownloadAssemblyAsync(hash));
        var ownSite = await _silo.Grains.GetGrain<IUserGrain>(Stranger).CreateSiteAsync(new SiteSpec { Name = "bobs", Path = "/tmp/bobs" });
        var refused = await Assert.ThrowsExactlyAsync<BalsamValidationException>(() => _silo.Grains.GetGrain<ISiteGrain>(ownSite.Id).RegisterAppAsync(
            new AppDefinition
            {
                Name = "Borrowed", RunParameters = [],
                Assembly = new AssemblyImageRef { ContentHash = hash, AssemblyName = "Alice.Apps", TypeName = "Alice.Apps.Secret" },
            }));
        StringAssert.Contains(refused.Message, "uploaded by the site's owner");

        Assert.AreEqual(hash, await catalogue.UploadAssemblyAsync("Bob.Copy", image), "uploading the same image makes it the stranger's too");
        CollectionAssert.AreEqual(image, await catalogue.DownloadAssemblyAsync(hash));
    }

    private static async Task OwnersDataIsUntouchedAsync()
    {
        _silo.User = Owner;
        var after = await _world.Jobs.QueryAsync(new JobQuery { SiteIds = [_world.SiteId] });
        CollectionAssert.AreEqual(_before.Select(j => (j.Id, j.State, j.LastUpdate)).ToList(), after.Select(j => (j.Id, j.State, j.LastUpdate)).ToList());
        Assert.AreEqual("alices-site", (await _world.Site.GetAsync()).Name);
        Assert.HasCount(3, (await _world.Site.ListAppsAsync()));
        var item = (await _world.Jobs.TransferItemsAsync(new Balsam.Transfers.TransferItemQuery { SiteIds = [_world.SiteId] })).Single();
        Assert.AreNotEqual(Balsam.Transfers.TransferItemState.Error, item.State, "the stranger's item update changed nothing");
        Assert.AreEqual(_world.SiteId, (await _silo.Grains.GetGrain<ISessionGrain>(_session).GetAsync()).SiteId);
        Assert.AreEqual(BatchJobState.PendingSubmission, (await _silo.Grains.GetGrain<IBatchJobGrain>(_batchJob).GetAsync()).State);
        CollectionAssert.AreEqual(new[] { "alices-site" }, (await _silo.Grains.GetGrain<IUserGrain>(Owner).ListSitesAsync()).Select(s => s.Name).ToArray());
    }

    private static async Task NotFoundAsync(string resource, Func<Task> call)
    {
        var error = await Assert.ThrowsExactlyAsync<ResourceNotFoundException>(call);
        Assert.AreEqual(resource, error.Resource, error.Message);
    }

    /// <summary>Makes one call with a request-context value of the test's choice (the change stays inside this method).</summary>
    private static async Task<T> WithContextAsync<T>(string key, string value, Func<Task<T>> call)
    {
        RequestContext.Set(key, value);
        return await call();
    }

    private sealed class IgnoredWork : ISiteWorkObserver
    {
        public void OnRunnableWork(long siteId)
        {
        }

        public void OnBatchJobsChanged(long siteId)
        {
        }
    }

    private sealed class IgnoredJobChanges : IJobObserver
    {
        public void OnJobChanged(JobRecord job)
        {
        }
    }
}
