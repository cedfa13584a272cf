using System.Text.Json;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>The Transfer API's JSON: snake_case names, unknown fields ignored (a task document has dozens).</summary>
internal static class GlobusJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
