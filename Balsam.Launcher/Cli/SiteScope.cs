using System.Globalization;
using Balsam.Client;
using Balsam.Errors;
using Balsam.Launcher.Sites;
using Balsam.Sites;

namespace Balsam.Launcher.Cli;

/// <summary>
/// The sites a listing or report covers, from the same <c>--site</c> selector as every other command
/// (<see cref="SiteSelector"/>): <c>all</c>, <c>active</c> (agent heard from in the last 2 minutes), <c>this</c> (the
/// site folder the command runs in), or a comma list of site names, ids, folder paths and path fragments. Without
/// <c>--site</c>: the site folder the command runs in, else all the sites (or the active ones, for <c>queue ls</c>).
/// </summary>
/// <param name="Sites">The sites covered.</param>
/// <param name="Description">How a listing names them: "site 'x'", "your sites", ...</param>
internal sealed record SiteScope(IReadOnlyList<SiteInfo> Sites, string Description)
{
    /// <summary>What to say when <see cref="Sites"/> is empty.</summary>
    public string NoSites { get; init; } = "No sites match.";

    /// <summary>Whether the scope is every site of the user (<c>all</c>, or the default outside site folders).</summary>
    public bool IsAll { get; init; }

    /// <summary>The help text of a listing's <c>--site</c> option.</summary>
    public static string Help(string fallback) =>
        $"Sites: 'all', 'active', 'this', or a comma list of names, ids and folder paths (default: the current folder's site, else {fallback})";

    public static Task<SiteScope> ResolveAllByDefaultAsync(BalsamClient client, CliContext context, string? selector) =>
        ResolveAsync(new ServiceSiteDirectory(client), context, selector, activeByDefault: false);

    public static Task<SiteScope> ResolveAllByDefaultAsync(ISiteDirectory sites, CliContext context, string? selector) =>
        ResolveAsync(sites, context, selector, activeByDefault: false);

    public static Task<SiteScope> ResolveAsync(BalsamClient client, CliContext context, string? selector, bool activeByDefault) =>
        ResolveAsync(new ServiceSiteDirectory(client), context, selector, activeByDefault);

    public static async Task<SiteScope> ResolveAsync(ISiteDirectory sites, CliContext context, string? selector, bool activeByDefault)
    {
        var now = DateTimeOffset.UtcNow;
        switch (selector?.Trim())
        {
            case null or "":
                if (await SiteSelector.CurrentAsync(sites, context) is { } here)
                {
                    return new([here], $"site '{here.Name}'");
                }

                return activeByDefault ? Active(await sites.ListAsync(), now) : AllOf(await sites.ListAsync());
            case SiteSelector.All:
                return AllOf(await sites.ListAsync());
            case SiteSelector.Active:
                return Active(await sites.ListAsync(), now);
            case SiteSelector.This:
                var current = await SiteSelector.ResolveAsync(sites, context, SiteSelector.This);
                return new([current], $"site '{current.Name}'");
        }

        var all = await sites.ListAsync();
        var chosen = new List<SiteInfo>();
        foreach (var token in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var matches = await MatchAsync(sites, context, all, token);
            if (matches.Count == 0)
            {
                throw new ResourceNotFoundException("Site", $"'{token}' (no site has that id or name, or a path containing it)");
            }

            chosen.AddRange(matches.Where(m => chosen.All(c => c.Id != m.Id)));
        }

        return new(chosen, chosen.Count == 1 ? $"site '{chosen[0].Name}'" : $"sites {string.Join(", ", chosen.Select(s => $"'{s.Name}'"))}");
    }

    private static async Task<List<SiteInfo>> MatchAsync(ISiteDirectory sites, CliContext context, IReadOnlyList<SiteInfo> all, string token)
    {
        if (token is SiteSelector.All or SiteSelector.Active or SiteSelector.This)
        {
            throw new CliUserException($"--site: '{token}' stands alone; it cannot be part of a comma list.");
        }

        if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return [.. all.Where(s => s.Id == id)];
        }

        if (all.Where(s => s.Name == token).ToList() is { Count: > 0 } named)
        {
            return named;
        }

        // A site folder written as a path (".", "../sim", "~/sites/x"): the site it belongs to.
        if (SiteSelector.LooksLikePath(token) && SiteMarker.Read(context.FullPath(token)) is not null)
        {
            return [await SiteSelector.ResolveAsync(sites, context, token)];
        }

        return [.. all.Where(s => s.Path.Contains(token, StringComparison.Ordinal))];
    }

    private static SiteScope AllOf(IReadOnlyList<SiteInfo> sites) =>
        new(sites, "your sites") { IsAll = true, NoSites = "You have no sites yet. Create one with: balsam site init PATH" };

    private static SiteScope Active(IReadOnlyList<SiteInfo> sites, DateTimeOffset now) =>
        new([.. sites.Where(s => s.IsActive(now))], "your active sites")
        {
            NoSites = sites.Count == 0
                ? "You have no sites yet. Create one with: balsam site init PATH"
                : "None of your sites is active (no agent heard from in the last 2 minutes). " +
                    "Run inside a site folder, or pick sites with --site all|NAME|ID.",
        };
}
