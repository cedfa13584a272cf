using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Sdk.Apps;

/// <summary>A Run app with defaults in its signature, help from the spec, and a token bound by the runner.</summary>
public sealed class Greeter : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;

    public override string Description => "Greets someone, a few times.";

    public override Dictionary<string, ParameterSpec> Parameters => new()
    {
        ["name"] = ParameterSpec.Required("who to greet"),
        ["times"] = ParameterSpec.Optional(1, "overridden by the signature's default"),
    };

    public async ValueTask<string> Run(string name, int times = 2, double pause = 0.5, string? suffix = null, CancellationToken cancellationToken = default)
    {
        await Task.Delay(TimeSpan.FromSeconds(pause), cancellationToken);
        return string.Concat(Enumerable.Repeat($"Hello, {name}{suffix}! ", times)).Trim();
    }
}
