using System.Text.RegularExpressions;
using Balsam.Client.Apps;
using Balsam.Client.Queries;
using Balsam.Client.Sites;
using Balsam.Errors;
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

    /// <summary>
    /// A new, unsaved job of a local app class, for <see cref="BulkCreateAsync(IEnumerable{Job}, CancellationToken)"/>
    /// (the twin of Balsam's <c>submit(..., save=False)</c>).
    /// </summary>
    /// <typeparam name="TApp">The app class (synced on first use).</typeparam>
    /// <param name="workdir">The workdir, relative to the site's <c>data/</c> folder.</param>
    /// <param name="parameters">The parameters: an anonymous object (<c>new { x = 5 }</c>) or a dictionary.</param>
    /// <param name="options">Tags, data, resources, parents, transfers.</param>
    /// <returns>The unsaved job.</returns>
    public Job New<TApp>(string workdir, object? parameters = null, JobOptions? options = null) where TApp : ApplicationDefinition =>
        New(AppRef.Of<TApp>(), workdir, parameters, options);

    /// <summary>A new, unsaved job of any app (a name, id, class or handle).</summary>
    /// <param name="app">The app.</param>
    /// <param name="workdir">The workdir, relative to the site's <c>data/</c> folder.</param>
    /// <param name="parameters">The parameters: an anonymous object (<c>new { x = 5 }</c>) or a dictionary.</param>
    /// <param name="options">Tags, data, resources, parents, transfers.</param>
    /// <returns>The unsaved job.</returns>
    public Job New(AppRef app, string workdir, object? parameters = null, JobOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        options ??= new JobOptions();
        return new Job(_client)
        {
            App = app,
            Site = options.Site,
            Workdir = workdir,
            Parameters = JobParameters.From(parameters),
            Tags = new(options.Tags),
            Data = options.Data is { } data ? (System.Text.Json.Nodes.JsonObject)data.DeepClone() : [],
            NumNodes = options.NumNodes,
            RanksPerNode = options.RanksPerNode,
            ThreadsPerRank = options.ThreadsPerRank,
            ThreadsPerCore = options.ThreadsPerCore,
            GpusPerRank = options.GpusPerRank,
            NodePackingCount = options.NodePackingCount,
            WallTimeMin = options.WallTimeMin,
            LaunchParams = new(options.LaunchParams),
            ParentIds = [.. options.ParentIds],
            Transfers = new(options.Transfers),
        };
    }

    /// <summary>Creates a job of a local app class, syncing the class first if this client has not yet.</summary>
    /// <typeparam name="TApp">The app class.</typeparam>
    /// <param name="workdir">The workdir, relative to the site's <c>data/</c> folder.</param>
    /// <param name="parameters">The parameters: an anonymous object (<c>new { x = 5 }</c>) or a dictionary.</param>
    /// <param name="options">Tags, data, resources, parents, transfers.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The created job.</returns>
    /// <exception cref="BalsamValidationException">The job breaks a rule (a missing parameter, a bad workdir, ...).</exception>
    public Task<Job> SubmitAsync<TApp>(string workdir, object? parameters = null, JobOptions? options = null,
        CancellationToken cancellationToken = default) where TApp : ApplicationDefinition =>
        CreateAsync(New<TApp>(workdir, parameters, options), cancellationToken);

    /// <summary>Creates a job of any app (a name, id, class or handle).</summary>
    /// <param name="app">The app.</param>
    /// <param name="workdir">The workdir, relative to the site's <c>data/</c> folder.</param>
    /// <param name="parameters">The parameters: an anonymous object (<c>new { x = 5 }</c>) or a dictionary.</param>
    /// <param name="options">Tags, data, resources, parents, transfers.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The created job.</returns>
    public Task<Job> SubmitAsync(AppRef app, string workdir, object? parameters = null, JobOptions? options = null,
        CancellationToken cancellationToken = default) =>
        CreateAsync(New(app, workdir, parameters, options), cancellationToken);

    /// <summary>Creates a job from a <see cref="Job"/> made locally; the same instance gets its id and state.</summary>
    /// <param name="job">The new job.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The job, created.</returns>
    public async Task<Job> CreateAsync(Job job, CancellationToken cancellationToken = default) =>
        (await BulkCreateAsync([job], cancellationToken))[0];

    /// <summary>Creates a job from a wire-level spec.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The created job.</returns>
    public async Task<Job> CreateAsync(JobSpec spec, CancellationToken cancellationToken = default) =>
        (await BulkCreateAsync([spec], cancellationToken))[0];

    /// <summary>
    /// Creates many jobs in one round trip per <see cref="BulkCreateChunk"/> jobs; each chunk is all or nothing. The
    /// given instances get their ids and states, and are returned in the same order.
    /// </summary>
    /// <param name="jobs">New jobs (e.g. from <see cref="New{TApp}"/>).</param>
    /// <param name="cancellationToken">Cancels between chunks.</param>
    /// <returns>The jobs, created.</returns>
    /// <exception cref="BalsamValidationException">A job breaks a rule; fields are named <c>jobs[i].field</c> with i the index in <paramref name="jobs"/>.</exception>
    public async Task<IReadOnlyList<Job>> BulkCreateAsync(IEnumerable<Job> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var list = jobs.ToList();
        var apps = new Dictionary<(AppRef, SiteRef?), AppHandle>();
        var specs = new List<JobSpec>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var job = list[i] ?? throw new ArgumentException($"jobs[{i}] is null", nameof(jobs));
            if (!job.IsNew)
            {
                throw new InvalidOperationException($"jobs[{i}] (job {job.Id}) exists already; save changes with SaveAsync");
            }

            var app = job.App ?? throw new BalsamValidationException(list.Count == 1 ? "job" : "bulk create", Field(i, list.Count, "app"),
                "is not set: name the app (a name, an id or a class)");
            if (!apps.TryGetValue((app, job.Site), out var handle))
            {
                handle = await _client.Apps.LoadAsync(app, job.Site, cancellationToken);
                apps[(app, job.Site)] = handle;
            }

            specs.Add(job.ToSpec(handle.SiteId, handle.Name));
        }

        var records = await CreateSpecsAsync(specs, cancellationToken);
        for (var i = 0; i < list.Count; i++)
        {
            list[i].BindIfUnbound(_client);
            list[i].Apply(records[i]);
        }

        return list;
    }

    /// <summary>Creates many jobs from wire-level specs, one round trip per <see cref="BulkCreateChunk"/>.</summary>
    /// <param name="specs">The specs.</param>
    /// <param name="cancellationToken">Cancels between chunks.</param>
    /// <returns>The created jobs, in order.</returns>
    public async Task<IReadOnlyList<Job>> BulkCreateAsync(IEnumerable<JobSpec> specs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var owned = (await _client.Sites.ListAsync().WaitAsync(cancellationToken)).Select(s => s.Id).ToHashSet();
        var list = specs.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!owned.Contains(list[i].SiteId))
            {
                throw new BalsamValidationException(list.Count == 1 ? "job" : "bulk create", Field(i, list.Count, "site_id"),
                    $"the user has no site {list[i].SiteId}");
            }
        }

        return [.. (await CreateSpecsAsync(list, cancellationToken)).Select(r => new Job(_client, r))];
    }

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

    private async Task<IReadOnlyList<JobRecord>> CreateSpecsAsync(List<JobSpec> specs, CancellationToken cancellationToken)
    {
        var records = new List<JobRecord>(specs.Count);
        for (var start = 0; start < specs.Count; start += BulkCreateChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = specs.GetRange(start, Math.Min(BulkCreateChunk, specs.Count - start));
            try
            {
                records.AddRange(await Service.CreateAsync(chunk));
            }
            catch (BalsamValidationException e) when (specs.Count > chunk.Count)
            {
                var problems = e.Problems.Select(p => p with { Field = Reindexed(p.Field, start, chunk.Count) }).ToList();
                var created = start == 0 ? "nothing was created" : $"jobs[0..{start - 1}] were created";
                throw new BalsamValidationException($"bulk create of {specs.Count} jobs ({created})", problems);
            }
        }

        return records;
    }

    private static string Field(int index, int count, string field) => count == 1 ? field : $"jobs[{index}].{field}";

    /// <summary>Turns a chunk's <c>jobs[i].field</c> into the caller's index.</summary>
    private static string Reindexed(string field, int start, int chunkCount)
    {
        if (chunkCount == 1)
        {
            return $"jobs[{start}].{field}";
        }

        var match = Regex.Match(field, @"^jobs\[(\d+)\]");
        return match.Success ? $"jobs[{int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + start}]{field[match.Length..]}" : field;
    }
}
