using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Balsam.Silo.Dashboard.Live;

/// <summary>
/// Pushes the status page's <see cref="StatusOverview"/> to every open page: while at least one page listens, it reads
/// the <see cref="ChangeStamp"/> each <see cref="CheckPeriod"/>, and when the stamp moved (or <see cref="RefreshPeriod"/>
/// passed, for the agents' health, which ages by itself) it reads the overview once and hands the same JSON to every
/// listener. No page polls; nothing is read while none is open.
/// </summary>
public sealed class StatusFeed(
    ChangeStamp stamp, StatusOverviewBuilder overview, IOptions<JsonOptions> json, ILogger<StatusFeed> logger) : BackgroundService
{
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly List<Channel<StatusMessage>> _listeners = [];
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private StatusMessage? _latest;

    /// <summary>Messages for one page, starting with the latest overview; ends when <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<StatusMessage> ListenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A slow page keeps only the newest message: each one is the whole overview, so skipping is harmless.
        var channel = Channel.CreateBounded<StatusMessage>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _listeners.Add(channel);
            if (_latest is { } latest)
            {
                channel.Writer.TryWrite(latest);
            }
        }

        _wake.Writer.TryWrite(true);
        try
        {
            while (true)
            {
                StatusMessage? message = null;
                try
                {
                    message = await channel.Reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // the page went away, or the silo stops
                }

                if (message is null)
                {
                    yield break;
                }

                yield return message;
            }
        }
        finally
        {
            lock (_gate)
            {
                _listeners.Remove(channel);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? lastStamp = null;
        var lastSent = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (ListenerCount == 0)
                {
                    lastStamp = null; // the next page to open gets a fresh read
                    await _wake.Reader.ReadAsync(stoppingToken);
                    continue;
                }

                var current = await stamp.ReadAsync(stoppingToken);
                if (current != lastStamp || DateTimeOffset.UtcNow - lastSent >= RefreshPeriod)
                {
                    var data = JsonSerializer.Serialize(await overview.TakeAsync(stoppingToken), json.Value.SerializerOptions);
                    Publish(new StatusMessage(StatusMessage.Overview, data));
                    lastStamp = current;
                    lastSent = DateTimeOffset.UtcNow;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("The status page could not be refreshed: {Error}", e.Message);
                Publish(new StatusMessage(StatusMessage.Problem, JsonSerializer.Serialize(new { message = e.Message }, json.Value.SerializerOptions)));
                lastStamp = null;
            }

            try
            {
                await Task.Delay(CheckPeriod, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private int ListenerCount
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Count;
            }
        }
    }

    private void Publish(StatusMessage message)
    {
        lock (_gate)
        {
            if (message.Event == StatusMessage.Overview)
            {
                _latest = message;
            }

            foreach (var listener in _listeners)
            {
                listener.Writer.TryWrite(message);
            }
        }
    }
}
