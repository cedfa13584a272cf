using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Jobs;

namespace Balsam.States;

/// <summary>
/// Decides what a requested state change stores (SPEC §2 "Server rules"): checks the transition table, applies the
/// server's rewrites, and skips the no-op hooks of apps that keep the defaults. Pure: it reads and writes nothing.
/// </summary>
public static class JobStateMachine
{
    public const string SkippedStageIn = "Skipped stage in";
    public const string SkippedStageOut = "Skipped stage out";
    public const string SkippedPreprocess = "Skipped preprocess (default hook)";
    public const string SkippedPostprocess = "Skipped postprocess (default hook)";

    /// <summary>
    /// Applies a transition that <paramref name="actor"/> asks for. Asking for the current state changes nothing and
    /// writes no event; a move the table lacks is <see cref="InvalidTransitionException"/>, one the table gives to
    /// somebody else is <see cref="TransitionNotPermittedException"/>.
    /// </summary>
    public static TransitionResult Apply(
        long jobId, JobState from, JobState requested, string? data, DateTimeOffset timestamp, TransitionContext context,
        JobActor actor)
    {
        if (requested == from)
        {
            return new TransitionResult(from, [], false);
        }

        if (!JobTransitions.IsAllowed(from, requested))
        {
            throw new InvalidTransitionException(jobId, from, requested);
        }

        if (!JobTransitions.MayMove(actor, from, requested))
        {
            throw new TransitionNotPermittedException(jobId, from, requested, actor);
        }

        var events = new List<JobEvent>();
        var releaseStageOut = false;
        var state = Step(jobId, from, requested, data, timestamp, context, events, ref releaseStageOut);
        return new TransitionResult(state, events, releaseStageOut);
    }

    /// <summary>The state a new job rests in, and its creation events (SPEC §2 "Initial state on create").</summary>
    public static TransitionResult Initial(long jobId, bool parentsFinished, int stageInItems, AppHooks hooks, DateTimeOffset timestamp)
    {
        var requested = !parentsFinished ? JobState.AwaitingParents
            : stageInItems > 0 ? JobState.Ready
            : JobState.StagedIn;
        return Apply(jobId, JobState.Created, requested, null, timestamp, new TransitionContext(stageInItems, 0, hooks), JobActor.Server);
    }

    private static JobState Step(
        long jobId, JobState from, JobState requested, string? data, DateTimeOffset timestamp, TransitionContext context,
        List<JobEvent> events, ref bool releaseStageOut)
    {
        var (stored, message) = Rewrite(requested, context);
        if (stored == JobState.Postprocessed)
        {
            releaseStageOut = true;
        }

        events.Add(new JobEvent(jobId, timestamp, from, stored, WithMessage(data, message)));

        // (ours) Default hooks do nothing but move the job on, so the server does it at once.
        if (stored == JobState.StagedIn && !context.Hooks.HasFlag(AppHooks.Preprocess))
        {
            events.Add(new JobEvent(jobId, timestamp, JobState.StagedIn, JobState.Preprocessed, WithMessage(null, SkippedPreprocess)));
            return JobState.Preprocessed;
        }

        if (stored == JobState.RunDone && !context.Hooks.HasFlag(AppHooks.Postprocess))
        {
            return Step(jobId, JobState.RunDone, JobState.Postprocessed, WithMessage(null, SkippedPostprocess), timestamp,
                context, events, ref releaseStageOut);
        }

        return stored;
    }

    /// <summary>The states a request for <paramref name="requested"/> may have been stored as (itself, or its rewrite).</summary>
    public static JobState[] StoredAs(JobState requested) => requested switch
    {
        JobState.Ready => [JobState.Ready, JobState.StagedIn],
        JobState.Postprocessed or JobState.StagedOut => [requested, JobState.JobFinished],
        _ => [requested],
    };

    private static (JobState Stored, string? Message) Rewrite(JobState requested, TransitionContext context) => requested switch
    {
        JobState.Ready when context.PendingStageIn == 0 => (JobState.StagedIn, SkippedStageIn),
        JobState.Postprocessed when context.PendingStageOut == 0 => (JobState.JobFinished, SkippedStageOut),
        JobState.StagedOut => (JobState.JobFinished, null),
        _ => (requested, null),
    };

    /// <summary>Adds <c>message</c> to a JSON object of event data (the server's message wins over a caller's).</summary>
    public static string WithMessage(string? data, string? message)
    {
        if (message is null)
        {
            return string.IsNullOrWhiteSpace(data) ? "{}" : data;
        }

        var node = string.IsNullOrWhiteSpace(data) ? new JsonObject() : JsonNode.Parse(data) as JsonObject ?? new JsonObject();
        node["message"] = message;
        return node.ToJsonString();
    }

    /// <summary>The event-data key naming the session whose report made a change (so a resent report is recognised).</summary>
    public const string SessionKey = "session_id";

    /// <summary>Adds the reporting session to a JSON object of event data.</summary>
    public static string WithSession(string? data, long sessionId)
    {
        var node = string.IsNullOrWhiteSpace(data) ? new JsonObject() : JsonNode.Parse(data) as JsonObject ?? new JsonObject();
        node[SessionKey] = sessionId;
        return node.ToJsonString();
    }
}
