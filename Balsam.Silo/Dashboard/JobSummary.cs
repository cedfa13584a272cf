using Balsam.Sites;
using Balsam.States;
using Npgsql;

namespace Balsam.Silo.Dashboard;

/// <summary>Job counts per site and state, for the status page (one GROUP BY over the job table), with each site's agent health.</summary>
public sealed class JobSummary(NpgsqlDataSource dataSource, IGrainFactory grains)
{
    /// <summary>One site's job counts by state, whether its agent is alive, and what is wrong with the agent's services now
    /// (SPEC §12: an Active site is not enough).</summary>
    public sealed record SiteRow(long SiteId, string SiteName, long Total, IReadOnlyDictionary<string, long> States, bool Active, IReadOnlyList<string> Problems);

    public sealed record Snapshot(DateTimeOffset GeneratedAt, IReadOnlyList<string> StateOrder, IReadOnlyList<SiteRow> Sites);

    public async Task<Snapshot> TakeAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<long, Dictionary<string, long>>();
        await using (var command = dataSource.CreateCommand("SELECT site_id, state, count(*) FROM jobs GROUP BY site_id, state"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var site = reader.GetInt64(0);
                if (!counts.TryGetValue(site, out var states))
                {
                    counts[site] = states = [];
                }

                states[reader.GetString(1)] = reader.GetInt64(2);
            }
        }

        var rows = new List<SiteRow>();
        var now = DateTimeOffset.UtcNow;
        foreach (var (siteId, states) in counts.OrderBy(pair => pair.Key))
        {
            var site = await grains.GetGrain<ISiteGrain>(siteId).FindAsync();
            rows.Add(new SiteRow(siteId, site?.Name ?? $"site {siteId}", states.Values.Sum(), states,
                site?.IsActive(now) ?? false, site?.ServiceProblems(now) ?? []));
        }

        var order = Enum.GetValues<JobState>().Where(s => s is not (JobState.Created or JobState.StagedOut)).Select(s => s.Name()).ToList();
        return new Snapshot(DateTimeOffset.UtcNow, order, rows);
    }
}
