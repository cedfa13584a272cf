using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Balsam.Silo.Dashboard.Live;

/// <summary>
/// <c>GET /api/status/stream</c>: the <see cref="StatusFeed"/> as server-sent events (<c>event:</c> and one <c>data:</c>
/// line of compact JSON each). The browser's <c>EventSource</c> reconnects by itself after <see cref="Retry"/>; the
/// stream ends when the silo stops, so shutdown never waits on an open page.
/// </summary>
public static class StatusStream
{
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    public static async Task Open(StatusFeed feed, IHostApplicationLifetime lifetime, HttpContext http)
    {
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await http.Response.WriteAsync($"retry: {(int)Retry.TotalMilliseconds}\n\n", ends.Token);
            await http.Response.Body.FlushAsync(ends.Token);
            await foreach (var message in feed.ListenAsync(ends.Token))
            {
                await http.Response.WriteAsync($"event: {message.Event}\ndata: {message.Data}\n\n", ends.Token);
                await http.Response.Body.FlushAsync(ends.Token);
            }
        }
        catch (OperationCanceledException) when (ends.IsCancellationRequested)
        {
            // the page went away, or the silo stops
        }
    }
}
