using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Sdk.Apps;

[System.ComponentModel.Description("  Sleeps, then says so.  ")]
public sealed class Sleeper : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;

    public override string? CommandTemplate => "sleep {{ seconds }} && echo {{ message }}";

    public override Dictionary<string, ParameterSpec> Parameters => new()
    {
        ["message"] = ParameterSpec.Optional("done", "what to print when awake"),
    };
}
