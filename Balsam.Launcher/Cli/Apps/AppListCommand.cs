using System.CommandLine;
using Balsam.Apps;
using Balsam.Launcher.Cli.Output;
using Balsam.Sites;
using Spectre.Console;

namespace Balsam.Launcher.Cli.Apps;

/// <summary><c>balsam app ls [--site SITE] [-v]</c>: the apps of one site, or of all the user's sites outside a site folder.</summary>
internal static class AppListCommand
{
    public static Command Create(CliContext context)
    {
        var site = new Option<string?>("--site", "-s") { Description = SiteScope.Help("all your sites") };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also show the command, parameters, transfer slots and more" };
        var command = new Command("ls", "List registered apps") { site, verbose };
        command.SetAction(async (parse, ct) =>
        {
            var listing = await context.TryOverHttpAsync(async (http, budget) =>
            {
                var scope = await SiteScope.ResolveAllByDefaultAsync(new ListedSiteDirectory(await http.SitesAsync(budget)), context, parse.GetValue(site));
                var apps = scope.Sites.Count == 0 ? [] : await http.AppsAsync(scope.Sites.Select(s => s.Id), budget);
                return new AppListing(scope, [.. scope.Sites.SelectMany(s => apps.Where(a => a.SiteId == s.Id).Select(app => (s, app)))]);
            }, ct);
            await using var client = listing is null ? await context.ConnectAsync(ct) : null;
            listing ??= await OverGatewayAsync(client!, context, parse.GetValue(site));
            var (scope, rows) = (listing.Scope, listing.Rows);
            var sites = scope.Sites;
            if (sites.Count == 0)
            {
                context.Out.WriteLine(scope.NoSites);
                return ExitCodes.Success;
            }

            if (rows.Count == 0)
            {
                var where = sites.Count == 1 ? $"at site '{sites[0].Name}'" : $"at any of {scope.Description}";
                context.Out.WriteLine($"No apps {where}. Add one with: balsam app add --site SITE --name NAME --command 'TEMPLATE'");
                return ExitCodes.Success;
            }

            context.Console.Write(parse.GetValue(verbose) ? VerboseTable(rows) : Table(rows));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<AppListing> OverGatewayAsync(Balsam.Client.BalsamClient client, CliContext context, string? selector)
    {
        var scope = await SiteScope.ResolveAllByDefaultAsync(client, context, selector);
        var rows = new List<(SiteInfo Site, AppInfo App)>();
        foreach (var s in scope.Sites)
        {
            rows.AddRange((await client.Apps.ListAsync(s.Id)).Select(app => (s, app)));
        }

        return new AppListing(scope, rows);
    }

    /// <summary>What the listing shows: the sites it covers and their apps, site by site.</summary>
    private sealed record AppListing(SiteScope Scope, List<(SiteInfo Site, AppInfo App)> Rows);

    private static Table Table(List<(SiteInfo Site, AppInfo App)> rows)
    {
        var table = Tables.Create("Id", "Name", "Site", "Parameters", "Description");
        foreach (var (site, app) in rows)
        {
            table.AddTextRow(app.Id.ToString(), app.Name, site.Name, AppText.ParameterSummary(app.Definition),
                app.Definition.Description.Length == 0 ? "-" : app.Definition.Description);
        }

        return table;
    }

    private static Table VerboseTable(List<(SiteInfo Site, AppInfo App)> rows)
    {
        var table = Tables.Create("Id", "Name", "Site", "Kind", "Command", "Parameters", "Transfers", "Description", "Registered");
        foreach (var (site, app) in rows)
        {
            var definition = app.Definition;
            table.AddTextRow(app.Id.ToString(), app.Name, $"{site.Name} ({site.Id})", AppText.Kind(definition), AppText.Body(definition),
                Tables.Lines(AppText.ParameterLines(definition)), Tables.Lines(AppText.TransferLines(definition)),
                definition.Description.Length == 0 ? "-" : definition.Description, Tables.Time(app.RegisteredAt));
        }

        return table;
    }
}
