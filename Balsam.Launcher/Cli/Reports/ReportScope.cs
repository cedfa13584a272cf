using System.CommandLine;
using Balsam.Client;
using Balsam.Client.Sites;
using Balsam.Launcher.Cli.Jobs;
using Balsam.Sites;

namespace Balsam.Launcher.Cli.Reports;

/// <summary>
/// What a report covers: one site (<c>--site</c>, else the current site folder) or all the user's sites (<c>--site all</c>), and the
/// <c>--tag</c> filters; <see cref="Description"/> names both for the summary and the plot's title.
/// </summary>
internal sealed record ReportScope(SiteInfo? Site, Dictionary<string, string>? Tags)
{
    public static Option<string?> SiteOption() => new("--site", "-s")
    {
        Description = "One site (name, id, folder path or 'this'), or 'all' (default: the current folder's site, else all your sites)",
    };

    public static Option<string[]> TagOption(string whose) => KeyValueOption.Create("--tag", "-t", $"Only {whose} with this tag key=value (repeatable)");

    /// <summary>The site filter for SDK queries; null for all the user's sites.</summary>
    public SiteRef? SiteFilter => Site is null ? null : (SiteRef)Site;

    public string Description
    {
        get
        {
            var where = Site is null ? "all sites" : $"site {Site.Name}";
            return Tags is null ? where : $"{where}, {string.Join(", ", Tags.Select(t => $"{t.Key}={t.Value}"))}";
        }
    }

    public static async Task<ReportScope> ResolveAsync(BalsamClient client, CliContext context, string? site, string[]? tags)
    {
        var scope = await SiteScope.ResolveAllByDefaultAsync(client, context, site);
        var resolved = scope switch
        {
            { IsAll: true } => null,
            { Sites.Count: 1 } => scope.Sites[0],
            { Sites.Count: 0 } => throw new CliUserException(scope.NoSites),
            _ => throw new CliUserException(
                $"--site {site} matches {scope.Sites.Count} sites ({string.Join(", ", scope.Sites.Select(s => s.Name))}); " +
                "a report covers one site or all of them: pass --site NAME|ID|PATH, or --site all."),
        };
        var parsed = KeyValueOption.Parse(tags, "--tag");
        return new ReportScope(resolved, parsed.Count > 0 ? parsed : null);
    }
}
