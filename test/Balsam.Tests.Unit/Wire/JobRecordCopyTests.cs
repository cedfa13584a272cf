using Balsam.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace Balsam.Tests.Unit.Wire;

/// <summary>
/// Job records travel between grains and to gateway clients without a deep copy (a bulk create returns 10,000 of
/// them); what is sent still arrives whole.
/// </summary>
[TestClass]
public sealed class JobRecordCopyTests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private static JobRecord Record() => new()
    {
        Id = 42,
        SiteId = 7,
        AppName = "Plain",
        Workdir = "runs/42",
        Parameters = new() { ["i"] = "\"42\"" },
        Tags = new() { ["exp"] = "big" },
        ParentIds = [3, 5],
    };

    [TestMethod]
    public void OrleansHandsOverAJobRecordInsteadOfCopyingIt()
    {
        var record = Record();
        var copied = Services.GetRequiredService<DeepCopier<JobRecord>>().Copy(record);
        Assert.AreSame(record, copied);

        var list = Services.GetRequiredService<DeepCopier<IReadOnlyList<JobRecord>>>().Copy([record]);
        Assert.AreSame(record, list[0], "a list of records is copied, the records are not");
    }

    [TestMethod]
    public void AJobRecordSurvivesTheWire()
    {
        var serializer = Services.GetRequiredService<Serializer<JobRecord>>();
        var back = serializer.Deserialize(serializer.SerializeToArray(Record()))!;
        Assert.AreEqual(42, back.Id);
        Assert.AreEqual("runs/42", back.Workdir);
        Assert.AreEqual("\"42\"", back.Parameters["i"]);
        Assert.AreEqual("big", back.Tags["exp"]);
        CollectionAssert.AreEqual(new long[] { 3, 5 }, back.ParentIds);
    }
}
