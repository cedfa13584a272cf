using System.CommandLine;
using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Client.BatchJobs;

namespace Balsam.Launcher.Cli.Queue;

/// <summary>
/// <c>balsam queue ls [--site SITES] [--history] [-n N] [-v] [--scheduler-id ID]</c>: the active batch jobs (pending
/// submission, queued, running, pending deletion), or with --history, -n or --scheduler-id every state. Submissions
/// refused in the last day are always reported with the site's or scheduler's message.
/// </summary>
internal static class QueueListCommand
{
    public const int DefaultHistory = 100;

    /// <summary>How far back the default listing reports refused submissions.</summary>
    public static readonly TimeSpan RecentRefusals = TimeSpan.FromDays(1);

    public static Command Create(CliContext context)
    {
        var site = new Option<string?>("--site", "-s") { Description = SiteScope.Help("the active sites") };
        var history = new Option<bool>("--history") { Description = $"Every state, ended ones too (the last {DefaultHistory} unless -n)" };
        var num = new Option<int?>("--num", "-n") { Description = "Show the last N batch jobs (by id), in every state" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also show partitions, optional params, status info, start and end times" };
        var schedulerId = new Option<long?>("--scheduler-id") { Description = "The batch job with this scheduler id, in every state" };
        var command = new Command("ls", "List batch jobs") { site, history, num, verbose, schedulerId };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(num) is < 1)
            {
                throw new CliUserException("--num must be at least 1.");
            }

            await using var client = await context.ConnectAsync(ct);
            var scope = await SiteScope.ResolveAsync(client, context, parse.GetValue(site), activeByDefault: true);
            if (scope.Sites.Count == 0)
            {
                context.Out.WriteLine(scope.NoSites);
                return ExitCodes.Success;
            }

            var everyState = parse.GetValue(history) || parse.GetValue(num) is not null || parse.GetValue(schedulerId) is not null;
            var filter = new BatchJobQuery
            {
                SiteIds = [.. scope.Sites.Select(s => s.Id)],
                States = everyState ? null : [.. BatchJobStateNames.Active],
                SchedulerId = parse.GetValue(schedulerId),
            };
            var limit = parse.GetValue(num) ?? (everyState ? DefaultHistory : BatchJobQuery.MaxPageSize);
            var page = await ListAsync(client, filter with { Descending = true, Limit = limit });
            if (page.Count == 0)
            {
                context.Out.WriteLine(everyState
                    ? $"No batch jobs at {scope.Description} match."
                    : $"No active batch jobs at {scope.Description}. balsam queue ls --history shows ended ones.");
            }
            else
            {
                BatchJobTable.Write(context, [.. page.Reverse()], scope.Sites, parse.GetValue(verbose));
                var total = await client.BatchJobs.Service.CountAsync(filter);
                if (total > page.Count)
                {
                    context.Out.WriteLine($"The last {page.Count} of {total} batch jobs; -n N shows more.");
                }
            }

            if (!everyState)
            {
                await ReportRecentRefusalsAsync(client, context, filter);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<IReadOnlyList<BatchJob>> ListAsync(BalsamClient client, BatchJobQuery query) =>
        [.. (await client.BatchJobs.Service.QueryAsync(query)).Select(record => new BatchJob(client, record))];

    /// <summary>A refused submission is never silent: the default listing names the recent ones with their reason.</summary>
    private static async Task ReportRecentRefusalsAsync(BalsamClient client, CliContext context, BatchJobQuery filter)
    {
        var since = DateTimeOffset.UtcNow - RecentRefusals;
        var refused = (await ListAsync(client, filter with { States = [BatchJobState.SubmitFailed], Descending = true, Limit = 10 }))
            .Where(b => b.LastUpdate >= since).ToList();
        if (refused.Count == 0)
        {
            return;
        }

        var siteNames = (await client.Sites.ListAsync()).ToDictionary(s => s.Id, s => s.Name);
        context.Out.WriteLine($"Refused in the last {RecentRefusals.TotalHours:0} hours:");
        foreach (var batchJob in refused)
        {
            context.Out.WriteLine("  " + BatchJobTable.RefusalLine(batchJob, siteNames));
        }
    }
}
