using Balsam.Apps;
using Balsam.Client.Jobs;
using Balsam.Client.Queries;

namespace Balsam.Client.Apps;

/// <summary>
/// A registered app, ready to make jobs with: what <c>SyncAsync</c> returns and what <c>LoadBySiteAsync</c> lists.
/// <code>
/// var apps = await balsam.Apps.LoadBySiteAsync("polaris");
/// var job = await apps["Hello"].SubmitAsync("hello/1", new { name = "world" });
/// </code>
/// </summary>
public sealed class AppHandle
{
    private readonly BalsamClient _client;

    internal AppHandle(BalsamClient client, AppInfo info, Type? localType)
    {
        _client = client;
        Info = info;
        LocalType = localType;
    }

    /// <summary>The stored app.</summary>
    public AppInfo Info { get; }

    /// <summary>The app id.</summary>
    public long Id => Info.Id;

    /// <summary>The id of the app's site.</summary>
    public long SiteId => Info.SiteId;

    /// <summary>The app's class name.</summary>
    public string Name => Info.Name;

    /// <summary>What is registered: template or <c>Run</c> signature, parameters, transfer slots, hooks, code reference.</summary>
    public AppDefinition Definition => Info.Definition;

    /// <summary>The local class the app was synced from, when this client synced it.</summary>
    public Type? LocalType { get; }

    /// <summary>A new, unsaved job of this app (for bulk create).</summary>
    /// <param name="workdir">The workdir, relative to the site's <c>data/</c> folder.</param>
    /// <param name="parameters">The parameters: an anonymous object or a dictionary.</param>
    /// <param name="options">Tags, data, resources, parents, transfers.</param>
    /// <returns>The unsaved job.</returns>
    public Job New(string workdir, object? parameters = null, JobOptions? options = null) =>
        _client.Jobs.New(this, workdir, parameters, options);

    /// <summary>Creates a job of this app.</summary>
    /// <param name="workdir">The workdir, relative to the site's <c>data/</c> folder.</param>
    /// <param name="parameters">The parameters: an anonymous object or a dictionary.</param>
    /// <param name="options">Tags, data, resources, parents, transfers.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The created job.</returns>
    public Task<Job> SubmitAsync(string workdir, object? parameters = null, JobOptions? options = null, CancellationToken cancellationToken = default) =>
        _client.Jobs.SubmitAsync(this, workdir, parameters, options, cancellationToken);

    /// <summary>A query over this app's jobs.</summary>
    /// <returns>The query.</returns>
    public JobsQuery Jobs() => _client.Jobs.Where(app: this);

    /// <summary>The app as <c>Hello (#3 at site #1)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Name} (#{Id} at site #{SiteId})";
}
