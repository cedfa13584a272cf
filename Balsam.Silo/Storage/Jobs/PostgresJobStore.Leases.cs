using Balsam.States;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>The lease column and the reports recorded in events: what fences a session's reports (DESIGN §7).</summary>
public sealed partial class PostgresJobStore
{
    public async Task<long?> LeaseHolderAsync(long jobId, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var command = Command($"SELECT session_id FROM jobs WHERE id = {p.Add(jobId)}", p);
        return await command.ExecuteScalarAsync(cancellationToken) is long holder ? holder : null;
    }

    public async Task<IReadOnlyList<(long JobId, long? SessionId)>> RunningLeasesAsync(CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var command = Command($"SELECT id, session_id FROM jobs WHERE state = {p.Add(JobState.Running.Name())} ORDER BY id", p);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var leases = new List<(long, long?)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            leases.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)));
        }

        return leases;
    }

    public async Task<bool> ReportedAsync(long jobId, long sessionId, IReadOnlyList<JobState> states, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var command = Command($"""
            SELECT EXISTS (SELECT 1 FROM job_events
                WHERE job_id = {p.Add(jobId)} AND to_state = ANY({p.Add(states.Select(s => s.Name()).ToArray())})
                  AND data ->> '{JobStateMachine.SessionKey}' = {p.Add(sessionId.ToString())})
            """, p);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
