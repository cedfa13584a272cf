using Balsam.Client.Queries;
using Balsam.Client.Sites;
using Balsam.States;

namespace Balsam.Client.Events;

/// <summary>
/// The state changes of the user's jobs, one event per change (including the automatic ones).
/// <code>
/// var history = await balsam.Events.Where(jobId: job.Id).ToListAsync();
/// </code>
/// </summary>
public sealed class EventManager
{
    private readonly BalsamClient _client;

    internal EventManager(BalsamClient client) => _client = client;

    /// <summary>A query over all events of the user's jobs, oldest first.</summary>
    /// <returns>The query.</returns>
    public EventsQuery All() => new(_client);

    /// <summary>A query over events; see <see cref="EventsQuery.Where"/>.</summary>
    /// <param name="jobId">Events of this job.</param>
    /// <param name="jobIds">Events of any of these jobs.</param>
    /// <param name="site">Events of jobs at this site.</param>
    /// <param name="batchJobId">Events of jobs that last ran in this batch job.</param>
    /// <param name="tags">Events of jobs with all of these tags.</param>
    /// <param name="fromState">Changes from this state.</param>
    /// <param name="toState">Changes to this state.</param>
    /// <param name="after">Changes after this time.</param>
    /// <param name="before">Changes before this time.</param>
    /// <param name="schedulerId">Events of jobs that last ran in the batch job the scheduler knows by this id.</param>
    /// <returns>The query.</returns>
    public EventsQuery Where(
        long? jobId = null,
        IEnumerable<long>? jobIds = null,
        SiteRef? site = null,
        long? batchJobId = null,
        Dictionary<string, string>? tags = null,
        JobState? fromState = null,
        JobState? toState = null,
        DateTimeOffset? after = null,
        DateTimeOffset? before = null,
        long? schedulerId = null) =>
        All().Where(jobId, jobIds, site, batchJobId, tags, fromState, toState, after, before, schedulerId);
}
