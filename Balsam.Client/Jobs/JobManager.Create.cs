using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Balsam.Client.Apps;
using Balsam.Client.Sites;
using Balsam.Apps;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.Sites;
using Balsam.Validation;

namespace Balsam.Client.Jobs;

/// <summary>Making jobs: unsaved ones to bulk create, submits, creates.</summary>
public sealed partial class JobManager
{
    /// <summary>
    /// A new, unsaved job of a local app class, for <see cref="BulkCreateAsync(IEnumerable{Job}, CancellationToken)"/>
    /// (the twin of Balsam's <c>submit(..., save=False)</c>).
    /// </summary>
    /// <typeparam name="TApp">The app class (synced when the site does not hold its definition).</typeparam>
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
            Data = options.Data is { } data ? (JsonObject)data.DeepClone() : [],
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
    /// Creates many jobs in one round trip per <see cref="BulkCreateChunk"/> jobs. A job that breaks a rule anywhere in
    /// the list (a later chunk included) means none is created: every chunk is checked before the first is sent. The
    /// given instances get their ids and states (and their workdirs in normal form), and are returned in the same order.
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

    private async Task<IReadOnlyList<JobRecord>> CreateSpecsAsync(List<JobSpec> specs, CancellationToken cancellationToken)
    {
        if (specs.Count > BulkCreateChunk)
        {
            await CheckAllBeforeSendingAsync(specs, cancellationToken);
        }

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

    /// <summary>
    /// Makes a call that needs several chunks all or nothing as far as the jobs themselves decide: every job is checked
    /// against its app and site with the service's own rules (<see cref="JobSpecValidator"/>, so a workdir used twice
    /// in different chunks is found too), and every parent must exist, before the first chunk is sent. The service checks
    /// each chunk again when it creates it.
    /// </summary>
    private async Task CheckAllBeforeSendingAsync(List<JobSpec> specs, CancellationToken cancellationToken)
    {
        var sites = new Dictionary<long, SiteInfo?>();
        foreach (var siteId in specs.Select(s => s.SiteId).Distinct())
        {
            sites[siteId] = await _client.Cluster.GetGrain<ISiteGrain>(siteId).FindAsync().WaitAsync(cancellationToken);
        }

        var apps = new Dictionary<(long, string), AppInfo?>();
        foreach (var key in specs.Select(s => (s.SiteId, s.AppName)).Distinct())
        {
            apps[key] = sites[key.SiteId] is { } site && site.AppNames.Contains(key.AppName)
                ? await _client.Cluster.GetGrain<IAppGrain>(AppKey.For(key.SiteId, key.AppName)).FindAsync().WaitAsync(cancellationToken)
                : null;
        }

        JobSpecValidator.Validate(specs, (site, app) => apps[(site, app)], site => sites[site]);

        var parents = specs.SelectMany(s => s.ParentIds).Distinct().ToList();
        var found = new HashSet<long>();
        for (var start = 0; start < parents.Count; start += JobQuery.MaxPageSize)
        {
            var page = parents.GetRange(start, Math.Min(JobQuery.MaxPageSize, parents.Count - start));
            if (await Service.CountAsync(new JobQuery { Ids = page }).WaitAsync(cancellationToken) == page.Count)
            {
                found.UnionWith(page);
                continue;
            }

            var existing = await Service.QueryAsync(new JobQuery { Ids = page, Limit = page.Count }).WaitAsync(cancellationToken);
            found.UnionWith(existing.Select(j => j.Id));
        }

        var errors = new ValidationCollector($"bulk create of {specs.Count} jobs (nothing was created)");
        for (var i = 0; i < specs.Count; i++)
        {
            var missing = specs[i].ParentIds.Where(id => !found.Contains(id)).ToList();
            errors.Require(missing.Count == 0, $"jobs[{i}].parent_ids",
                $"no job with id {string.Join(", ", missing)}; parents must exist before their children");
        }

        errors.ThrowIfAny();
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
