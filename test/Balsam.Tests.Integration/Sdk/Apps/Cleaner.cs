using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Sdk.Apps;

public sealed class Cleaner : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;

    public override string? CommandTemplate => "simulate --steps {{ steps }}";

    public override IReadOnlyList<string> CleanupFiles => ["*.tmp", "scratch/*.chk"];

    public override Dictionary<string, string> EnvironmentVariables => new() { ["OMP_NUM_THREADS"] = "4", ["SIM_MODE"] = "fast" };

    public override string? RunnerExecutable => "/opt/balsam/bin/balsam";
}
