using Orleans.Concurrency;

namespace Balsam.Jobs;

/// <summary>Receives a job's state changes as they commit (push, not poll). Implemented by clients.</summary>
[Alias("balsam.IJobObserver")]
public interface IJobObserver : IGrainObserver
{
    [OneWay]
    [Alias("OnJobChanged")]
    void OnJobChanged(JobRecord job);
}
