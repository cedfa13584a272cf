using System.Globalization;
using Balsam.Client;
using Balsam.Errors;
using Balsam.Launcher.Sites;
using Balsam.Sites;

namespace Balsam.Launcher.Cli;

/// <summary>
/// Resolves the SITE argument of a command: an id (a number), a site folder path (contains '/', or '.'), a name, or,
/// when omitted, the site folder that contains the working folder (found by walking up to <c>.balsam-site</c>).
/// Site names cannot be numbers or contain '/', so the forms never overlap.
/// </summary>
internal static class SiteSelector
{
    public static async Task<SiteInfo> ResolveAsync(BalsamClient client, CliContext context, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return await CurrentAsync(client, context) ?? throw new CliUserException(
                $"No site given, and {context.WorkingDirectory} is not inside a site folder (no {SiteMarker.FileName} found). " +
                "Pass --site NAME|ID, or run the command inside a site folder.");
        }

        selector = selector.Trim();
        if (long.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return await client.Sites.GetAsync(id);
        }

        if (LooksLikePath(selector))
        {
            return await FromFolderAsync(client, context.FullPath(selector));
        }

        if (await client.Sites.FindAsync(selector) is { } named)
        {
            return named;
        }

        var folder = context.FullPath(selector);
        if (SiteMarker.Read(folder) is not null)
        {
            return await FromFolderAsync(client, folder);
        }

        throw new ResourceNotFoundException("Site", $"'{selector}'");
    }

    /// <summary>The site of the folder the command runs in, or null outside site folders.</summary>
    public static async Task<SiteInfo?> CurrentAsync(BalsamClient client, CliContext context) =>
        SiteMarker.FindEnclosing(context.WorkingDirectory) is { } found
            ? await FromMarkerAsync(client, found.Folder, found.Marker)
            : null;

    private static async Task<SiteInfo> FromFolderAsync(BalsamClient client, string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new CliUserException($"{folder} does not exist.");
        }

        var marker = SiteMarker.Read(folder) ?? throw new CliUserException(
            $"{folder} is not a site folder (no {SiteMarker.FileName} in it).");
        return await FromMarkerAsync(client, folder, marker);
    }

    private static async Task<SiteInfo> FromMarkerAsync(BalsamClient client, string folder, SiteMarker marker) =>
        await client.Sites.FindAsync(marker.Id) ?? throw new CliUserException(
            $"The site folder {folder} belongs to site {marker.Id} ('{marker.Name}'), which is not registered " +
            $"(it was deleted, or the service uses another database). Register the folder again with: balsam site init {folder}");

    private static bool LooksLikePath(string selector) =>
        selector.Contains('/') || selector.Contains('\\') || selector is "." or ".." || selector.StartsWith('~');
}
