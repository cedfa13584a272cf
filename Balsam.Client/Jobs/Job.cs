using System.Text.Json.Nodes;
using Balsam.Client.Apps;
using Balsam.Client.Queries;
using Balsam.Client.Sites;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Client.Jobs;

/// <summary>
/// One job: which app runs where, with what, on how many resources, and where it is in its life.
/// <code>
/// var job = new Job(balsam) { App = "Hello", Site = "polaris", Workdir = "hello/1", Parameters = { ["name"] = "world" } };
/// await job.SaveAsync();                 // creates it
/// job.Data["note"] = "first try";        // edit in place...
/// job.Tags["exp"] = "a";
/// await job.SaveAsync();                 // ...and only the changed fields are sent
/// </code>
/// A job made with <c>new Job()</c> saves through <see cref="BalsamClient.Default"/>; jobs from the service keep the
/// client that loaded them. Instances are not thread-safe.
/// </summary>
public sealed partial class Job
{
    private BalsamClient? _client;
    private JobRecord? _stored;
    private Dictionary<string, string> _storedTransfers = [];
    private AppRef? _app;
    private SiteRef? _site;
    private string _workdir = "";
    private JobParameters _parameters = new();
    private JsonObject _data = [];
    private JsonObject _stateData = [];

    /// <summary>A new job that saves through <see cref="BalsamClient.Default"/>.</summary>
    public Job()
    {
    }

    /// <summary>A new job that saves through <paramref name="client"/>.</summary>
    /// <param name="client">The client to create it with.</param>
    public Job(BalsamClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>
    /// The job a record read from the service describes, saving through <paramref name="client"/>: for the site runtime
    /// and tools that read records through <see cref="BalsamClient.Cluster"/>. Applications get jobs from
    /// <see cref="BalsamClient.Jobs"/>.
    /// </summary>
    /// <param name="client">The client to save and reload it with.</param>
    /// <param name="record">The job as stored.</param>
    public Job(BalsamClient client, JobRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        Apply(record);
    }

    /// <summary>The job id; 0 until the job is created.</summary>
    public long Id { get; private set; }

    /// <summary>True until the job is created (and again after it is deleted).</summary>
    public bool IsNew => _stored is null;

    /// <summary>The app: a name, an id, a local app class (<c>typeof(Adder)</c>) or a handle. Fixed once created.</summary>
    public AppRef? App
    {
        get => _app;
        set => _app = SetOnCreate(nameof(App), value);
    }

    /// <summary>The site, needed when the app is named by a name that several of the user's sites have. Fixed once created.</summary>
    public SiteRef? Site
    {
        get => _site;
        set => _site = SetOnCreate(nameof(Site), value);
    }

    /// <summary>The site's id, once the job exists.</summary>
    public long SiteId => _stored?.SiteId ?? 0;

    /// <summary>The app's id, once the job exists.</summary>
    public long AppId => _stored?.AppId ?? 0;

    /// <summary>The app's class name (known once the job exists, or when <see cref="App"/> names it).</summary>
    public string? AppName => _stored?.AppName ?? _app?.Name;

    /// <summary>The working directory, relative to the site's <c>data/</c> folder. Fixed once created.</summary>
    public string Workdir
    {
        get => _workdir;
        set => _workdir = SetOnCreate(nameof(Workdir), value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The parameters, names to JSON values. Fixed once created.</summary>
    public JobParameters Parameters
    {
        get => _parameters;
        set => _parameters = SetOnCreate(nameof(Parameters), JobParameters.From(value));
    }

    /// <summary>Labels to filter jobs by; edit in place and save.</summary>
    public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>Free data (a JSON object); edit in place and save: in-place changes are detected.</summary>
    public JsonObject Data
    {
        get => _data;
        set => _data = Detached(value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Nodes per run (default 1).</summary>
    public int NumNodes { get; set; } = 1;

    /// <summary>MPI ranks per node (default 1).</summary>
    public int RanksPerNode { get; set; } = 1;

    /// <summary>Threads per rank (default 1).</summary>
    public int ThreadsPerRank { get; set; } = 1;

    /// <summary>Hardware threads per core (default 1).</summary>
    public int ThreadsPerCore { get; set; } = 1;

    /// <summary>GPUs per rank (default 0; fractions allowed).</summary>
    public double GpusPerRank { get; set; }

    /// <summary>How many such jobs may share one node (default 1).</summary>
    public int NodePackingCount { get; set; } = 1;

    /// <summary>Runtime estimate in minutes (default 0 = unknown).</summary>
    public int WallTimeMin { get; set; }

    /// <summary>Extra options for the MPI launcher; edit in place and save.</summary>
    public Dictionary<string, string> LaunchParams { get; set; } = [];

    /// <summary>Jobs that must finish before this one runs. Fixed once created.</summary>
    public List<long> ParentIds { get; set; } = [];

    /// <summary>Transfer slot to <c>alias:/absolute/path</c>. Fixed once created.</summary>
    public Dictionary<string, string> Transfers { get; set; } = [];

    /// <summary>
    /// The state. Setting it and saving asks for a transition (e.g. <c>FAILED</c> to <c>RESTART_READY</c>); the service
    /// refuses nonsensical ones with an <see cref="InvalidTransitionException"/>.
    /// </summary>
    public JobState State { get; set; } = JobState.Created;

    /// <summary>The data of the last state change (a JSON object). Change it along with <see cref="State"/> to record why.</summary>
    public JsonObject StateData
    {
        get => _stateData;
        set => _stateData = Detached(value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>When the job last changed, once it exists.</summary>
    public DateTimeOffset? LastUpdate => _stored?.LastUpdate;

    /// <summary>When the job was created, once it exists.</summary>
    public DateTimeOffset? CreatedAt => _stored?.CreatedAt;

    /// <summary>The batch job it most recently ran in.</summary>
    public long? BatchJobId => _stored?.BatchJobId;

    /// <summary>The launcher session that holds the job, if any.</summary>
    public long? SessionId => _stored?.SessionId;

    /// <summary>The exit code of the last run.</summary>
    public int? ReturnCode { get; set; }

    /// <summary>Whether the site's file cleaner still has to delete the app's cleanup files from the workdir.</summary>
    public bool PendingFileCleanup { get; set; } = true;

    /// <summary>True when the job is <c>JOB_FINISHED</c> or <c>FAILED</c> (as last read; see <see cref="IsDoneAsync"/>).</summary>
    public bool IsDone => State is JobState.JobFinished or JobState.Failed;

    /// <summary>True when <see cref="SaveAsync"/> has something to send.</summary>
    public bool HasChanges => IsNew || ChangedFields().Count > 0;

    internal BalsamClient Client => _client ?? BalsamClient.Default ?? throw new InvalidOperationException(
        "This job is not bound to a client: make it with new Job(balsam) or balsam.Jobs.New(...), " +
        "or connect a client first (BalsamClient.Default is the first one connected)");

    internal JobRecord? Stored => _stored;

    /// <summary>Creates the job, or sends the fields changed since it was read (and reads it back).</summary>
    /// <param name="cancellationToken">Cancels the wait (the change may still happen).</param>
    /// <returns>A task that completes when the job is stored.</returns>
    /// <exception cref="BalsamValidationException">A field breaks a rule; the message names it.</exception>
    /// <exception cref="InvalidTransitionException">The new state cannot follow the current one.</exception>
    /// <exception cref="InvalidOperationException">A field that is fixed after creation was changed.</exception>
    public async Task SaveAsync(CancellationToken cancellationToken = default)
    {
        if (IsNew)
        {
            await Client.Jobs.CreateAsync(this, cancellationToken);
            return;
        }

        if (Patch() is { } patch)
        {
            Apply(await Client.Jobs.GrainOf(Id).UpdateAsync(patch).WaitAsync(cancellationToken));
        }
    }

    /// <summary>Reads the job again from the service, dropping unsaved changes.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the job is read.</returns>
    /// <exception cref="DoesNotExistException">The job was deleted.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        RequireSaved();
        try
        {
            Apply(await Client.Jobs.GrainOf(Id).GetAsync().WaitAsync(cancellationToken));
        }
        catch (ResourceNotFoundException e)
        {
            throw new DoesNotExistException("Job", $"id {Id}", e);
        }
    }

    /// <summary>Deletes the job with its events. The instance becomes new again (saving it would create a copy).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>True when deleted; false when a launcher session holds the job (it is running or acquired).</returns>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        RequireSaved();
        try
        {
            if (!await Client.Jobs.GrainOf(Id).DeleteAsync().WaitAsync(cancellationToken))
            {
                return false;
            }
        }
        catch (ResourceNotFoundException)
        {
            // Already gone: the outcome the caller wanted.
        }

        _stored = null;
        Id = 0;
        _parameters.IsReadOnly = false;
        return true;
    }

    /// <summary>The job's working directory at the site: <paramref name="siteDataPath"/> joined with <see cref="Workdir"/>.</summary>
    /// <param name="siteDataPath">The site's <c>data/</c> folder.</param>
    /// <returns>The absolute path.</returns>
    public string ResolveWorkdir(string siteDataPath) => Path.GetFullPath(Path.Combine(siteDataPath, Workdir));

    /// <summary>A query over this job's parents.</summary>
    /// <returns>The query (empty when the job has no parents).</returns>
    public JobsQuery ParentQuery() => Client.Jobs.Where(ids: ParentIds);

    /// <summary>A query over this job's state changes, oldest first.</summary>
    /// <returns>The query.</returns>
    public EventsQuery Events() => Client.Events.Where(jobId: Id);

    /// <summary>The job as <c>Job 42 (Adder, add/1): RUNNING</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"Job {(IsNew ? "(new)" : Id)} ({AppName ?? _app?.ToString() ?? "no app"}, {Workdir}): {State.Name()}";

    private static JsonObject ParseObject(string json) => JsonNode.Parse(json) as JsonObject ?? [];

    private static JsonObject Detached(JsonObject value) => value.Parent is null ? value : (JsonObject)value.DeepClone();

    private T SetOnCreate<T>(string field, T value) => IsNew
        ? value
        : throw new InvalidOperationException($"Job {Id}: {field} cannot change once a job is created (create a new job instead)");

    private void RequireSaved()
    {
        if (IsNew)
        {
            throw new InvalidOperationException("The job does not exist yet: save it first");
        }
    }
}
