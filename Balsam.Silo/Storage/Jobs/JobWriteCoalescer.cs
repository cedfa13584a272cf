using System.Threading.Channels;
using Balsam.States;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// Group commit for job grains: writes that arrive while a transaction is in flight join the next one, so many
/// grains share one commit, and each grain's call still returns only after its own write is durable. A write
/// whose version no longer matches fails alone with <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class JobWriteCoalescer : IAsyncDisposable
{
    /// <summary>The most writes one transaction takes.</summary>
    public const int MaxBatch = 512;

    private const int Writers = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<JobWriteCoalescer> _logger;
    private readonly Channel<JobWrite> _queue = Channel.CreateUnbounded<JobWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _writers;

    public JobWriteCoalescer(NpgsqlDataSource dataSource, ILogger<JobWriteCoalescer> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        _writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    internal Task<long> WriteAsync(JobWrite write)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(JobWriteCoalescer), "The job store is shutting down");
        }

        return write.Committed.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<JobWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await CommitAsync(batch);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "A group commit of {Count} job writes failed", batch.Count);
                foreach (var write in batch)
                {
                    write.Committed.TrySetException(e);
                }
            }

            batch.Clear();
        }
    }

    private async Task CommitAsync(List<JobWrite> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var versions = await UpdateRowsAsync(connection, transaction, batch);
        var written = batch.Where((_, i) => versions[i] is not null).ToList();
        if (written.Count > 0)
        {
            await InsertEventsAsync(connection, transaction, written);
        }

        await transaction.CommitAsync();
        for (var i = 0; i < batch.Count; i++)
        {
            if (versions[i] is { } version)
            {
                batch[i].Committed.TrySetResult(version);
            }
            else
            {
                batch[i].Committed.TrySetException(new InconsistentStateException(
                    $"Job {batch[i].Job.Id} was changed or deleted by another writer (expected version {batch[i].ExpectedVersion})",
                    storedEtag: null, currentEtag: batch[i].ExpectedVersion.ToString()));
            }
        }
    }

    private static async Task<long?[]> UpdateRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<JobWrite> batch)
    {
        await using var npgsqlBatch = new NpgsqlBatch(connection, transaction);
        foreach (var write in batch)
        {
            npgsqlBatch.BatchCommands.Add(UpdateCommand(write));
        }

        var versions = new long?[batch.Count];
        await using var reader = await npgsqlBatch.ExecuteReaderAsync();
        for (var i = 0; i < batch.Count; i++)
        {
            if (await reader.ReadAsync())
            {
                versions[i] = reader.GetInt64(0);
            }

            await reader.NextResultAsync();
        }

        return versions;
    }

    private static NpgsqlBatchCommand UpdateCommand(JobWrite write)
    {
        var job = write.Job;
        var r = job.Resources;
        var session = write.Lease switch
        {
            LeaseChange.Clear => "NULL",
            LeaseChange.Running => "coalesce($19, session_id)",
            _ => "session_id",
        };
        var command = new NpgsqlBatchCommand($"""
            UPDATE jobs SET tags = $3, data = $4, return_code = $5, num_nodes = $6, ranks_per_node = $7, threads_per_rank = $8,
                threads_per_core = $9, gpus_per_rank = $10, node_packing_count = $11, wall_time_min = $12, launch_params = $13,
                state = $14, state_data = $15, last_update = $16, batch_job_id = $17, pending_file_cleanup = $18,
                session_id = {session}, return_value = $20, exception = $21, version = version + 1
            WHERE id = $1 AND version = $2
            RETURNING version
            """);
        var values = new object?[]
        {
            job.Id, write.ExpectedVersion, Jsonb(JsonMaps.FromStrings(job.Tags)), Jsonb(job.Data), job.ReturnCode,
            r.NumNodes, r.RanksPerNode, r.ThreadsPerRank, r.ThreadsPerCore, r.GpusPerRank, r.NodePackingCount, r.WallTimeMin,
            Jsonb(JsonMaps.FromStrings(r.LaunchParams)), job.State.Name(), Jsonb(job.StateData), job.LastUpdate, job.BatchJobId,
            job.PendingFileCleanup, job.SessionId, job.ReturnValue, job.Exception,
        };
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        // Null values carry no type; name the ones PostgreSQL cannot infer.
        command.Parameters[4].NpgsqlDbType = NpgsqlDbType.Integer;
        command.Parameters[16].NpgsqlDbType = NpgsqlDbType.Bigint;
        command.Parameters[18].NpgsqlDbType = NpgsqlDbType.Bigint;
        command.Parameters[19].NpgsqlDbType = NpgsqlDbType.Text;
        command.Parameters[20].NpgsqlDbType = NpgsqlDbType.Text;
        return command;
    }

    private static NpgsqlParameter Jsonb(string json) => new() { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static async Task InsertEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<JobWrite> written)
    {
        var events = written.SelectMany(w => w.Events).ToList();
        var releaseIds = written.Where(w => w.ReleaseStageOut).Select(w => w.Job.Id).ToArray();
        if (events.Count == 0 && releaseIds.Length == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        if (events.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO job_events (job_id, timestamp, from_state, to_state, data)
                SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::jsonb[])
                """)
            {
                Parameters =
                {
                    new() { Value = events.Select(e => e.JobId).ToArray() },
                    new() { Value = events.Select(e => e.Timestamp).ToArray() },
                    new() { Value = events.Select(e => e.From.Name()).ToArray() },
                    new() { Value = events.Select(e => e.To.Name()).ToArray() },
                    new() { Value = events.Select(e => e.Data).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                },
            });
        }

        if (releaseIds.Length > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "UPDATE transfer_items SET state = 'pending' WHERE job_id = ANY($1) AND direction = 'out' AND state = 'awaiting_job'")
            {
                Parameters = { new() { Value = releaseIds } },
            });
        }

        await batch.ExecuteNonQueryAsync();
    }
}
