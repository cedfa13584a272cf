using Balsam.Jobs;
using Balsam.Silo.Rest.Core;

namespace Balsam.Silo.Rest.Jobs;

/// <summary>
/// What a JSON <c>null</c> in a job update means, as in Balsam: a nullable job field (<c>return_code</c>,
/// <c>batch_job_id</c>, optional in Balsam's <c>JobOut</c>) is cleared; <c>state_timestamp</c> and <c>state_data</c>
/// (a state change's event, which Balsam's own site services send as null) mean "not given"; any other field cannot be
/// null and the request is a 422 naming it. An absent field always leaves the job's value unchanged.
/// </summary>
public static class JobUpdateNulls
{
    /// <summary>The nullable job fields, by JSON name.</summary>
    public static readonly IReadOnlyDictionary<string, JobClearableFields> Clearable = new Dictionary<string, JobClearableFields>
    {
        ["return_code"] = JobClearableFields.ReturnCode,
        ["batch_job_id"] = JobClearableFields.BatchJobId,
    };

    /// <summary>Fields for which null is the same as absent.</summary>
    public static readonly IReadOnlySet<string> NullMeansAbsent = new HashSet<string> { "state_timestamp", "state_data" };

    /// <summary>The fields an update clears.</summary>
    public static JobClearableFields Cleared(JobUpdateIn update) =>
        update.SentNulls.Aggregate(JobClearableFields.None, (clear, name) => clear | Clearable.GetValueOrDefault(name));

    /// <summary>Throws a 422 naming every field of the updates sent as null that cannot be null.</summary>
    /// <param name="updates">The updates of one request.</param>
    /// <param name="indexed">Whether the body is a list (its location then names the item's index).</param>
    internal static void ThrowIfRefused(IReadOnlyList<JobUpdateIn> updates, bool indexed)
    {
        var errors = new List<RestSchemaError>();
        for (var i = 0; i < updates.Count; i++)
        {
            foreach (var name in updates[i].SentNulls.Where(n => !Clearable.ContainsKey(n) && !NullMeansAbsent.Contains(n)).Order())
            {
                errors.Add(new RestSchemaError(indexed ? ["body", i, name] : ["body", name],
                    $"{name} cannot be null (only {string.Join(" and ", Clearable.Keys)} can be cleared with null)", "type_error.none.not_allowed"));
            }
        }

        if (errors.Count > 0)
        {
            throw new RestSchemaException(errors);
        }
    }
}
