using System.Threading.Channels;
using Balsam.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// Group reads for job grain activations: a launcher's batch of reports activates many job grains at once, and each
/// would read its row alone. Reads that arrive while one is in flight join the next, so they share one statement.
/// </summary>
public sealed class JobReadCoalescer : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private static readonly string Sql = $"SELECT {JobRows.SelectList} FROM jobs j WHERE j.id = ANY($1)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<JobReadCoalescer> _logger;
    private readonly Channel<(long Id, TaskCompletionSource<JobRecord?> Read)> _queue =
        Channel.CreateUnbounded<(long, TaskCompletionSource<JobRecord?>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _reader;

    public JobReadCoalescer(NpgsqlDataSource dataSource, ILogger<JobReadCoalescer> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>The job's row, or null when there is no such job.</summary>
    internal Task<JobRecord?> ReadAsync(long jobId)
    {
        var read = new TaskCompletionSource<JobRecord?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((jobId, read)))
        {
            throw new ObjectDisposedException(nameof(JobReadCoalescer), "The job store is shutting down");
        }

        return read.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _reader;
    }

    private async Task ReadLoopAsync()
    {
        var batch = new List<(long Id, TaskCompletionSource<JobRecord?> Read)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var read))
            {
                batch.Add(read);
            }

            try
            {
                var rows = await ReadRowsAsync([.. batch.Select(b => b.Id).Distinct()]);
                foreach (var (id, read) in batch)
                {
                    read.TrySetResult(rows.GetValueOrDefault(id));
                }
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "A group read of {Count} job rows failed", batch.Count);
                foreach (var (_, read) in batch)
                {
                    read.TrySetException(e);
                }
            }

            batch.Clear();
        }
    }

    private async Task<Dictionary<long, JobRecord>> ReadRowsAsync(long[] ids)
    {
        await using var command = _dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<long, JobRecord>(ids.Length);
        while (await reader.ReadAsync())
        {
            var job = JobRows.Read(reader);
            rows[job.Id] = job;
        }

        return rows;
    }
}
