using Balsam.BatchJobs;
using Balsam.Errors;

namespace Balsam.States;

/// <summary>
/// The one table of batch-job state changes (SPEC §1, §4 scheduler service). A change not in the table is refused with a
/// clear error, except that pending_deletion holds: a mirrored scheduler state other than finished leaves it in place,
/// so a deletion the user asked for is never undone by a sync that crossed it.
/// </summary>
public static class BatchJobLifecycle
{
    /// <summary>from -> the states it may move to (besides staying put).</summary>
    public static IReadOnlyDictionary<BatchJobState, BatchJobState[]> Allowed { get; } = new Dictionary<BatchJobState, BatchJobState[]>
    {
        //  from                                 to
        [BatchJobState.PendingSubmission] = [BatchJobState.Queued, BatchJobState.Running, BatchJobState.Finished, BatchJobState.SubmitFailed, BatchJobState.PendingDeletion],
        [BatchJobState.Queued] = [BatchJobState.Running, BatchJobState.Finished, BatchJobState.SubmitFailed, BatchJobState.PendingDeletion],
        [BatchJobState.Running] = [BatchJobState.Queued, BatchJobState.Finished, BatchJobState.PendingDeletion],
        [BatchJobState.PendingDeletion] = [BatchJobState.Finished, BatchJobState.SubmitFailed],
        [BatchJobState.Finished] = [],
        [BatchJobState.SubmitFailed] = [],
    };

    /// <summary>The batch job after <paramref name="patch"/>, or <see cref="BalsamValidationException"/> naming the rule.</summary>
    public static BatchJobRecord Apply(BatchJobRecord current, BatchJobPatch patch, DateTimeOffset now)
    {
        if (patch.ExpectedState is { } expected && expected != current.State)
        {
            throw new BalsamValidationException($"batch job {current.Id}", "state", $"is {current.State.Name()}, not {expected.Name()} as the change expects");
        }

        if (patch.StatusInfo?.ContainsKey(SubmittingKey) == true && current.StatusInfo.ContainsKey(SubmittingKey))
        {
            throw new BalsamValidationException($"batch job {current.Id}", "state",
                $"is already being submitted (since {current.StatusInfo[SubmittingKey]})");
        }

        var state = current.State;
        if (patch.State is { } wanted && wanted != state)
        {
            if (Allowed[state].Contains(wanted))
            {
                state = wanted;
            }
            else if (state != BatchJobState.PendingDeletion)
            {
                throw new BalsamValidationException($"batch job {current.Id}", "state",
                    $"cannot move from {state.Name()} to {wanted.Name()} (allowed: " +
                    $"{(Allowed[state].Length == 0 ? "none, it has ended" : string.Join(", ", Allowed[state].Select(s => s.Name())))})");
            }
        }

        var statusInfo = new Dictionary<string, string>(current.StatusInfo);
        foreach (var (key, value) in patch.StatusInfo ?? [])
        {
            statusInfo[key] = value;
        }

        var startTime = patch.StartTime ?? current.StartTime;
        if (state == BatchJobState.Running && startTime is null)
        {
            startTime = now;
        }

        var endTime = patch.EndTime ?? current.EndTime;
        if (state == BatchJobState.Finished && endTime is null && startTime is not null)
        {
            endTime = now;
        }

        return current with
        {
            State = state,
            SchedulerId = patch.SchedulerId ?? current.SchedulerId,
            StatusInfo = statusInfo,
            StartTime = startTime,
            EndTime = endTime,
            LastUpdate = now,
        };
    }

    /// <summary>The status-info key the site sets just before it calls the scheduler.</summary>
    public const string SubmittingKey = "submitting";

    /// <summary>
    /// What <c>queue rm</c> does: one the site has not started to submit ends at once; one being submitted, queued or
    /// running becomes pending_deletion and the site deletes it from the scheduler; an ended one is left as it is.
    /// </summary>
    public static BatchJobPatch DeletionRequest(BatchJobRecord current, DateTimeOffset now) => current.State switch
    {
        BatchJobState.PendingSubmission when !current.StatusInfo.ContainsKey(SubmittingKey) => new BatchJobPatch
        {
            State = BatchJobState.Finished,
            ExpectedState = BatchJobState.PendingSubmission,
            StatusInfo = new() { ["deletion"] = $"ended at {now:O}, before it was submitted" },
        },
        BatchJobState.PendingSubmission or BatchJobState.Queued or BatchJobState.Running => new BatchJobPatch
        {
            State = BatchJobState.PendingDeletion,
            StatusInfo = new() { ["deletion"] = $"asked at {now:O}" },
        },
        _ => new BatchJobPatch(),
    };
}
