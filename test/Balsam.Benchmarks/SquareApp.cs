using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Benchmarks;

/// <summary>The smallest useful <c>Run</c> app: its work takes microseconds, so its jobs measure the path around it.</summary>
public sealed class SquareApp : ApplicationDefinition
{
    public const string SiteName = "runapp";

    public override SiteRef Site => SiteName;

    public long Run(long x) => x * x;
}
