using Npgsql;

namespace Balsam.Silo.Dashboard.Sites;

/// <summary>
/// Transfer items not yet <c>done</c> nor in <c>error</c>, per site, grouped by location and direction with a count per
/// state (one GROUP BY over the item table, as <see cref="JobSummary"/> counts jobs).
/// </summary>
public sealed class TransfersInFlight(NpgsqlDataSource dataSource)
{
    public sealed record Group(string Location, string Direction, long Total, IReadOnlyDictionary<string, long> States);

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<Group>>> TakeAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(long Site, string Location, string Direction), Dictionary<string, long>>();
        await using (var command = dataSource.CreateCommand("""
            SELECT j.site_id, t.location_alias, t.direction, t.state, count(*)
            FROM transfer_items t JOIN jobs j ON j.id = t.job_id
            WHERE t.state NOT IN ('done', 'error')
            GROUP BY 1, 2, 3, 4
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
                if (!counts.TryGetValue(key, out var states))
                {
                    counts[key] = states = [];
                }

                states[reader.GetString(3)] = reader.GetInt64(4);
            }
        }

        return counts
            .GroupBy(pair => pair.Key.Site)
            .ToDictionary(site => site.Key, site => (IReadOnlyList<Group>)site
                .OrderBy(pair => pair.Key.Location).ThenBy(pair => pair.Key.Direction)
                .Select(pair => new Group(pair.Key.Location, pair.Key.Direction, pair.Value.Values.Sum(), pair.Value))
                .ToList());
    }
}
