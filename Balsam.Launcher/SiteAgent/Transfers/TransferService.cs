using System.Text.Json.Nodes;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Settings;
using Balsam.Launcher.SiteAgent.Transfers.Providers;
using Balsam.Launcher.Sites;
using Balsam.Transfers;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.SiteAgent.Transfers;

/// <summary>
/// The transfer service (SPEC §4 Transfers; on while <c>transfers</c> is set): every <c>service_period</c> it polls the
/// site's tasks in flight and records how their items ended, then cuts pending items into new tasks with
/// <see cref="TransferBatcher"/> (up to <c>max_concurrent_transfers</c> in flight) and submits them. The service moves
/// the jobs on when their items settle. Every provider call has a time-out, and a location that fails or hangs only
/// affects its own items (Balsam #114).
/// </summary>
public sealed class TransferService(
    BalsamClient client, long siteId, string siteFolder, TransferSettings settings, IReadOnlyDictionary<string, ITransferProvider> providers,
    ILogger logger)
{
    public const string ServiceName = "transfers";

    /// <summary>Most items reported in one call.</summary>
    private const int UpdateChunk = 5_000;

    public ServiceHealthBoard? Health { get; init; }

    /// <summary>How long one submit or poll may take before the service gives up on it for this cycle.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, settings.ServicePeriod));

    private IJobServiceGrain Jobs => client.Cluster.GetGrain<IJobServiceGrain>(0);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                await CycleAsync(cancellationToken);
                Health?.Ok(ServiceName);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Transfers: the cycle failed; the next one tries again");
                Health?.Failed(ServiceName, $"{e.GetType().Name}: {e.Message}");
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>One cycle; returns how many tasks it submitted.</summary>
    public async Task<int> CycleAsync(CancellationToken cancellationToken)
    {
        var updates = new List<TransferItemUpdate>();
        var inFlight = await PollAsync(updates, cancellationToken);
        await ReportAsync(updates);
        updates.Clear();

        var slots = settings.MaxConcurrentTransfers - inFlight;
        if (slots <= 0)
        {
            return 0;
        }

        var pending = await Jobs.TransferItemsAsync(new TransferItemQuery
        {
            SiteIds = [siteId], States = [TransferItemState.Pending], Limit = Math.Min(settings.NumItemsQueryLimit, JobQuery.MaxPageSize),
        });
        var batches = TransferBatcher.Plan(pending, settings.TransferBatchSize, slots);
        if (batches.Count == 0)
        {
            return 0;
        }

        var jobIds = batches.SelectMany(b => b.Items).Select(i => i.JobId).Distinct().ToList();
        var workdirs = (await Jobs.QueryAsync(new JobQuery { Ids = jobIds, Limit = jobIds.Count }))
            .ToDictionary(j => j.Id, j => j.Workdir);
        var submitted = 0;
        foreach (var batch in batches)
        {
            if (await SubmitAsync(batch, workdirs, updates, cancellationToken))
            {
                submitted++;
            }
        }

        await ReportAsync(updates);
        return submitted;
    }

    /// <summary>Polls every task in flight; returns how many are still in flight.</summary>
    private async Task<int> PollAsync(List<TransferItemUpdate> updates, CancellationToken cancellationToken)
    {
        var items = await Jobs.TransferItemsAsync(new TransferItemQuery
        {
            SiteIds = [siteId], States = [TransferItemState.Active, TransferItemState.Inactive], Limit = JobQuery.MaxPageSize,
        });
        var inFlight = 0;
        foreach (var task in items.GroupBy(i => i.TaskId))
        {
            var colon = task.Key.IndexOf(':');
            var protocol = colon > 0 ? task.Key[..colon] : "";
            if (!providers.TryGetValue(protocol, out var provider))
            {
                updates.AddRange(task.Select(i => Failed(i, $"task '{task.Key}' uses protocol '{protocol}', which this site does not serve")));
                continue;
            }

            TransferTaskStatus status;
            try
            {
                status = await provider.PollAsync(task.Key[(colon + 1)..], cancellationToken).WaitAsync(CallTimeout, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Transfers: could not poll task {TaskId}: {Message}; asking again next cycle", task.Key, e.Message);
                updates.AddRange(task.Select(i => new TransferItemUpdate
                {
                    Id = i.Id, State = i.State, TransferInfo = Info("message", $"could not ask how the task is doing ({e.Message}); asking again"),
                }));
                inFlight++;
                continue;
            }

            switch (status.State)
            {
                case TransferTaskState.Active or TransferTaskState.Inactive:
                    inFlight++;
                    var state = status.State == TransferTaskState.Active ? TransferItemState.Active : TransferItemState.Inactive;
                    updates.AddRange(task.Where(i => i.State != state).Select(i => new TransferItemUpdate { Id = i.Id, State = state, TransferInfo = Info("message", status.Message) }));
                    break;
                case TransferTaskState.Done:
                    foreach (var item in task)
                    {
                        updates.Add(status.FailedItems.TryGetValue(item.Id, out var error)
                            ? Failed(item, error)
                            : new TransferItemUpdate { Id = item.Id, State = TransferItemState.Done, TransferInfo = Info("message", status.Message) });
                    }

                    logger.LogInformation("Transfers: task {TaskId} finished: {Message}", task.Key, status.Message);
                    break;
                case TransferTaskState.Error:
                    updates.AddRange(task.Select(i => Failed(i, status.Message)));
                    logger.LogWarning("Transfers: task {TaskId} failed: {Message}", task.Key, status.Message);
                    break;
                case TransferTaskState.Lost:
                    updates.AddRange(task.Select(i => new TransferItemUpdate { Id = i.Id, State = TransferItemState.Pending, TaskId = "", TransferInfo = Info("message", status.Message) }));
                    break;
            }
        }

        return inFlight;
    }

    /// <summary>Submits one batch; false when it was not submitted (its items are marked failed, or stay pending).</summary>
    private async Task<bool> SubmitAsync(
        PlannedBatch planned, Dictionary<long, string> workdirs, List<TransferItemUpdate> updates, CancellationToken cancellationToken)
    {
        if (!settings.TransferLocations.TryGetValue(planned.LocationAlias, out var url))
        {
            updates.AddRange(planned.Items.Select(i => Failed(i,
                $"location '{planned.LocationAlias}' is not in transfers.transfer_locations of this site's settings.yml")));
            return false;
        }

        var separator = url.IndexOf("://", StringComparison.Ordinal);
        var protocol = separator > 0 ? url[..separator] : url;
        var netloc = separator > 0 ? url[(separator + 3)..].TrimEnd('/') : "";
        if (!providers.TryGetValue(protocol, out var provider))
        {
            var why = protocol == Providers.Globus.GlobusTransferProvider.Name
                ? "Globus transfers need transfers.globus_endpoint_id in this site's settings.yml"
                : $"protocol '{protocol}' of location '{planned.LocationAlias}' is not served here";
            updates.AddRange(planned.Items.Select(i => Failed(i, why)));
            return false;
        }

        var files = new List<TransferFile>();
        foreach (var item in planned.Items)
        {
            try
            {
                var workdir = SiteLayout.Workdir(siteFolder, workdirs[item.JobId]); // never through a link out of data/
                var file = TransferPaths.For(item, workdir);
                Directory.CreateDirectory(workdir);
                if (planned.Direction == Apps.TransferDirection.In)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(file.Destination.TrimEnd('/'))!);
                }

                files.Add(file);
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or KeyNotFoundException
                                           or WorkdirOutsideSiteException)
            {
                updates.Add(Failed(item, e.Message));
            }
        }

        if (files.Count == 0)
        {
            return false;
        }

        try
        {
            var batch = new TransferBatch(planned.LocationAlias, netloc, planned.Direction, files);
            var id = await provider.SubmitAsync(batch, cancellationToken).WaitAsync(CallTimeout, cancellationToken);
            var taskId = $"{protocol}:{id}";
            updates.AddRange(files.Select(f => new TransferItemUpdate { Id = f.ItemId, State = TransferItemState.Active, TaskId = taskId }));
            logger.LogInformation("Transfers: task {TaskId} carries {Count} items {Direction} {Location}", taskId, files.Count,
                planned.Direction == Apps.TransferDirection.In ? "in from" : "out to", planned.LocationAlias);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or TransferUnreachableException)
        {
            logger.LogWarning("Transfers: submitting {Count} items to {Location} failed for now ({Message}); trying again next cycle",
                files.Count, planned.LocationAlias, e.Message);
            var why = Info("message", e is TimeoutException
                ? $"{planned.LocationAlias} did not answer in time ({e.Message}); trying again"
                : $"{planned.LocationAlias} could not be reached ({e.Message}); trying again");
            updates.AddRange(files.Select(f => new TransferItemUpdate { Id = f.ItemId, State = TransferItemState.Pending, TransferInfo = why }));
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Transfers: {Location} refused a task of {Count} items: {Message}", planned.LocationAlias, files.Count, e.Message);
            updates.AddRange(files.Select(f => new TransferItemUpdate { Id = f.ItemId, State = TransferItemState.Error, TransferInfo = Info("error", e.Message) }));
            return false;
        }
    }

    private async Task ReportAsync(List<TransferItemUpdate> updates)
    {
        foreach (var chunk in updates.Chunk(UpdateChunk))
        {
            await Jobs.UpdateTransferItemsAsync(chunk);
        }
    }

    private static TransferItemUpdate Failed(TransferItemRecord item, string error) =>
        new() { Id = item.Id, State = TransferItemState.Error, TransferInfo = Info("error", error) };

    private static string? Info(string key, string message) =>
        string.IsNullOrEmpty(message) ? null : new JsonObject { [key] = message }.ToJsonString();
}
