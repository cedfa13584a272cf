using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Sdk.Apps;

public sealed class Adder : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;

    public int Run(int x, int y) => x + y;
}
