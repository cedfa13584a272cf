using System.Security.Cryptography;
using System.Text.Json;
using Balsam.Apps;

namespace Balsam.Client.Apps;

/// <summary>The content hash of an app definition: equal hashes mean the site holds exactly this class's definition.</summary>
internal static class AppContentHash
{
    /// <summary>SHA-256 (hex) of the definition's JSON, without its own <see cref="AppDefinition.ContentHash"/>.</summary>
    public static string Of(AppDefinition definition) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(definition with { ContentHash = null }))).ToLowerInvariant();
}
