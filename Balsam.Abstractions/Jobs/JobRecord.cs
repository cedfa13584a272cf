using Balsam.States;

namespace Balsam.Jobs;

/// <summary>A job as stored: every SPEC field.</summary>
/// <remarks>
/// A record is never changed once made, its dictionaries and lists included: a change is a new record (<c>with</c> and
/// new collections), and the SDK copies what it lets a user edit. So Orleans passes records between grains, and to
/// the clients of a gateway, without deep-copying them first (a bulk create's 10,000 records cost the silo 6 % of its
/// CPU in copies that were serialized right after).
/// </remarks>
[GenerateSerializer, Immutable, Alias("balsam.JobRecord")]
public sealed record JobRecord
{
    [Id(0)] public long Id { get; init; }

    [Id(1)] public long SiteId { get; init; }

    [Id(2)] public long AppId { get; init; }

    [Id(3)] public required string AppName { get; init; }

    [Id(4)] public required string Workdir { get; init; }

    [Id(5)] public Dictionary<string, string> Parameters { get; init; } = [];

    [Id(6)] public Dictionary<string, string> Tags { get; init; } = [];

    /// <summary>A JSON object.</summary>
    [Id(7)] public string Data { get; init; } = "{}";

    [Id(8)] public int? ReturnCode { get; init; }

    [Id(9)] public JobResources Resources { get; init; } = JobResources.Default;

    [Id(10)] public List<long> ParentIds { get; init; } = [];

    [Id(11)] public JobState State { get; init; }

    /// <summary>The data of the last transition (a JSON object).</summary>
    [Id(12)] public string StateData { get; init; } = "{}";

    [Id(13)] public DateTimeOffset LastUpdate { get; init; }

    [Id(14)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The batch job it most recently ran in.</summary>
    [Id(15)] public long? BatchJobId { get; init; }

    /// <summary>The session that holds the job (the lease), if any.</summary>
    [Id(16)] public long? SessionId { get; init; }

    [Id(17)] public bool PendingFileCleanup { get; init; } = true;

    /// <summary>The serialized return value of a <c>Run</c> app.</summary>
    [Id(18)] public string? ReturnValue { get; init; }

    /// <summary>The serialized exception of a <c>Run</c> app.</summary>
    [Id(19)] public string? Exception { get; init; }

    /// <summary>Stage-in items not yet done.</summary>
    [Id(20)] public int PendingStageIn { get; init; }

    /// <summary>Stage-out items not yet done.</summary>
    [Id(21)] public int PendingStageOut { get; init; }

    /// <summary>Concurrency version: raised by every write.</summary>
    [Id(22)] public long Version { get; init; }

    /// <summary>
    /// The hooks its app overrode when the job was created (they decide which default hooks the service skips); null
    /// for jobs stored before this was recorded.
    /// </summary>
    [Id(23)] public Apps.AppHooks? Hooks { get; init; }
}
