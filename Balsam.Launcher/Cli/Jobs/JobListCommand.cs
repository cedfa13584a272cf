using System.CommandLine;
using System.Text.Json;
using Balsam.Client;
using Balsam.Client.Http;
using Balsam.Http;
using Balsam.Jobs;
using Balsam.Launcher.Cli.Output;
using Balsam.Sites;
using Balsam.States;
using Spectre.Console;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary><c>balsam job ls [filters] [--order FIELD|-FIELD] [--limit N] [--offset N] [--json | --count]</c>: a page of jobs as a table.</summary>
internal static class JobListCommand
{
    public const int DefaultPage = 100;

    public static Command Create(CliContext context)
    {
        var filters = new JobFilterOptions();
        var order = new Option<string>("--order", "-o")
        {
            Description = "Order by id, last_update, state, workdir, created_at, num_nodes or wall_time_min; a leading '-' reverses",
            DefaultValueFactory = _ => "id",
        };
        var limit = new Option<int>("--limit", "-l") { Description = $"Jobs per page (default {DefaultPage})", DefaultValueFactory = _ => DefaultPage };
        var offset = new Option<int>("--offset") { Description = "Skip this many jobs (the next page starts at offset + limit)" };
        var json = new Option<bool>("--json") { Description = "Print the jobs as JSON (every field)" };
        var count = new Option<bool>("--count", "-c") { Description = "Print only how many jobs match" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also list the jobs' transfer items (state and the provider's message)" };
        var command = new Command("ls", "List jobs") { order, limit, offset, json, count, verbose };
        foreach (var option in filters.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var countOnly = parse.GetValue(count);
            var (field, descending) = countOnly ? (JobOrderField.Id, false) : ParseOrder(parse.GetValue(order)!);
            JobQuery? Page(JobQuery query) => countOnly
                ? null
                : query with { OrderBy = field, Descending = descending, Limit = parse.GetValue(limit), Offset = parse.GetValue(offset) };

            // Transfer items (--verbose) are read through the gateway only.
            var listing = parse.GetValue(verbose) ? null : await TryOverHttpAsync(parse, filters, context, Page, ct);
            await using var client = listing is null ? await context.ConnectAsync(ct) : null;
            listing ??= await OverGatewayAsync(parse, filters, context, client!, Page);

            if (countOnly)
            {
                context.Out.WriteLine(listing.Total);
                return ExitCodes.Success;
            }

            var page = listing.Page;
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(page, new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Success;
            }

            if (page.Count == 0)
            {
                context.Out.WriteLine(listing.Total == 0 ? "No jobs match." : $"No jobs on this page ({listing.Total} match; lower --offset).");
                return ExitCodes.Success;
            }

            var siteNames = listing.Sites.ToDictionary(s => s.Id, s => s.Name);
            var table = Tables.Create("Id", "Site", "App", "Workdir", "State", "Nodes", "Tags", "Updated");
            foreach (var job in page)
            {
                table.AddTextRow(job.Id.ToString(), siteNames.GetValueOrDefault(job.SiteId, job.SiteId.ToString()), job.AppName, job.Workdir,
                    job.State.Name(), NodesText(job.Resources), TagsText(job.Tags), Tables.Time(job.LastUpdate));
            }

            context.Console.Write(table);
            if (client is not null && parse.GetValue(verbose))
            {
                await WriteTransfersAsync(client.Cluster.GetGrain<IJobServiceGrain>(0), page, context);
            }

            var first = parse.GetValue(offset) + 1;
            var last = parse.GetValue(offset) + page.Count;
            if (last < listing.Total || first > 1)
            {
                context.Out.WriteLine($"Jobs {first}-{last} of {listing.Total}." + (last < listing.Total ? $" Next page: --offset {last}" : ""));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The listing over the service's HTTP query routes (<see cref="CliContext.TryOverHttpAsync"/>); null when they do
    /// not answer. <c>page</c> applies the page's order, limit and offset to the filters (null: the count alone).
    /// </summary>
    private static Task<JobListing?> TryOverHttpAsync(
        ParseResult parse, JobFilterOptions filters, CliContext context, Func<JobQuery, JobQuery?> page, CancellationToken ct) =>
        context.TryOverHttpAsync(async (http, budget) =>
        {
            var siteList = http.SitesAsync(budget);
            // Usually the scope is known without the list of sites: the page is then asked for at the same time.
            var guess = filters.GuessScope(parse, context);
            async Task<JobPage> Ask(List<long>? siteIds)
            {
                var query = filters.Query(parse, siteIds);
                return await http.JobsAsync(page(query) ?? query with { Limit = 0 }, budget);
            }

            var early = guess is null ? null : Ask(guess.SiteIds);
            try
            {
                var scope = await SiteScope.ResolveAllByDefaultAsync(new ListedSiteDirectory(await siteList), context, parse.GetValue(filters.Site));
                // The early answer is taken whole, its failure too: a bad filter is reported here, after the sites, as the
                // gateway path reports it; a failed request sends the command to the gateway.
                var result = early is not null && guess!.Matches(scope) ? await early : await Ask([.. scope.Sites.Select(s => s.Id)]);
                return new JobListing(scope.Sites, result.Count, result.Jobs);
            }
            finally
            {
                if (early is not null)
                {
                    try
                    {
                        await early;
                    }
                    catch (Exception)
                    {
                        // An answer not taken is dropped, and so is its failure; one taken has thrown above already.
                    }
                }
            }
        }, ct);

    private static async Task<JobListing> OverGatewayAsync(
        ParseResult parse, JobFilterOptions filters, CliContext context, BalsamClient client, Func<JobQuery, JobQuery?> page)
    {
        var (query, sites) = await filters.BuildAsync(parse, client, context);
        var service = client.Cluster.GetGrain<IJobServiceGrain>(0);
        // The page and the total in one round trip's time.
        var counting = service.CountAsync(query);
        var paging = page(query) is { } paged ? service.QueryAsync(paged) : Task.FromResult<IReadOnlyList<JobRecord>>([]);
        await Task.WhenAll(counting, paging);
        return new JobListing(sites, await counting, await paging);
    }

    /// <summary>What a listing shows: the sites it covers, how many jobs match, and the page.</summary>
    private sealed record JobListing(IReadOnlyList<SiteInfo> Sites, long Total, IReadOnlyList<JobRecord> Page);

    /// <summary>The page's transfer items: where each goes, its state, its task and what the provider said.</summary>
    private static async Task WriteTransfersAsync(IJobServiceGrain service, IReadOnlyList<JobRecord> page, CliContext context)
    {
        var items = await service.TransferItemsAsync(new Transfers.TransferItemQuery { JobIds = [.. page.Select(j => j.Id)] });
        if (items.Count == 0)
        {
            context.Out.WriteLine("No transfer items.");
            return;
        }

        context.Console.Write(TransferItemTable.Create(items, withJob: true));
    }

    private static (JobOrderField Field, bool Descending) ParseOrder(string text)
    {
        var descending = text.StartsWith('-');
        var name = text.TrimStart('-').Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse<JobOrderField>(name, ignoreCase: true, out var field)
            ? (field, descending)
            : throw new CliUserException($"--order '{text}': use one of id, last_update, state, workdir, created_at, num_nodes, wall_time_min");
    }

    internal static string NodesText(JobResources r) =>
        r.NodePackingCount > 1 ? $"{r.NumNodes} (1/{r.NodePackingCount})" : r.NumNodes.ToString();

    internal static string TagsText(Dictionary<string, string> tags) =>
        tags.Count == 0 ? "-" : string.Join(' ', tags.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}"));
}
