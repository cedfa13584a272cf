using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Sdk.Apps;

public sealed class BothTemplateAndRun : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;

    public override string? CommandTemplate => "echo {{ x }}";

    public int Run(int x) => x;
}

public sealed class NeitherTemplateNorRun : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;
}

public sealed class OnAnotherSite : ApplicationDefinition
{
    public override SiteRef Site => "no-such-site";

    public override string? CommandTemplate => "true";
}
