using Balsam.BatchJobs;
using Balsam.Client.Queries;
using Balsam.Client.Sites;
using Balsam.Errors;

namespace Balsam.Client.BatchJobs;

/// <summary>
/// The user's batch jobs: allocations requested from the schedulers of the user's sites, which run launchers.
/// <code>
/// var bj = await balsam.BatchJobs.CreateAsync(new BatchJobRequest
/// {
///     Site = "polaris", NumNodes = 2, WallTimeMin = 30, JobMode = JobMode.Mpi, Queue = "debug", Project = "p",
/// });
/// var active = await balsam.BatchJobs.Where(site: "polaris", states: BatchJobStateNames.Active).ToListAsync();
/// await balsam.BatchJobs.Where(queue: "debug").RequestDeletionAsync();
/// </code>
/// </summary>
public sealed class BatchJobManager
{
    private readonly BalsamClient _client;

    internal BatchJobManager(BalsamClient client) => _client = client;

    /// <summary>
    /// The batch job service grain: direct access for the site runtime and tools (queries over every site, counts).
    /// Applications should use <see cref="Where"/> and the other members, which check the user's scope.
    /// </summary>
    public IBatchJobServiceGrain Service => _client.Cluster.GetGrain<IBatchJobServiceGrain>(0);

    /// <summary>
    /// Creates a batch job in <c>pending_submission</c>; the site's scheduler service submits it. It is checked first
    /// against the site's settings (allowed queues with their node and wall-time limits, allowed projects, optional
    /// parameters) and its own shape (partitions adding up to the node count).
    /// </summary>
    /// <param name="request">The site and the allocation.</param>
    /// <param name="cancellationToken">Cancels the wait (the batch job may still be created).</param>
    /// <returns>The created batch job.</returns>
    /// <exception cref="BalsamValidationException">A field breaks a rule; every broken rule is named (<c>queue</c>, <c>num_nodes</c>, ...).</exception>
    /// <exception cref="DoesNotExistException">The user has no such site.</exception>
    public async Task<BatchJob> CreateAsync(BatchJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var siteRef = request.Site ?? throw new BalsamValidationException("batch job", "site", "must name a site (a name, an id or a site)");
        var site = await _client.Sites.FindAsync(siteRef, cancellationToken)
            ?? throw new DoesNotExistException("Site", siteRef.ToString());
        return new BatchJob(_client, await Service.CreateAsync(request.ToSpec(site.Id)).WaitAsync(cancellationToken));
    }

    /// <summary>Creates a batch job from the service's own spec (the site by id).</summary>
    /// <param name="spec">The spec; its site must be one of the user's.</param>
    /// <param name="cancellationToken">Cancels the wait (the batch job may still be created).</param>
    /// <returns>The created batch job.</returns>
    /// <exception cref="BalsamValidationException">A field breaks a rule; every broken rule is named.</exception>
    /// <exception cref="DoesNotExistException">The user has no site with that id.</exception>
    public async Task<BatchJob> CreateAsync(BatchJobSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = await _client.Sites.FindAsync(spec.SiteId).WaitAsync(cancellationToken)
            ?? throw new DoesNotExistException("Site", $"#{spec.SiteId}");
        return new BatchJob(_client, await Service.CreateAsync(spec).WaitAsync(cancellationToken));
    }

    /// <summary>A query over all of the user's batch jobs, by id.</summary>
    /// <returns>The query.</returns>
    public BatchJobsQuery All() => new(_client);

    /// <summary>A query over the user's batch jobs; see <see cref="BatchJobsQuery.Where"/> for the filters.</summary>
    /// <param name="id">One batch job id.</param>
    /// <param name="ids">Any of these ids; an empty list matches nothing.</param>
    /// <param name="site">Batch jobs of this site: a name, an id or a site.</param>
    /// <param name="state">One state.</param>
    /// <param name="states">Any of these states (e.g. <see cref="BatchJobStateNames.Active"/>).</param>
    /// <param name="schedulerId">The batch job the scheduler knows by this id.</param>
    /// <param name="queue">Batch jobs in this scheduler queue.</param>
    /// <param name="filterTags">Batch jobs whose filter tags contain all of these.</param>
    /// <param name="startTimeAfter">Started after this time.</param>
    /// <param name="startTimeBefore">Started before this time.</param>
    /// <param name="endTimeAfter">Ended after this time.</param>
    /// <param name="endTimeBefore">Ended before this time.</param>
    /// <returns>The query.</returns>
    public BatchJobsQuery Where(
        long? id = null,
        IEnumerable<long>? ids = null,
        SiteRef? site = null,
        BatchJobState? state = null,
        IEnumerable<BatchJobState>? states = null,
        long? schedulerId = null,
        string? queue = null,
        Dictionary<string, string>? filterTags = null,
        DateTimeOffset? startTimeAfter = null,
        DateTimeOffset? startTimeBefore = null,
        DateTimeOffset? endTimeAfter = null,
        DateTimeOffset? endTimeBefore = null) =>
        All().Where(id, ids, site, state, states, schedulerId, queue, filterTags, startTimeAfter, startTimeBefore, endTimeAfter, endTimeBefore);

    /// <summary>All batch jobs ordered by a field, ascending.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The query.</returns>
    public BatchJobsQuery OrderBy(BatchJobField field) => All().OrderBy(field);

    /// <summary>All batch jobs ordered by a field, descending.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The query.</returns>
    public BatchJobsQuery OrderByDescending(BatchJobField field) => All().OrderByDescending(field);

    /// <summary>One of the user's batch jobs by id.</summary>
    /// <param name="id">The batch job id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The batch job.</returns>
    /// <exception cref="DoesNotExistException">The user has no batch job with that id.</exception>
    public Task<BatchJob> GetAsync(long id, CancellationToken cancellationToken = default) => Where(id: id).GetAsync(cancellationToken);

    internal IBatchJobGrain GrainOf(long id) => _client.Cluster.GetGrain<IBatchJobGrain>(id);
}
