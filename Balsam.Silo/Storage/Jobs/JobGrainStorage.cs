using Balsam.Jobs;
using Balsam.States;
using Orleans.Storage;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// Grain storage of <see cref="JobGrain"/>: reads its row from the job tables (through the <see cref="JobReadCoalescer"/>)
/// and writes it, with the events of the change, through the <see cref="JobWriteCoalescer"/>. The ETag is the row's version.
/// </summary>
public sealed class JobGrainStorage(PostgresJobStore store, JobReadCoalescer reader, JobWriteCoalescer writer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = AsJobState(grainState);
        var job = await reader.ReadAsync(grainId.GetIntegerKey());
        state.State = new JobGrainState { Job = job };
        state.ETag = job?.Version.ToString();
        state.RecordExists = job is not null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = AsJobState(grainState);
        var job = state.State?.Job ?? throw new InvalidOperationException($"Job {grainId} has no row to write");
        var pending = state.State!;
        var changedState = pending.PendingEvents.Count > 0;
        var lease = !changedState ? LeaseChange.Keep : job.State == JobState.Running ? LeaseChange.Running : LeaseChange.Clear;
        var (version, finishedWithChildren) = await writer.WriteAsync(new JobWrite(
            job, long.Parse(state.ETag ?? "0"), pending.PendingEvents, pending.ReleaseStageOut, lease, ReportBatch.CurrentSize));

        state.State = new JobGrainState { Job = job with { Version = version }, FinishedWithChildren = finishedWithChildren };
        state.ETag = version.ToString();
        state.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = AsJobState(grainState);
        await store.DeleteAsync(grainId.GetIntegerKey());
        state.State = new JobGrainState();
        state.ETag = null;
        state.RecordExists = false;
    }

    private static IGrainState<JobGrainState> AsJobState<T>(IGrainState<T> grainState) =>
        grainState as IGrainState<JobGrainState>
        ?? throw new NotSupportedException($"The job store holds only {nameof(JobGrainState)}, not {typeof(T).Name}");
}
