using System.Text.Json.Nodes;
using Balsam.Validation;

namespace Balsam.Jobs;

/// <summary>Field rules shared by job creation and job updates.</summary>
public static class JobFieldRules
{
    public static void CheckResources(JobResources r, string prefix, ValidationCollector errors)
    {
        errors.Require(r.NumNodes >= 1, $"{prefix}num_nodes", "must be at least 1");
        errors.Require(r.RanksPerNode >= 1, $"{prefix}ranks_per_node", "must be at least 1");
        errors.Require(r.ThreadsPerRank >= 1, $"{prefix}threads_per_rank", "must be at least 1");
        errors.Require(r.ThreadsPerCore >= 1, $"{prefix}threads_per_core", "must be at least 1");
        errors.Require(r.GpusPerRank >= 0 && double.IsFinite(r.GpusPerRank), $"{prefix}gpus_per_rank", "must be zero or more");
        errors.Require(r.NodePackingCount >= 1, $"{prefix}node_packing_count", "must be at least 1");
        errors.Require(r.WallTimeMin >= 0, $"{prefix}wall_time_min", "must be zero (unknown) or more");
    }

    public static void CheckJsonObject(string? json, string field, ValidationCollector errors)
    {
        if (json is null)
        {
            return;
        }

        try
        {
            errors.Require(JsonNode.Parse(json) is JsonObject, field, "must be a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            errors.Add(field, $"must be a JSON object ({e.Message})");
        }

        errors.Require(json.Length <= Limits.SerializedPayloadMaxChars, field,
            $"must be at most {Limits.SerializedPayloadMaxChars} characters");
    }

    public static void CheckSize(string? text, string field, ValidationCollector errors) =>
        errors.Require(text is null || text.Length <= Limits.SerializedPayloadMaxChars, field,
            $"must be at most {Limits.SerializedPayloadMaxChars} characters");

    public static void CheckTags(Dictionary<string, string>? tags, string field, ValidationCollector errors)
    {
        CheckTagLimits(tags, field, errors);
        foreach (var (key, value) in tags ?? [])
        {
            errors.Require(key.Length > 0, $"{field}.{key}", $"tag keys must be 1 to {Limits.TagKeyMaxLength} characters");
        }
    }

    /// <summary>A patch speaks for one outside actor; sessions report only with their session id.</summary>
    public static void CheckActor(JobPatch patch, ValidationCollector errors)
    {
        var actor = patch.EffectiveActor;
        errors.Require(actor is States.JobActor.User or States.JobActor.Launcher or States.JobActor.Processing, "actor",
            $"must be one of User, Launcher, Processing (was {actor}); the service's own moves cannot be requested");
        errors.Require(actor is not (States.JobActor.Launcher or States.JobActor.Processing) || patch.SessionId is not null,
            "session_id", $"is required for a {actor} report: the session that holds the job");
        errors.Require(actor is not States.JobActor.User || patch.SessionId is null,
            "session_id", "is only for launcher and processing reports");
    }

    /// <summary>
    /// The size limits of a tag map (jobs' tags, batch jobs' filter tags): at most <see cref="Limits.MaxTagsPerJob"/> tags,
    /// keys up to <see cref="Limits.TagKeyMaxLength"/> and values up to <see cref="Limits.TagValueMaxLength"/> characters,
    /// <see cref="Limits.TagsSerializedMaxChars"/> in all.
    /// </summary>
    public static void CheckTagLimits(IReadOnlyDictionary<string, string>? tags, string field, ValidationCollector errors)
    {
        if (tags is null)
        {
            return;
        }

        errors.Require(tags.Count <= Limits.MaxTagsPerJob, field, $"has {tags.Count} tags; the limit is {Limits.MaxTagsPerJob}");
        var size = 0L;
        foreach (var (key, value) in tags)
        {
            var shownKey = key.Length <= 64 ? key : key[..64] + "...";
            errors.Require(key.Length <= Limits.TagKeyMaxLength, $"{field}.{shownKey}",
                $"tag keys must be 1 to {Limits.TagKeyMaxLength} characters (got {key.Length})");
            errors.Require(value.Length <= Limits.TagValueMaxLength, $"{field}.{shownKey}",
                $"tag values must be at most {Limits.TagValueMaxLength} characters (got {value.Length})");
            size += key.Length + value.Length + 6;
        }

        errors.Require(size <= Limits.TagsSerializedMaxChars, field,
            $"serialized size {size} exceeds {Limits.TagsSerializedMaxChars} characters");
    }

    public static void CheckPatch(long jobId, JobPatch patch)
    {
        var errors = new ValidationCollector($"update of job {jobId}");
        if (patch.Resources is { } resources)
        {
            CheckResources(resources, "", errors);
        }

        CheckJsonObject(patch.Data, "data", errors);
        CheckJsonObject(patch.StateData, "state_data", errors);
        CheckSize(patch.ReturnValue, "return_value", errors);
        CheckSize(patch.Exception, "exception", errors);
        CheckTags(patch.Tags, "tags", errors);
        CheckActor(patch, errors);
        if (patch.Then is { } then)
        {
            errors.Require(then.Then is null, "then.then", "a patch carries at most one follow-up change");
            errors.Require(then.SessionId == patch.SessionId && then.EffectiveActor == patch.EffectiveActor, "then",
                "must come from the same actor and session as the change it follows");
            errors.ThrowIfAny();
            CheckPatch(jobId, then);
        }

        errors.ThrowIfAny();
    }
}
