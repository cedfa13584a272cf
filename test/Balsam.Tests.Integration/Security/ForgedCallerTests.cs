using System.Reflection;
using Balsam.Security;
using Balsam.Silo.Rest.Core;
using Balsam.Sites;
using Balsam.Tests.Integration.Infrastructure;
using Balsam.Tests.Integration.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Balsam.Tests.Integration.Security;

/// <summary>
/// A client names its own caller id, and the gateway passes it on: a modified client that names the silo's hosted
/// client (whose calls speak for a REST request's user) and puts another user into the request context is still only
/// itself. The service trusts a call as its own only when it carries the silos' stamp, which no client has.
/// </summary>
[TestClass]
public sealed class ForgedCallerTests
{
    private const string Owner = "forged-owner";
    private const string Mallory = "forged-mallory";

    [TestMethod]
    public async Task AClientThatPosesAsTheHostedClientAndNamesAnotherUserIsStillOnlyItself()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("forged-caller"), client: PoseAsTheHostedClient);
        var world = await JobWorld.CreateAsync(silo, Owner, "owners-site");
        var site = silo.Grains.GetGrain<ISiteGrain>(world.SiteId);
        Assert.AreEqual("owners-site", (await site.GetAsync()).Name, "the owner reaches the site through the same forged client");

        silo.User = Mallory;
        foreach (var (key, claimed) in new[] { (RestCaller.Key, Owner), (CallerScope.VerifiedCallerKey, Owner) })
        {
            RequestContext.Set(key, claimed);
            try
            {
                var error = await Assert.ThrowsAsync<Errors.ResourceNotFoundException>(() => site.GetAsync(), $"{key} = {Owner}");
                StringAssert.Contains(error.Message, "Site", "the owner's site answers as a missing one");
                Assert.IsNull(await silo.Grains.GetGrain<Users.IUserGrain>(Owner).FindSiteIdAsync("owners-site"), $"{key}: the owner's site is not found by name");
            }
            finally
            {
                RequestContext.Remove(key);
            }
        }
    }

    [TestMethod]
    public async Task TheSilosStampNeverReachesAClient()
    {
        await using var silo = await TestSilo.StartAsync(await TestPostgres.CreateDatabaseAsync("stamp-to-client"));
        var world = await JobWorld.CreateAsync(silo, Owner, "watched-site");
        var observer = new WorkRecorder();
        await silo.Grains.GetGrain<ISiteGrain>(world.SiteId).SubscribeToWorkAsync(silo.Grains.CreateObjectReference<ISiteWorkObserver>(observer));

        // Bulk create goes job service -> site grain (a stamped call) -> this client's observer.
        await world.CreateAsync(world.Spec("watched/one"));
        var stamp = await observer.Notified.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsNull(stamp, "the notification carries no stamp");
    }

    private sealed class WorkRecorder : ISiteWorkObserver
    {
        public TaskCompletionSource<object?> Notified { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnRunnableWork(long siteId) => Notified.TrySetResult(RequestContext.Get(Silo.Auth.InternalCallStamp.Key));

        public void OnBatchJobsChanged(long siteId)
        {
        }
    }

    /// <summary>The test client's id becomes one that names a silo's hosted client, as a modified client's could.</summary>
    private static void PoseAsTheHostedClient(IClientBuilder client)
    {
        var details = typeof(IClusterClient).Assembly.GetType("Orleans.LocalClientDetails", throwOnError: true)!;
        client.Services.AddSingleton(details, services =>
        {
            var forged = ActivatorUtilities.CreateInstance(services, details);
            var clientId = details.GetProperty("ClientId")!.PropertyType; // Orleans' internal ClientGrainId
            var create = clientId.GetMethod("Create", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(string)])!;
            details.GetField("<ClientId>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)!
                .SetValue(forged, create.Invoke(null, ["hosted-S127.0.0.1:11111:1"]));
            return forged;
        });
    }
}
