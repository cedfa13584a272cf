using System.Text.Json;
using System.Text.Json.Serialization;

namespace Balsam.Launcher.Sites;

/// <summary>
/// The <c>.balsam-site</c> file at the top of a site folder: the site's id (authoritative) and its name (for people).
/// Commands run anywhere inside the folder find their site by walking up to it.
/// </summary>
public sealed record SiteMarker(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name)
{
    public const string FileName = ".balsam-site";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string PathIn(string siteFolder) => Path.Combine(siteFolder, FileName);

    /// <summary>The marker of exactly this folder, or null when it has none.</summary>
    public static SiteMarker? Read(string siteFolder)
    {
        var file = PathIn(siteFolder);
        if (!File.Exists(file))
        {
            return null;
        }

        var text = File.ReadAllText(file).Trim();
        try
        {
            // Balsam's own marker holds just the id; accept that too.
            return long.TryParse(text, out var bareId)
                ? new SiteMarker(bareId, Path.GetFileName(siteFolder))
                : JsonSerializer.Deserialize<SiteMarker>(text) is { Id: > 0 } marker
                    ? marker
                    : throw new JsonException("no site id");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not a valid site marker ({e.Message}); remove it or run `balsam site init` again.", e);
        }
    }

    /// <summary>The site folder containing <paramref name="folder"/> (itself or a parent), or null.</summary>
    public static (string Folder, SiteMarker Marker)? FindEnclosing(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            if (File.Exists(PathIn(current.FullName)) && Read(current.FullName) is { } marker)
            {
                return (current.FullName, marker);
            }
        }

        return null;
    }

    public void WriteTo(string siteFolder) => File.WriteAllText(PathIn(siteFolder), JsonSerializer.Serialize(this, Json) + Environment.NewLine);

    public static void Remove(string siteFolder) => File.Delete(PathIn(siteFolder));
}
