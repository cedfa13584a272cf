using System.CommandLine;
using Balsam.BatchJobs;
using Balsam.Client;
using Balsam.Client.BatchJobs;

namespace Balsam.Launcher.Cli.Queue;

/// <summary>
/// <c>balsam queue rm ID... [--scheduler-id ID]</c>: asks batch jobs to end, and says for each what that means: a
/// queued or running one will be deleted from the scheduler by its site, one never submitted ends before submission,
/// one that has ended is left alone.
/// </summary>
internal static class QueueRemoveCommand
{
    public static Command Create(CliContext context)
    {
        var ids = new Argument<long[]>("ids") { Description = "Batch job ids", Arity = ArgumentArity.ZeroOrMore };
        var schedulerId = new Option<long?>("--scheduler-id") { Description = "The batch job the scheduler knows by this id" };
        var command = new Command("rm", "End batch jobs: delete them from the scheduler, or stop them from being submitted") { ids, schedulerId };
        command.SetAction(async (parse, ct) =>
        {
            var givenIds = parse.GetValue(ids) ?? [];
            var givenSchedulerId = parse.GetValue(schedulerId);
            if (givenIds.Length == 0 && givenSchedulerId is null)
            {
                throw new CliUserException("Name the batch jobs to end: give their ids, or --scheduler-id ID.");
            }

            await using var client = await context.ConnectAsync(ct);
            var targets = new List<BatchJob>();
            var missing = 0;
            foreach (var id in givenIds.Distinct())
            {
                try
                {
                    targets.Add(await client.BatchJobs.GetAsync(id, ct));
                }
                catch (DoesNotExistException)
                {
                    context.Error.WriteLine($"error: batch job {id} does not exist (or is not at one of your sites)");
                    missing++;
                }
            }

            if (givenSchedulerId is { } sid)
            {
                var found = await client.BatchJobs.Where(schedulerId: sid).ToListAsync(ct);
                switch (found.Count)
                {
                    case 0:
                        context.Error.WriteLine($"error: no batch job of yours has scheduler id {sid}");
                        missing++;
                        break;
                    case 1:
                        targets.Add(found[0]);
                        break;
                    default:
                        throw new CliUserException($"{found.Count} batch jobs have scheduler id {sid} (ids {string.Join(", ", found.Select(b => b.Id))}, " +
                            "at different sites): give the batch job id instead.");
                }
            }

            foreach (var batchJob in targets.DistinctBy(b => b.Id))
            {
                var before = await batchJob.RequestDeletionAsync(ct);
                context.Out.WriteLine(Outcome(batchJob, before));
            }

            return missing == 0 ? ExitCodes.Success : ExitCodes.UserError;
        });
        return command;
    }

    private static string Outcome(BatchJob batchJob, BatchJobState before)
    {
        var name = batchJob.SchedulerId is { } sid ? $"Batch job {batchJob.Id} (scheduler id {sid})" : $"Batch job {batchJob.Id}";
        return before switch
        {
            BatchJobState.Queued or BatchJobState.Running =>
                $"{name}: will be deleted from the scheduler (it was {before.Name()}; its running jobs end as RUN_TIMEOUT).",
            BatchJobState.PendingSubmission when batchJob.State == BatchJobState.Finished => $"{name}: ended before submission; it will not reach the scheduler.",
            BatchJobState.PendingSubmission => $"{name}: was being submitted; the site deletes it from the scheduler once it is there.",
            BatchJobState.PendingDeletion => $"{name}: deletion was already requested; the site is deleting it from the scheduler.",
            BatchJobState.SubmitFailed => $"{name}: already ended (submit_failed: it was never submitted); nothing to do.",
            _ => $"{name}: already finished; nothing to do.",
        };
    }
}
