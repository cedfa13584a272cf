using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Sdk.Apps;

// No [Description] and no XML summary: sync warns once.
public sealed class Undescribed : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;

    public override string CommandTemplate => "true";
}
