using Balsam.Apps;
using Balsam.Client.Queries;
using Balsam.Client.Sites;
using Balsam.Transfers;

namespace Balsam.Client.Transfers;

/// <summary>
/// The transfer items of the user's jobs: one per filled transfer slot, stage-ins <c>pending</c> from creation,
/// stage-outs <c>awaiting_job</c> until the job is postprocessed.
/// <code>
/// var outputs = await balsam.TransferItems.Where(jobId: job.Id, direction: TransferDirection.Out).ToListAsync();
/// </code>
/// </summary>
public sealed class TransferItemManager
{
    private readonly BalsamClient _client;

    internal TransferItemManager(BalsamClient client) => _client = client;

    /// <summary>A query over all transfer items of the user's jobs, by id.</summary>
    /// <returns>The query.</returns>
    public TransferItemsQuery All() => new(_client);

    /// <summary>A query over transfer items; see <see cref="TransferItemsQuery.Where"/>.</summary>
    /// <param name="jobId">Items of this job.</param>
    /// <param name="jobIds">Items of any of these jobs.</param>
    /// <param name="site">Items of jobs at this site.</param>
    /// <param name="state">Items in this state.</param>
    /// <param name="direction">Stage-ins or stage-outs.</param>
    /// <param name="locationAlias">Items to or from this transfer location.</param>
    /// <param name="tags">Items of jobs that carry all of these tags.</param>
    /// <returns>The query.</returns>
    public TransferItemsQuery Where(
        long? jobId = null,
        IEnumerable<long>? jobIds = null,
        SiteRef? site = null,
        TransferItemState? state = null,
        TransferDirection? direction = null,
        string? locationAlias = null,
        Dictionary<string, string>? tags = null) =>
        All().Where(jobId, jobIds, site, state, direction, locationAlias, tags);
}
