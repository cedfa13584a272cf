using Npgsql;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// The connections of the job grains' group reads and writes (<see cref="JobReadCoalescer"/>, <see cref="JobWriteCoalescer"/>),
/// apart from the store's other statements because every statement on them finds rows by key, whatever the values or the
/// statistics: they are planned once (with PostgreSQL's default plan choice the read of rows by id was planned afresh at
/// every call, half a millisecond of planning for a fifth of one of execution on every job grain activation), and never
/// by a scan of the whole table (with statistics from when a young store was ten times smaller, the group write joined
/// its rows to a scan of every job: 3-4 ms a commit instead of under 1).
/// </summary>
public sealed class JobRowsDataSource(string connectionString) : IAsyncDisposable
{
    /// <summary>The pool, its sessions set to <c>plan_cache_mode = force_generic_plan</c> and <c>enable_seqscan = off</c>.</summary>
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(WithGenericPlans(connectionString));

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static string WithGenericPlans(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        const string generic = "-c plan_cache_mode=force_generic_plan -c enable_seqscan=off";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? generic : $"{builder.Options} {generic}";
        return builder.ConnectionString;
    }
}
