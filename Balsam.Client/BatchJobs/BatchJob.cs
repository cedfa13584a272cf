using Balsam.BatchJobs;
using Balsam.Errors;

namespace Balsam.Client.BatchJobs;

/// <summary>
/// One batch job (a pilot allocation at a site) as last read from the service. The site's scheduler service moves it
/// from <c>pending_submission</c> to <c>queued</c>, <c>running</c> and <c>finished</c> (or <c>submit_failed</c>, with
/// the reason in <see cref="StatusInfo"/>); read it again with <see cref="RefreshAsync"/>.
/// <code>
/// var bj = await balsam.BatchJobs.GetAsync(7);
/// if (bj.State == BatchJobState.SubmitFailed) Console.WriteLine(bj.Error);
/// await bj.RequestDeletionAsync();   // what `balsam queue rm 7` does
/// </code>
/// Instances are not thread-safe.
/// </summary>
public sealed class BatchJob
{
    private readonly BalsamClient _client;
    private BatchJobRecord _record;

    /// <summary>
    /// The batch job a record read from the service describes: for the site runtime and tools that query through
    /// <see cref="BatchJobManager.Service"/>. Applications get batch jobs from <see cref="BalsamClient.BatchJobs"/>.
    /// </summary>
    /// <param name="client">The client to refresh and update it with.</param>
    /// <param name="record">The batch job as stored.</param>
    public BatchJob(BalsamClient client, BatchJobRecord record)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _record = record ?? throw new ArgumentNullException(nameof(record));
    }

    /// <summary>The batch job id.</summary>
    public long Id => _record.Id;

    /// <summary>The record as last read from the service.</summary>
    internal BatchJobRecord Record => _record;

    /// <summary>The site whose scheduler runs it.</summary>
    public long SiteId => _record.SiteId;

    /// <summary>The scheduler's id once submitted (Slurm job id, PBS job number, process id for the local scheduler); null before.</summary>
    public long? SchedulerId => _record.SchedulerId;

    /// <summary>The allocation (account) charged.</summary>
    public string Project => _record.Project;

    /// <summary>The scheduler queue.</summary>
    public string Queue => _record.Queue;

    /// <summary>Nodes of the allocation.</summary>
    public int NumNodes => _record.NumNodes;

    /// <summary>Wall time in minutes.</summary>
    public int WallTimeMin => _record.WallTimeMin;

    /// <summary>How its launcher runs jobs.</summary>
    public JobMode JobMode => _record.JobMode;

    /// <summary>Extra job-template parameters.</summary>
    public IReadOnlyDictionary<string, string> OptionalParams => _record.OptionalParams;

    /// <summary>Its launchers run only jobs whose tags contain all of these.</summary>
    public IReadOnlyDictionary<string, string> FilterTags => _record.FilterTags;

    /// <summary>The launchers of a split allocation; empty for one launcher over all nodes.</summary>
    public IReadOnlyList<BatchJobPartition> Partitions => _record.Partitions;

    /// <summary>Where it stands; see <see cref="BatchJobState"/>.</summary>
    public BatchJobState State => _record.State;

    /// <summary>What the site and the scheduler said: <c>error</c> (why a submission failed), <c>submit_script</c>, times.</summary>
    public IReadOnlyDictionary<string, string> StatusInfo => _record.StatusInfo;

    /// <summary>The scheduler's or the site's message when the submission failed (<c>status_info["error"]</c>); null otherwise.</summary>
    public string? Error => _record.StatusInfo.GetValueOrDefault("error");

    /// <summary>When the allocation started running; null until then.</summary>
    public DateTimeOffset? StartTime => _record.StartTime;

    /// <summary>When the allocation ended; null until then.</summary>
    public DateTimeOffset? EndTime => _record.EndTime;

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt => _record.CreatedAt;

    /// <summary>When it last changed.</summary>
    public DateTimeOffset LastUpdate => _record.LastUpdate;

    /// <summary>True once it is <c>finished</c> or <c>submit_failed</c>: nothing will change it any more.</summary>
    public bool HasEnded => _record.State.IsTerminal();

    /// <summary>Reads the batch job again from the service.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the batch job is read.</returns>
    /// <exception cref="DoesNotExistException">The batch job was deleted.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            _record = await Grain.GetAsync().WaitAsync(cancellationToken);
        }
        catch (ResourceNotFoundException e)
        {
            throw new DoesNotExistException("BatchJob", $"id {Id}", e);
        }
    }

    /// <summary>
    /// Asks for the allocation to end (the twin of setting its state to <c>pending_deletion</c>, or <c>balsam queue rm</c>):
    /// a queued or running one becomes <c>pending_deletion</c> and the site deletes it from the scheduler (its running jobs
    /// end as <c>RUN_TIMEOUT</c>); one never submitted becomes <c>pending_deletion</c> without a scheduler id and the
    /// site ends it without submitting it; one that has ended is left as it is. The instance shows the result.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait (the request may still be made).</param>
    /// <returns>The state before the request, to tell what it did.</returns>
    /// <exception cref="DoesNotExistException">The batch job was deleted.</exception>
    public async Task<BatchJobState> RequestDeletionAsync(CancellationToken cancellationToken = default)
    {
        var before = State;
        try
        {
            _record = await Grain.RequestDeletionAsync().WaitAsync(cancellationToken);
        }
        catch (ResourceNotFoundException e)
        {
            throw new DoesNotExistException("BatchJob", $"id {Id}", e);
        }

        return before;
    }

    /// <summary>Removes the record of a batch job that has ended (<c>finished</c> or <c>submit_failed</c>).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>True when it was removed; false when it was already gone.</returns>
    /// <exception cref="BalsamValidationException">It has not ended: end it first with <see cref="RequestDeletionAsync"/>.</exception>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken = default) =>
        await Grain.DeleteAsync().WaitAsync(cancellationToken);

    /// <summary>The batch job as <c>BatchJob 7 (site 2, debug, 2 nodes x 30 min, mpi): queued</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"BatchJob {Id} (site {SiteId}, {Queue}, {NumNodes} nodes x {WallTimeMin} min, {JobMode.Name()}): {State.Name()}";

    private IBatchJobGrain Grain => _client.BatchJobs.GrainOf(Id);
}
