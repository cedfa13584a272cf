using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Launcher;

/// <summary>A command app whose optional parameters have a default of every JSON kind.</summary>
public sealed class ShowDefaults : ApplicationDefinition
{
    public override SiteRef Site => "defaults-site";

    public override string CommandTemplate => "printf '%s|' {{ mode }} {{ words }} {{ n }} {{ x }} {{ flag }} {{ list }}";

    public override Dictionary<string, ParameterSpec> Parameters => new()
    {
        ["mode"] = ParameterSpec.Optional("explore"),
        ["words"] = ParameterSpec.Optional("two words"),
        ["n"] = ParameterSpec.Optional(42),
        ["x"] = ParameterSpec.Optional(2.5),
        ["flag"] = ParameterSpec.Optional(true),
        ["list"] = ParameterSpec.Optional(new[] { 1, 2 }),
    };
}

/// <summary>A <c>Run</c> app with the same defaults, from its spec and from its signature: they arrive typed.</summary>
public sealed class TypedDefaults : ApplicationDefinition
{
    public override SiteRef Site => "defaults-site";

    public override Dictionary<string, ParameterSpec> Parameters => new()
    {
        ["mode"] = ParameterSpec.Optional("explore"),
        ["n"] = ParameterSpec.Optional(42),
        ["flag"] = ParameterSpec.Optional(true),
        ["list"] = ParameterSpec.Optional(new[] { 1, 2 }),
    };

    public string Run(string mode, int n, bool flag, int[] list, double x = 2.5) =>
        $"{mode}|{n + 1}|{!flag}|{list.Sum()}|{x * 2}";
}
