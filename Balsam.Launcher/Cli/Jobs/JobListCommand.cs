using System.CommandLine;
using System.Text.Json;
using Balsam.Jobs;
using Balsam.Launcher.Cli.Output;
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
            await using var client = await context.ConnectAsync(ct);
            var (query, sites) = await filters.BuildAsync(parse, client, context);
            var service = client.Cluster.GetGrain<IJobServiceGrain>(0);
            if (parse.GetValue(count))
            {
                context.Out.WriteLine(await service.CountAsync(query));
                return ExitCodes.Success;
            }

            var (field, descending) = ParseOrder(parse.GetValue(order)!);
            // The page and the total in one round trip's time.
            var counting = service.CountAsync(query);
            var listing = service.QueryAsync(query with
            {
                OrderBy = field, Descending = descending, Limit = parse.GetValue(limit), Offset = parse.GetValue(offset),
            });
            await Task.WhenAll(counting, listing);
            var total = await counting;
            var page = await listing;
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(page, new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Success;
            }

            if (page.Count == 0)
            {
                context.Out.WriteLine(total == 0 ? "No jobs match." : $"No jobs on this page ({total} match; lower --offset).");
                return ExitCodes.Success;
            }

            var siteNames = sites.ToDictionary(s => s.Id, s => s.Name);
            var table = Tables.Create("Id", "Site", "App", "Workdir", "State", "Nodes", "Tags", "Updated");
            foreach (var job in page)
            {
                table.AddTextRow(job.Id.ToString(), siteNames.GetValueOrDefault(job.SiteId, job.SiteId.ToString()), job.AppName, job.Workdir,
                    job.State.Name(), NodesText(job.Resources), TagsText(job.Tags), Tables.Time(job.LastUpdate));
            }

            context.Console.Write(table);
            if (parse.GetValue(verbose))
            {
                await WriteTransfersAsync(service, page, context);
            }

            var first = parse.GetValue(offset) + 1;
            var last = parse.GetValue(offset) + page.Count;
            if (last < total || first > 1)
            {
                context.Out.WriteLine($"Jobs {first}-{last} of {total}." + (last < total ? $" Next page: --offset {last}" : ""));
            }

            return ExitCodes.Success;
        });
        return command;
    }

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
