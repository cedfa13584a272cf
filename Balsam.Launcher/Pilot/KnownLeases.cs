using System.Collections.Concurrent;
using Balsam.Jobs;

namespace Balsam.Launcher.Pilot;

/// <summary>
/// The leases of this launcher's session that it knows of: one per acquisition of a job, until the service has the
/// run's end. A job counts as held while any of its leases is open.
/// </summary>
/// <remarks>
/// A fresh acquire hands out only jobs that nobody holds, so every job it returns is a new lease, even one this launcher
/// ran a moment ago whose end report is still on its way back (the service applied it, or it could not have leased the
/// job again): a restarted job is taken at once, not left leased and idle until the session ends. Only after an
/// acquire whose answer was lost does the service also return what the session already holds (a reclaim), and then a
/// job with an open lease is not started twice. The count, not a flag, keeps the late end of a previous run from
/// closing the lease of the run that followed it. Ends arrive from the report flush, concurrently with acquires.
/// </remarks>
internal sealed class KnownLeases
{
    private readonly ConcurrentDictionary<long, int> _open = new();

    /// <summary>The jobs of an acquire's answer to start: all of them, or after a reclaim those without an open lease.</summary>
    public List<JobRecord> Accept(IReadOnlyList<JobRecord> acquired, bool reclaim)
    {
        var accepted = acquired.Where(job => !reclaim || !IsHeld(job.Id)).ToList();
        foreach (var job in accepted)
        {
            _open.AddOrUpdate(job.Id, 1, (_, count) => count + 1);
        }

        return accepted;
    }

    /// <summary>The service has the end of one run of the job: one of its leases is closed.</summary>
    public void Ended(long jobId)
    {
        while (_open.TryGetValue(jobId, out var count))
        {
            if (count <= 1 ? _open.TryRemove(KeyValuePair.Create(jobId, count)) : _open.TryUpdate(jobId, count - 1, count))
            {
                return;
            }
        }
    }

    /// <summary>Whether the job has a lease of this session that has not ended.</summary>
    public bool IsHeld(long jobId) => _open.ContainsKey(jobId);
}
