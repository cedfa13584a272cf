using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Storage;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>
/// Group commit for job grains: writes that arrive while a transaction is in flight join the next one, so many
/// grains share one commit, and each grain's call still returns only after its own write is durable. A write
/// whose version no longer matches fails alone with <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class JobWriteCoalescer : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxBatch;
    private readonly ILogger<JobWriteCoalescer> _logger;
    private readonly Channel<JobWrite> _queue = Channel.CreateUnbounded<JobWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _writers;
    private readonly SemaphoreSlim _gathering = new(1);
    private readonly TimeSpan _gatherLimit;

    /// <summary>Starts <see cref="BalsamPostgresOptions.GroupCommitWriters"/> writers, each taking up to
    /// <see cref="BalsamPostgresOptions.GroupCommitMaxBatch"/> writes per transaction.</summary>
    public JobWriteCoalescer(NpgsqlDataSource dataSource, IOptions<BalsamPostgresOptions> options, ILogger<JobWriteCoalescer> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        _maxBatch = options.Value.GroupCommitMaxBatch;
        _gatherLimit = TimeSpan.FromMilliseconds(options.Value.GroupCommitGatherMs);
        _writers = Enumerable.Range(0, options.Value.GroupCommitWriters).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    internal Task<(long Version, bool FinishedWithChildren)> WriteAsync(JobWrite write)
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
        var batch = new List<JobWrite>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            // One writer gathers at a time: the writes of one report batch go to one commit, not to one per writer.
            await _gathering.WaitAsync();
            try
            {
                await GatherAsync(batch);
            }
            finally
            {
                _gathering.Release();
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

    /// <summary>
    /// Takes what is queued; while a report batch's writes are still on their way (fewer here than its size), waits
    /// for them up to <see cref="BalsamPostgresOptions.GroupCommitGatherMs"/>, so a batch's jobs share a commit instead of the first going alone.
    /// </summary>
    private async Task GatherAsync(List<JobWrite> batch)
    {
        Drain(batch);
        if (batch.Count == 0 || batch.Count >= _maxBatch || batch.Max(w => w.BatchSize) <= batch.Count || _gatherLimit <= TimeSpan.Zero)
        {
            return;
        }

        using var limit = new CancellationTokenSource(_gatherLimit);
        try
        {
            while (batch.Count < _maxBatch && batch.Max(w => w.BatchSize) > batch.Count && await _queue.Reader.WaitToReadAsync(limit.Token))
            {
                Drain(batch);
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            // The rest of the batch is late (refused reports write nothing): commit what is here.
        }
    }

    private void Drain(List<JobWrite> batch)
    {
        while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var write))
        {
            batch.Add(write);
        }
    }

    private async Task CommitAsync(List<JobWrite> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        // One statement is one transaction: it commits when it completes, before the reader is done, so no BEGIN and
        // COMMIT of its own (a round trip less per group); a failed commit throws from the reader.
        await using var command = GroupWriteSql.Command(batch, connection);
        var versions = new Dictionary<long, (long, bool)>(batch.Count);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                versions[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetBoolean(2));
            }
        }

        foreach (var write in batch)
        {
            if (versions.TryGetValue(write.Job.Id, out var version))
            {
                write.Committed.TrySetResult(version);
            }
            else
            {
                write.Committed.TrySetException(new InconsistentStateException(
                    $"Job {write.Job.Id} was changed or deleted by another writer (expected version {write.ExpectedVersion})",
                    storedEtag: null, currentEtag: write.ExpectedVersion.ToString()));
            }
        }
    }
}
