using Balsam.Client.Apps;
using Balsam.Client.Queries;
using Balsam.Client.Sites;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Client.Jobs;

/// <summary>
/// The user's jobs: create (one, or many in few round trips), query, and wait for.
/// <code>
/// var job = await balsam.Jobs.SubmitAsync&lt;Adder&gt;("add/1", new { x = 5, y = 5 });
/// int sum = await job.ResultAsync&lt;int&gt;(TimeSpan.FromMinutes(5));
///
/// var batch = Enumerable.Range(0, 1000).Select(i => balsam.Jobs.New&lt;Adder&gt;($"add/{i}", new { x = i, y = 1 }));
/// var created = await balsam.Jobs.BulkCreateAsync(batch);
/// await foreach (var done in balsam.Jobs.AsCompleted(created)) Console.WriteLine(await done.ResultAsync&lt;int&gt;());
/// </code>
/// </summary>
public sealed partial class JobManager
{
    /// <summary>Jobs sent per bulk-create round trip.</summary>
    public const int BulkCreateChunk = 10_000;

    private readonly BalsamClient _client;

    internal JobManager(BalsamClient client) => _client = client;

    internal IJobServiceGrain Service => _client.Cluster.GetGrain<IJobServiceGrain>(0);

    /// <summary>The most jobs one bulk update or delete by query may match on the service (its page limit).</summary>
    internal int BulkQueryCap { get; set; } = JobQuery.MaxPageSize;

    /// <summary>A query over all of the user's jobs.</summary>
    /// <returns>The query.</returns>
    public JobsQuery All() => new(_client);

    /// <summary>A query over the user's jobs; see <see cref="JobsQuery.Where"/> for the filters.</summary>
    /// <param name="state">One state.</param>
    /// <param name="states">Any of these states.</param>
    /// <param name="tags">All of these tags.</param>
    /// <param name="id">One job id.</param>
    /// <param name="ids">Any of these ids; an empty list matches nothing.</param>
    /// <param name="app">The app: name, id, class or handle.</param>
    /// <param name="site">The site: name, id or site.</param>
    /// <param name="parentId">Children of this job.</param>
    /// <param name="batchJobId">Jobs that last ran in this batch job.</param>
    /// <param name="workdirContains">Jobs whose workdir contains this text.</param>
    /// <param name="parameters">Jobs with these parameter values.</param>
    /// <param name="lastUpdateAfter">Changed after this time.</param>
    /// <param name="lastUpdateBefore">Changed before this time.</param>
    /// <param name="createdAfter">Created after this time.</param>
    /// <param name="createdBefore">Created before this time.</param>
    /// <param name="pendingFileCleanup">Whether the file cleaner still has work in the workdir.</param>
    /// <param name="blockedByFailedParent">Waiting jobs with a parent that FAILED or was deleted.</param>
    /// <returns>The query.</returns>
    public JobsQuery Where(
        JobState? state = null,
        IEnumerable<JobState>? states = null,
        Dictionary<string, string>? tags = null,
        long? id = null,
        IEnumerable<long>? ids = null,
        AppRef? app = null,
        SiteRef? site = null,
        long? parentId = null,
        long? batchJobId = null,
        string? workdirContains = null,
        object? parameters = null,
        DateTimeOffset? lastUpdateAfter = null,
        DateTimeOffset? lastUpdateBefore = null,
        DateTimeOffset? createdAfter = null,
        DateTimeOffset? createdBefore = null,
        bool? pendingFileCleanup = null,
        bool? blockedByFailedParent = null) =>
        All().Where(state, states, tags, id, ids, app, site, parentId, batchJobId, workdirContains, parameters,
            lastUpdateAfter, lastUpdateBefore, createdAfter, createdBefore, pendingFileCleanup, blockedByFailedParent);

    /// <summary>All jobs ordered by a field, ascending.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The query.</returns>
    public JobsQuery OrderBy(JobField field) => All().OrderBy(field);

    /// <summary>All jobs ordered by a field, descending.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The query.</returns>
    public JobsQuery OrderByDescending(JobField field) => All().OrderByDescending(field);

    /// <summary>One of the user's jobs by id.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job.</returns>
    /// <exception cref="DoesNotExistException">The user has no job with that id.</exception>
    public Task<Job> GetAsync(long id, CancellationToken cancellationToken = default) => Where(id: id).GetAsync(cancellationToken);

    /// <summary>Saves every job with changes, a few at a time (the twin of Balsam's <c>bulk_update</c>).</summary>
    /// <param name="jobs">Jobs with changes; new ones are created.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>How many jobs were saved.</returns>
    public async Task<int> SaveAllAsync(IEnumerable<Job> jobs, CancellationToken cancellationToken = default)
    {
        var list = jobs.ToList();
        var created = list.Where(j => j.IsNew).ToList();
        if (created.Count > 0)
        {
            await BulkCreateAsync(created, cancellationToken);
        }

        var changed = list.Where(j => !created.Contains(j) && j.HasChanges).ToList();
        await Parallel.ForEachAsync(changed, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (job, token) => await job.SaveAsync(token));
        return created.Count + changed.Count;
    }

    /// <summary>Refreshes many jobs with one query per page (the twin of Balsam's <c>bulk_refresh</c>).</summary>
    /// <param name="jobs">Jobs that exist.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>A task that completes when every job is refreshed.</returns>
    /// <exception cref="DoesNotExistException">One of the jobs was deleted.</exception>
    public async Task RefreshAllAsync(IEnumerable<Job> jobs, CancellationToken cancellationToken = default)
    {
        var byId = jobs.Where(j => !j.IsNew).GroupBy(j => j.Id).ToDictionary(g => g.Key, g => g.ToList());
        var seen = new HashSet<long>();
        await foreach (var fresh in Where(ids: byId.Keys).WithCancellation(cancellationToken))
        {
            seen.Add(fresh.Id);
            byId[fresh.Id].ForEach(job => job.Apply(fresh.Stored!));
        }

        if (byId.Keys.FirstOrDefault(id => !seen.Contains(id)) is var missing and not 0)
        {
            throw new DoesNotExistException("Job", $"id {missing}");
        }
    }

    internal IJobGrain GrainOf(long id) => _client.Cluster.GetGrain<IJobGrain>(id);
}
