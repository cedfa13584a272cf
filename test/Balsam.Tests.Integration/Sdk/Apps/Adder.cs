using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Sdk.Apps;

/// <summary>
/// Adds two   numbers
/// (described by its XML documentation).
/// </summary>
public sealed class Adder : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;

    public int Run(int x, int y) => x + y;
}
