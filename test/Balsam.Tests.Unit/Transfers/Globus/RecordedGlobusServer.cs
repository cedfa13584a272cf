using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Balsam.Tests.Unit.Transfers.Globus;

/// <summary>
/// A real HTTP server on loopback that plays the Globus Transfer API from recorded answers (Transfers/Recorded/globus):
/// each route (<c>GET /v0.10/task/ID</c>) answers its scripted answers in turn, the last one again and again. It keeps
/// every request it got, and an answer of <see cref="Silence"/> holds the request open until the server stops.
/// </summary>
public sealed class RecordedGlobusServer : IAsyncDisposable
{
    /// <summary>An answer that never comes.</summary>
    public static readonly Answer Silence = new(0, "");

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Answer>> _routes = new();
    private readonly ConcurrentDictionary<string, Answer> _last = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public RecordedGlobusServer()
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/v0.10");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The base URL the provider is given (<c>transfers.globus_transfer_url</c>).</summary>
    public Uri Url { get; }

    public ConcurrentQueue<Request> Requests { get; } = new();

    public static string Recorded(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Transfers", "Recorded", "globus", file));

    /// <summary>Adds answers to <c>METHOD /v0.10/path</c>.</summary>
    public RecordedGlobusServer On(string method, string path, params Answer[] answers)
    {
        var queue = _routes.GetOrAdd($"{method} /v0.10/{path}", _ => new ConcurrentQueue<Answer>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }

        return this;
    }

    /// <summary>The happy path of one task: a submission id, the accepted transfer, then the task's states in turn.</summary>
    public RecordedGlobusServer Accepting(string taskId, params string[] taskFiles) =>
        On("GET", "submission_id", Answer.File("submission-id.json"))
            .On("POST", "transfer", Answer.File("transfer-accepted.json", HttpStatusCode.Accepted))
            .On("GET", $"task/{taskId}", [.. taskFiles.Select(f => Answer.File(f))]);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // Close alone: Stop first and Close would take the prefix down twice, and the second time the managed listener
        // binds the port again to do it, which fails when a test running in parallel has taken that port meanwhile.
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var route = $"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath}";
        Requests.Enqueue(new Request(context.Request.HttpMethod, context.Request.Url.AbsolutePath, context.Request.Headers["Authorization"], body));
        var answer = Next(route);
        try
        {
            if (answer == Silence)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            context.Response.Abort();
        }
    }

    private Answer Next(string route)
    {
        if (_routes.TryGetValue(route, out var queue) && queue.TryDequeue(out var answer))
        {
            _last[route] = answer;
            return answer;
        }

        return _last.TryGetValue(route, out var last)
            ? last
            : new Answer(404, $$"""{"code": "ClientError.NotFound", "message": "the test server has no answer for {{route}}", "request_id": "test"}""");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>One request as the server got it.</summary>
    public sealed record Request(string Method, string Path, string? Authorization, string Body);

    /// <summary>A status and a body.</summary>
    public sealed record Answer(int Status, string Body)
    {
        public static Answer File(string recorded, HttpStatusCode status = HttpStatusCode.OK) => new((int)status, Recorded(recorded));
    }
}
