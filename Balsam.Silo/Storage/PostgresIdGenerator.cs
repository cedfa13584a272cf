using Balsam.Ids;
using Npgsql;

namespace Balsam.Silo.Storage;

/// <summary>Ids from the PostgreSQL sequences of schema script 010.</summary>
public sealed class PostgresIdGenerator(NpgsqlDataSource dataSource) : IIdGenerator
{
    public async Task<long> NextAsync(IdKind kind, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT nextval('{SequenceOf(kind)}')");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static string SequenceOf(IdKind kind) => kind switch
    {
        IdKind.Site => "balsam_site_id_seq",
        IdKind.App => "balsam_app_id_seq",
        IdKind.Job => "balsam_job_id_seq",
        IdKind.BatchJob => "balsam_batch_job_id_seq",
        IdKind.Session => "balsam_session_id_seq",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no sequence for this id kind"),
    };
}
