using System.Globalization;
using Balsam.Client;
using Balsam.Errors;
using Balsam.Launcher.Sites;
using Balsam.Sites;

namespace Balsam.Launcher.Cli;

/// <summary>
/// The one selector behind every <c>--site</c> (and SITE argument) of the CLI. For a command that acts on one site it
/// resolves an id (a number), a site folder path (contains '/', or '.'), a name, <c>this</c> (the site folder the
/// command runs in), or, when omitted, that same site folder (found by walking up to <c>.balsam-site</c>). Site names
/// cannot be numbers or contain '/', so the forms never overlap. The keywords <c>all</c> and <c>active</c> name many
/// sites: listings take them through <see cref="SiteScope"/>, and one-site commands refuse them here, saying so.
/// </summary>
internal static class SiteSelector
{
    /// <summary>Every site of the user.</summary>
    public const string All = "all";

    /// <summary>The sites whose agent was heard from recently (<see cref="SiteInfo.IsActive"/>).</summary>
    public const string Active = "active";

    /// <summary>The site folder the command runs in.</summary>
    public const string This = "this";

    /// <summary>The help text of a one-site <c>--site</c> option.</summary>
    public const string OneSiteHelp = "Site name, id or folder path, or 'this' (default: the current folder's site)";

    /// <param name="client">The connection.</param>
    /// <param name="context">The command's context (working folder).</param>
    /// <param name="selector">What the user passed; null or empty for the current folder's site.</param>
    /// <param name="option">How the command calls the selector in messages: <c>--site</c> or an argument name.</param>
    public static Task<SiteInfo> ResolveAsync(BalsamClient client, CliContext context, string? selector, string option = "--site") =>
        ResolveAsync(new ServiceSiteDirectory(client), context, selector, option);

    /// <inheritdoc cref="ResolveAsync(BalsamClient, CliContext, string?, string)"/>
    public static async Task<SiteInfo> ResolveAsync(ISiteDirectory sites, CliContext context, string? selector, string option = "--site")
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return await CurrentAsync(sites, context) ?? throw new CliUserException(
                $"No site given, and {context.WorkingDirectory} is not inside a site folder (no {SiteMarker.FileName} found). " +
                $"Pass {option} NAME|ID|PATH, or run the command inside a site folder.");
        }

        selector = selector.Trim();
        switch (selector)
        {
            case All or Active:
                throw new CliUserException(
                    $"{option} {selector} names {(selector == All ? "all your sites" : "every active site")}, but this command acts on one site. " +
                    $"Pass {option} NAME|ID|PATH, or '{This}' inside a site folder ('{All}' and '{Active}' are for listings such as 'balsam job ls').");
            case This:
                return await CurrentAsync(sites, context) ?? throw new CliUserException(
                    $"{option} {This}: {context.WorkingDirectory} is not inside a site folder (no {SiteMarker.FileName} found).");
        }

        if (long.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return await sites.GetAsync(id);
        }

        if (LooksLikePath(selector))
        {
            return await FromFolderAsync(sites, context.FullPath(selector));
        }

        if (await sites.FindAsync(selector) is { } named)
        {
            return named;
        }

        var folder = context.FullPath(selector);
        if (SiteMarker.Read(folder) is not null)
        {
            return await FromFolderAsync(sites, folder);
        }

        throw new ResourceNotFoundException("Site", $"'{selector}'");
    }

    /// <summary>The site of the folder the command runs in, or null outside site folders.</summary>
    public static Task<SiteInfo?> CurrentAsync(BalsamClient client, CliContext context) => CurrentAsync(new ServiceSiteDirectory(client), context);

    /// <inheritdoc cref="CurrentAsync(BalsamClient, CliContext)"/>
    public static async Task<SiteInfo?> CurrentAsync(ISiteDirectory sites, CliContext context) =>
        SiteMarker.FindEnclosing(context.WorkingDirectory) is { } found
            ? await FromMarkerAsync(sites, found.Folder, found.Marker)
            : null;

    private static async Task<SiteInfo> FromFolderAsync(ISiteDirectory sites, string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new CliUserException($"{folder} does not exist.");
        }

        var marker = SiteMarker.Read(folder) ?? throw new CliUserException(
            $"{folder} is not a site folder (no {SiteMarker.FileName} in it).");
        return await FromMarkerAsync(sites, folder, marker);
    }

    private static async Task<SiteInfo> FromMarkerAsync(ISiteDirectory sites, string folder, SiteMarker marker) =>
        await sites.FindAsync(marker.Id) ?? throw new CliUserException(
            $"The site folder {folder} belongs to site {marker.Id} ('{marker.Name}'), which is not registered " +
            $"(it was deleted, or the service uses another database). Register the folder again with: balsam site init {folder}");

    /// <summary>Whether the selector is written as a folder path rather than a name.</summary>
    public static bool LooksLikePath(string selector) =>
        selector.Contains('/') || selector.Contains('\\') || selector is "." or ".." || selector.StartsWith('~');
}
