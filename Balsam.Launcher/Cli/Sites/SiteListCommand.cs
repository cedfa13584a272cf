using System.CommandLine;
using Balsam.Launcher.Cli.Output;
using Balsam.Sites;
using Spectre.Console;

namespace Balsam.Launcher.Cli.Sites;

/// <summary><c>balsam site ls [-v]</c>: the user's sites as a table.</summary>
internal static class SiteListCommand
{
    public static Command Create(CliContext context)
    {
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also show owner, times, each agent service, settings and app names" };
        var command = new Command("ls", "List your sites") { verbose };
        command.SetAction(async (parse, ct) =>
        {
            var sites = await context.TryOverHttpAsync((http, budget) => http.SitesAsync(budget), ct);
            await using var client = sites is null ? await context.ConnectAsync(ct) : null;
            sites ??= await client!.Sites.ListAsync();
            if (sites.Count == 0)
            {
                context.Out.WriteLine("No sites yet. Create one with: balsam site init PATH");
                return ExitCodes.Success;
            }

            context.Console.Write(parse.GetValue(verbose) ? VerboseTable(sites) : Table(sites));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Table Table(IReadOnlyList<SiteInfo> sites)
    {
        var now = DateTimeOffset.UtcNow;
        var table = Tables.Create("Id", "Name", "Path", "Active", "Apps", "Problems");
        foreach (var site in sites)
        {
            table.AddTextRow(site.Id.ToString(), site.Name, site.Path, Tables.YesNo(site.IsActive(now)), site.AppNames.Count.ToString(),
                Tables.Lines(site.ServiceProblems(now)));
        }

        return table;
    }

    private static Table VerboseTable(IReadOnlyList<SiteInfo> sites)
    {
        var now = DateTimeOffset.UtcNow;
        var table = Tables.Create("Id", "Name", "Path", "Active", "Apps", "Owner", "Created", "Last heartbeat", "Services", "Settings");
        foreach (var site in sites)
        {
            table.AddTextRow(site.Id.ToString(), site.Name, site.Path, Tables.YesNo(site.IsActive(now)),
                Tables.Lines(site.AppNames), site.Owner, Tables.Time(site.CreatedAt), Tables.Time(site.LastRefresh),
                Tables.Lines(site.Services.Select(s => s.Problem(now) ?? $"{s.Name}: ok (last cycle {Tables.Time(s.LastOk)})")),
                Tables.Lines(SettingsLines(site.Settings)));
        }

        return table;
    }

    private static IEnumerable<string> SettingsLines(SiteSettingsSummary settings)
    {
        yield return $"num_nodes: {settings.NumNodes}";
        yield return $"allowed_projects: {List(settings.AllowedProjects)}";
        yield return "allowed_queues: " + List(settings.AllowedQueues.Select(q =>
            $"{q.Key} (max_nodes {q.Value.MaxNodes}, max_walltime {q.Value.MaxWalltimeMin} min, max_queued_jobs {q.Value.MaxQueuedJobs})"));
        yield return $"optional_batch_job_params: {List(settings.OptionalBatchJobParams.Select(p => $"{p.Key}={p.Value}"))}";
        yield return $"transfer_locations: {List(settings.TransferLocations.Select(t => $"{t.Key}={t.Value}"))}";
        yield return $"globus_endpoint_id: {settings.GlobusEndpointId?.ToString() ?? "-"}";
    }

    private static string List(IEnumerable<string> items)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? "-" : text;
    }
}
