using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Sdk.Apps;

/// <summary>A command app that another client overwrites at the site.</summary>
public sealed class Chooser : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;

    public override string CommandTemplate => "echo chosen {{ x }}";
}
