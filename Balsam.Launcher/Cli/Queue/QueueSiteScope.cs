using System.Globalization;
using Balsam.Client;
using Balsam.Errors;
using Balsam.Sites;

namespace Balsam.Launcher.Cli.Queue;

/// <summary>
/// The sites a listing covers (SPEC §8 <c>--site</c>): inside a site folder that site; outside, the active sites
/// (agent heard from in the last 2 minutes); <c>all</c>, <c>active</c>, <c>this</c>, or a comma list of site
/// names, ids and path fragments.
/// </summary>
internal sealed record QueueSiteScope(IReadOnlyList<SiteInfo> Sites, string Description)
{
    /// <summary>What to say when <see cref="Sites"/> is empty.</summary>
    public string NoSites { get; init; } = "No sites match.";

    public const string Help = "Sites: 'all', 'active', 'this', or a comma list of names, ids and path fragments " +
        "(default: the current folder's site, else the active sites)";

    public static async Task<QueueSiteScope> ResolveAsync(BalsamClient client, CliContext context, string? selector)
    {
        var now = DateTimeOffset.UtcNow;
        switch (selector?.Trim())
        {
            case null or "":
                return await SiteSelector.CurrentAsync(client, context) is { } here
                    ? new([here], $"site '{here.Name}'")
                    : Active(await client.Sites.ListAsync(), now);
            case "all":
                return new(await client.Sites.ListAsync(), "your sites") { NoSites = "You have no sites yet. Create one with: balsam site init PATH" };
            case "active":
                return Active(await client.Sites.ListAsync(), now);
            case "this":
                var current = await SiteSelector.CurrentAsync(client, context) ?? throw new CliUserException(
                    $"--site this: {context.WorkingDirectory} is not inside a site folder.");
                return new([current], $"site '{current.Name}'");
        }

        var all = await client.Sites.ListAsync();
        var chosen = new List<SiteInfo>();
        foreach (var token in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var matches = long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? all.Where(s => s.Id == id).ToList()
                : all.Where(s => s.Name == token).ToList() is { Count: > 0 } named ? named
                : all.Where(s => s.Path.Contains(token, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
            {
                throw new ResourceNotFoundException("Site", $"'{token}' (no site has that id or name, or a path containing it)");
            }

            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }

        return new(chosen, chosen.Count == 1 ? $"site '{chosen[0].Name}'" : $"sites {string.Join(", ", chosen.Select(s => $"'{s.Name}'"))}");
    }

    private static QueueSiteScope Active(IReadOnlyList<SiteInfo> sites, DateTimeOffset now) =>
        new([.. sites.Where(s => s.IsActive(now))], "your active sites")
        {
            NoSites = sites.Count == 0
                ? "You have no sites yet. Create one with: balsam site init PATH"
                : "None of your sites is active (no agent heard from in the last 2 minutes). " +
                    "Run inside a site folder, or pick sites with --site all|NAME|ID.",
        };
}
