using System.CommandLine;
using Balsam.Jobs;
using Balsam.Launcher.Cli.Output;
using Balsam.States;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary>
/// <c>balsam job wait [IDS] [filters] [--timeout-sec N]</c>: returns when every matching job is done (JOB_FINISHED or
/// FAILED), with a progress bar on a terminal; exit code 1 when the time limit passes first.
/// </summary>
internal static class JobWaitCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static Command Create(CliContext context)
    {
        var ids = new Argument<long[]>("ids") { Description = "Job ids (or select jobs with the filter options)", Arity = ArgumentArity.ZeroOrMore };
        var filters = new JobFilterOptions();
        var timeout = new Option<double?>("--timeout-sec") { Description = "Give up after this many seconds (exit code 1); default: wait as long as it takes" };
        var command = new Command("wait", "Wait until jobs are done (JOB_FINISHED or FAILED)") { ids, timeout };
        foreach (var option in filters.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var givenIds = parse.GetValue(ids) ?? [];
            if (givenIds.Length == 0 && !filters.HasFilter(parse))
            {
                throw new CliUserException("Name the jobs to wait for: give ids, or filters such as --tag exp=1.");
            }

            if (parse.GetValue(timeout) is <= 0)
            {
                throw new CliUserException("--timeout-sec must be greater than 0.");
            }

            await using var client = await context.ConnectAsync(ct);
            var (query, _) = await filters.BuildAsync(parse, client, context);
            if (givenIds.Length > 0)
            {
                query = query with { Ids = [.. givenIds] };
            }

            var service = client.Cluster.GetGrain<IJobServiceGrain>(0);
            var total = await service.CountAsync(query);
            if (total == 0)
            {
                context.Out.WriteLine("No jobs match.");
                return ExitCodes.Success;
            }

            var deadline = parse.GetValue(timeout) is { } seconds ? DateTimeOffset.UtcNow.AddSeconds(seconds) : DateTimeOffset.MaxValue;
            long finished = 0, failed = 0;
            await CliProgress.RunAsync(context, "Waiting for jobs", total, async advance =>
            {
                long reported = 0;
                while (true)
                {
                    finished = await service.CountAsync(query with { States = [JobState.JobFinished] });
                    failed = await service.CountAsync(query with { States = [JobState.Failed] });
                    advance(finished + failed - reported);
                    reported = finished + failed;
                    if (reported >= total || DateTimeOffset.UtcNow >= deadline)
                    {
                        return;
                    }

                    await Task.Delay(Poll, ct);
                }
            });

            var notDone = total - finished - failed;
            if (notDone > 0)
            {
                throw new CliUserException($"{notDone} of {total} jobs are not done after {parse.GetValue(timeout):0.#} s " +
                    $"({finished} JOB_FINISHED, {failed} FAILED so far).");
            }

            context.Out.WriteLine($"All {total} jobs are done: {finished} JOB_FINISHED, {failed} FAILED.");
            return ExitCodes.Success;
        });
        return command;
    }
}
