using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Jobs;
using Balsam.States;
using Balsam.Validation;

namespace Balsam.Silo.Rest.Jobs;

/// <summary>Maps Balsam's job rows to and from our job contracts.</summary>
public static class JobMapper
{
    /// <summary>
    /// The parameter that carries a Python job's <c>serialized_parameters</c> (Balsam's opaque base64 payload) as a JSON
    /// string; no C# parameter can have this name.
    /// </summary>
    public const string SerializedParametersKey = JobSpecValidator.SerializedParametersKey;

    public static JobOut ToOut(JobRecord job) => new()
    {
        Id = job.Id,
        AppId = job.AppId,
        Workdir = job.Workdir,
        Tags = job.Tags,
        SerializedParameters = SerializedParameters(job.Parameters),
        Data = ParseObject(job.Data),
        ReturnCode = job.ReturnCode,
        NumNodes = job.Resources.NumNodes,
        RanksPerNode = job.Resources.RanksPerNode,
        ThreadsPerRank = job.Resources.ThreadsPerRank,
        ThreadsPerCore = job.Resources.ThreadsPerCore,
        LaunchParams = job.Resources.LaunchParams,
        GpusPerRank = job.Resources.GpusPerRank,
        NodePackingCount = job.Resources.NodePackingCount,
        WallTimeMin = job.Resources.WallTimeMin,
        ParentIds = job.ParentIds,
        BatchJobId = job.BatchJobId,
        SessionId = job.SessionId,
        LastUpdate = job.LastUpdate,
        State = job.State.Name(),
        PendingFileCleanup = job.PendingFileCleanup,
        SerializedReturnValue = job.ReturnValue ?? "",
        SerializedException = job.Exception ?? "",
    };

    /// <summary>A job to create at the app's site.</summary>
    public static JobSpec ToSpec(JobCreateIn job, AppInfo app) => new()
    {
        SiteId = app.SiteId,
        AppName = app.Name,
        Workdir = job.Workdir,
        Parameters = Parameters(job),
        Tags = job.Tags ?? [],
        Data = job.Data?.ToJsonString() ?? "{}",
        Resources = new JobResources
        {
            NumNodes = job.NumNodes ?? 1,
            RanksPerNode = job.RanksPerNode ?? 1,
            ThreadsPerRank = job.ThreadsPerRank ?? 1,
            ThreadsPerCore = job.ThreadsPerCore ?? 1,
            GpusPerRank = job.GpusPerRank ?? 0,
            NodePackingCount = job.NodePackingCount ?? 1,
            WallTimeMin = job.WallTimeMin ?? 0,
            LaunchParams = job.LaunchParams ?? [],
        },
        ParentIds = [.. (job.ParentIds ?? []).Distinct()],
        Transfers = (job.Transfers ?? []).ToDictionary(t => t.Key, t => $"{t.Value.LocationAlias}:{t.Value.Path}"),
    };

    /// <summary>
    /// The change an update asks of one job, as <paramref name="actor"/> (a user, or the launcher or processing service
    /// through the <paramref name="sessionId"/> that holds the job). Resource fields not sent keep the job's values;
    /// a nullable field sent as null is cleared (<see cref="JobUpdateNulls"/>).
    /// </summary>
    public static JobPatch ToPatch(JobUpdateIn update, JobRecord current, JobActor actor, long? sessionId)
    {
        var errors = new ValidationCollector($"update of job {current.Id}");
        errors.Require(update.Workdir is null || update.Workdir == current.Workdir, "workdir", "cannot be changed after creation");
        errors.Require(update.SerializedParameters is null || update.SerializedParameters == SerializedParameters(current.Parameters),
            "serialized_parameters", "cannot be changed after creation");
        var state = update.State is null ? (JobState?)null : ParseState(update.State, errors);
        errors.ThrowIfAny();
        return new JobPatch
        {
            State = state,
            StateData = state is null ? null : update.StateData?.ToJsonString() ?? "{}",
            StateTimestamp = state is null ? null : update.StateTimestamp,
            Tags = update.Tags,
            Data = update.Data?.ToJsonString(),
            Resources = update.TouchesResources ? MergeResources(current.Resources, update) : null,
            ReturnCode = update.ReturnCode,
            BatchJobId = update.BatchJobId,
            PendingFileCleanup = update.PendingFileCleanup,
            ReturnValue = update.SerializedReturnValue,
            Exception = update.SerializedException,
            Clear = JobUpdateNulls.Cleared(update),
            SessionId = sessionId,
            Actor = actor,
        };
    }

    /// <summary>
    /// Who asks for the change. Balsam's updates do not say; ours must (the transition table has a column per actor).
    /// A job held by a session is updated by that session: a move the table gives to a launcher is the launcher's, one
    /// it gives to the site's services is the processing service's. Anything else is the user's.
    /// </summary>
    public static (JobActor Actor, long? SessionId) ActorFor(JobRecord current, JobState? target)
    {
        if (current.SessionId is not { } session || target is not { } to || to == current.State)
        {
            return (JobActor.User, null);
        }

        var who = JobTransitions.WhoMay(current.State, to);
        return who.HasFlag(JobActor.Launcher) ? (JobActor.Launcher, session)
            : who.HasFlag(JobActor.Processing) ? (JobActor.Processing, session)
            : (JobActor.User, null);
    }

    public static JobState? ParseState(string text, ValidationCollector errors)
    {
        if (JobStateNames.TryParse(text, out var state) && text == state.Name())
        {
            return state;
        }

        errors.Add("state", $"'{text}' is not a job state; use one of {string.Join(", ", Enum.GetValues<JobState>().Select(s => s.Name()))}");
        return null;
    }

    public static string SerializedParameters(IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue(SerializedParametersKey, out var literal) && JsonSerializer.Deserialize<string>(literal) is { } text
            ? text
            : "";

    private static Dictionary<string, string> Parameters(JobCreateIn job)
    {
        var parameters = (job.Parameters ?? []).ToDictionary(p => p.Key, p => p.Value?.ToJsonString() ?? "null");
        if (!string.IsNullOrEmpty(job.SerializedParameters))
        {
            parameters[SerializedParametersKey] = JsonSerializer.Serialize(job.SerializedParameters);
        }

        return parameters;
    }

    private static JobResources MergeResources(JobResources r, JobUpdateIn u) => r with
    {
        NumNodes = u.NumNodes ?? r.NumNodes,
        RanksPerNode = u.RanksPerNode ?? r.RanksPerNode,
        ThreadsPerRank = u.ThreadsPerRank ?? r.ThreadsPerRank,
        ThreadsPerCore = u.ThreadsPerCore ?? r.ThreadsPerCore,
        GpusPerRank = u.GpusPerRank ?? r.GpusPerRank,
        NodePackingCount = u.NodePackingCount ?? r.NodePackingCount,
        WallTimeMin = u.WallTimeMin ?? r.WallTimeMin,
        LaunchParams = u.LaunchParams ?? r.LaunchParams,
    };

    private static JsonObject ParseObject(string json) =>
        JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json) as JsonObject ?? [];
}
