using Balsam.Silo.Auth;
using Orleans.Runtime;

namespace Balsam.Tests.Unit.Auth;

/// <summary>Which calls the authentication filter checks: a client's (and one of unknown origin), never the service's own.</summary>
[TestClass]
public sealed class CallOriginTests
{
    [TestMethod]
    public void AnExternalClientsCallIsAClientCall() =>
        Assert.IsTrue(CallOrigin.IsClient(GrainId.Create("sys.client", Guid.NewGuid().ToString("N"))));

    [TestMethod]
    public void ACallOfUnknownOriginIsTreatedAsAClientCall() => Assert.IsTrue(CallOrigin.IsClient(null));

    [TestMethod]
    public void AGrainsCallIsTheServicesOwn() => Assert.IsFalse(CallOrigin.IsClient(GrainId.Create("balsam-job", "42")));

    [TestMethod]
    public void TheSilosHostedClientIsTheServicesOwn() =>
        Assert.IsFalse(CallOrigin.IsClient(GrainId.Create("sys.client", "hosted-S127.0.0.1:11111:123456789")));
}
