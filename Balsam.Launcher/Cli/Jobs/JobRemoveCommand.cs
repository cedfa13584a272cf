using System.CommandLine;
using Balsam.Jobs;
using Balsam.Launcher.Cli.Output;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary><c>balsam job rm [IDS] [filters] [--yes]</c>: deletes matching jobs that no launcher holds.</summary>
internal static class JobRemoveCommand
{
    /// <summary>
    /// Jobs deleted per request: the service deletes each through its grain, so a request of thousands outlasted the
    /// client's 30 s response timeout on a busy machine; a few hundred take a second or two.
    /// </summary>
    public const int PageSize = 500;

    public static Command Create(CliContext context)
    {
        var ids = new Argument<long[]>("ids") { Description = "Job ids (or select jobs with the filter options)", Arity = ArgumentArity.ZeroOrMore };
        var filters = new JobFilterOptions();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var command = new Command("rm", "Delete jobs with their events") { ids, yes };
        foreach (var option in filters.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var givenIds = parse.GetValue(ids) ?? [];
            if (givenIds.Length == 0 && !filters.HasFilter(parse))
            {
                throw new CliUserException("Name the jobs to delete: give ids, or filters such as --state FAILED or --tag exp=1.");
            }

            await using var client = await context.ConnectAsync(ct);
            var (query, _) = await filters.BuildAsync(parse, client, context);
            if (givenIds.Length > 0)
            {
                query = query with { Ids = [.. givenIds] };
            }

            var service = client.Cluster.GetGrain<IJobServiceGrain>(0);
            var count = await service.CountAsync(query);
            if (count == 0)
            {
                context.Out.WriteLine("No jobs match.");
                return ExitCodes.Success;
            }

            if (!parse.GetValue(yes))
            {
                if (!context.CanPrompt)
                {
                    throw new CliUserException($"{count} jobs match; add --yes to delete them without a question.");
                }

                if (!context.Confirm($"Delete {count} jobs?"))
                {
                    context.Out.WriteLine("Nothing deleted.");
                    return ExitCodes.Success;
                }
            }

            // Page by page in id order, so that no request outlasts the service's response timeout; jobs a launcher holds
            // stay and come first in what is left, so the next page starts after them.
            long deleted = 0, kept = 0;
            await CliProgress.RunAsync(context, "Deleting jobs", count, async advance =>
            {
                while (true)
                {
                    var page = await service.QueryAsync(query with { Limit = PageSize, Offset = checked((int)kept) });
                    if (page.Count == 0)
                    {
                        break;
                    }

                    var result = await service.DeleteAsync(query with { Ids = [.. page.Select(j => j.Id)] });
                    deleted += result.Changed;
                    kept += result.Failures.Count;
                    advance(page.Count);
                }
            });
            context.Out.WriteLine($"Deleted {deleted} of {deleted + kept} jobs." +
                (kept > 0 ? $" {kept} are held by a launcher and were kept." : ""));
            return ExitCodes.Success;
        });
        return command;
    }
}
