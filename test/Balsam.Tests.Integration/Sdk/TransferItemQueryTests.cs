using Balsam.Apps;
using Balsam.Client.Jobs;
using Balsam.Tests.Integration.Sdk.Apps;
using Balsam.Transfers;

namespace Balsam.Tests.Integration.Sdk;

/// <summary>Transfer items have the same query shape as jobs and events.</summary>
[TestClass]
public sealed class TransferItemQueryTests
{
    [TestMethod]
    public async Task ItemsAreQueriedByJobStateDirectionAndTheirJobsTags()
    {
        await using var world = await SdkWorld.StartAsync("transfers");
        var balsam = world.Client;
        var staged = await balsam.Jobs.SubmitAsync<Staged>("staged/1", null, new JobOptions
        {
            Tags = { ["exp"] = "cosmo", ["run"] = "1" },
            Transfers = { ["input"] = "laptop:/home/me/lines.txt", ["results"] = "laptop:/home/me/counts.txt" },
        });
        var other = await balsam.Jobs.SubmitAsync<Staged>("staged/2", null, new JobOptions
        {
            Tags = { ["exp"] = "cosmo", ["run"] = "2" },
            Transfers = { ["input"] = "laptop:/data/b.txt" },
        });

        var items = await balsam.TransferItems.Where(jobId: staged.Id).ToListAsync();
        Assert.HasCount(2, items);
        var input = items.Single(i => i.Direction == TransferDirection.In);
        Assert.AreEqual(TransferItemState.Pending, input.State, "stage-ins start pending");
        Assert.AreEqual("/home/me/lines.txt", input.RemotePath);
        Assert.AreEqual("input.txt", input.LocalPath);
        Assert.AreEqual("laptop", input.LocationAlias);
        Assert.AreEqual(TransferItemState.AwaitingJob, items.Single(i => i.Direction == TransferDirection.Out).State);

        Assert.AreEqual(2L, await balsam.TransferItems.Where(state: TransferItemState.Pending).CountAsync());
        var outs = await balsam.TransferItems.Where(direction: TransferDirection.Out).ToListAsync();
        Assert.AreEqual(staged.Id, outs.Single().JobId);
        Assert.AreEqual(other.Id, (await balsam.TransferItems.Where(jobId: other.Id).FirstAsync()).JobId);
        Assert.AreEqual(0L, await balsam.TransferItems.Where(jobIds: []).CountAsync());

        Assert.AreEqual(3L, await balsam.TransferItems.Where(tags: new() { ["exp"] = "cosmo" }).CountAsync());
        var run2 = await balsam.TransferItems.Where(tags: new() { ["exp"] = "cosmo", ["run"] = "2" }).ToListAsync();
        Assert.AreEqual(other.Id, run2.Single().JobId, "every tag must match");
        var run1Ins = await balsam.TransferItems.Where(tags: new() { ["run"] = "1" }, direction: TransferDirection.In).ToListAsync();
        Assert.AreEqual("/home/me/lines.txt", run1Ins.Single().RemotePath, "tags combine with the other filters");
        Assert.AreEqual(0L, await balsam.TransferItems.Where(tags: new() { ["exp"] = "other" }).CountAsync());
    }
}
