using Npgsql;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// The connections of the job grains' group reads and writes (<see cref="JobReadCoalescer"/>, <see cref="JobWriteCoalescer"/>),
/// apart from the store's other statements because they are planned once: with PostgreSQL's default plan choice the read
/// of rows by id was planned afresh at every call (half a millisecond of planning for a fifth of one of execution, on
/// every job grain activation). Their plans do not depend on the values given: rows by primary key.
/// </summary>
public sealed class JobRowsDataSource(string connectionString) : IAsyncDisposable
{
    /// <summary>The pool, its sessions set to <c>plan_cache_mode = force_generic_plan</c>.</summary>
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(WithGenericPlans(connectionString));

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static string WithGenericPlans(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        const string generic = "-c plan_cache_mode=force_generic_plan";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? generic : $"{builder.Options} {generic}";
        return builder.ConnectionString;
    }
}
