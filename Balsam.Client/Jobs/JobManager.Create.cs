using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Balsam.Client.Apps;
using Balsam.Client.Sites;
using Balsam.Errors;
using Balsam.Jobs;

namespace Balsam.Client.Jobs;

/// <summary>Making jobs: unsaved ones to bulk create, submits, creates.</summary>
public sealed partial class JobManager
{
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
