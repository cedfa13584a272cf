using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>
/// The calls Balsam makes to the Globus Transfer API (v0.10): <c>GET submission_id</c>, <c>POST transfer</c>,
/// <c>GET task/{task_id}</c>, each with the bearer token of <see cref="GlobusTokenSource"/>. A call, its retries
/// included, ends within <c>timeout</c> (a <see cref="TimeoutException"/>); a busy or broken service (5xx, 429, a dropped
/// connection) is asked again with back-off, which a transfer's submission id makes safe, and a
/// <see cref="TransferUnreachableException"/> when it stays so; any other error status is a
/// <see cref="GlobusApiException"/> with the API's code and message.
/// </summary>
public sealed class GlobusTransferClient
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly GlobusTokenSource _tokens;
    private readonly TimeSpan _timeout;
    private readonly ResiliencePipeline _pipeline;

    public GlobusTransferClient(HttpClient http, Uri baseUrl, GlobusTokenSource tokens, TimeSpan timeout)
    {
        _http = http;
        _base = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _tokens = tokens;
        _timeout = timeout;
        _pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(timeout)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<IOException>()
                    .Handle<GlobusApiException>(e => e.IsTransient),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxRetryAttempts = 3,
            })
            .Build();
    }

    public Uri BaseUrl => _base;

    public async Task<string> SubmissionIdAsync(CancellationToken cancellationToken) =>
        (await SendAsync<GlobusSubmissionId>(HttpMethod.Get, "submission_id", null, cancellationToken)).Value;

    public Task<GlobusTransferResult> SubmitAsync(GlobusTransferRequest transfer, CancellationToken cancellationToken) =>
        SendAsync<GlobusTransferResult>(HttpMethod.Post, "transfer", transfer, cancellationToken);

    public Task<GlobusTask> TaskAsync(string taskId, CancellationToken cancellationToken) =>
        SendAsync<GlobusTask>(HttpMethod.Get, $"task/{Uri.EscapeDataString(taskId)}", null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, GlobusTransferRequest? body, CancellationToken cancellationToken)
    {
        var call = $"{method} {path}";
        var token = _tokens.AccessToken(); // no token: a clear error at once, not a 401 after a round trip
        try
        {
            return await _pipeline.ExecuteAsync(async attempt =>
            {
                using var request = new HttpRequestMessage(method, new Uri(_base, path));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (body is not null)
                {
                    request.Content = JsonContent.Create(body, options: GlobusJson.Options);
                }

                using var response = await _http.SendAsync(request, attempt);
                var text = await response.Content.ReadAsStringAsync(attempt);
                if (!response.IsSuccessStatusCode)
                {
                    throw GlobusApiException.From(response.StatusCode, text, call);
                }

                try
                {
                    return JsonSerializer.Deserialize<T>(text, GlobusJson.Options)
                        ?? throw new TransferProviderException($"Globus Transfer API {call} answered null");
                }
                catch (JsonException e)
                {
                    throw new TransferProviderException($"Globus Transfer API {call} answered something that is not its JSON: {e.Message}");
                }
            }, cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            throw new TimeoutException($"Globus Transfer API {call} at {_base} did not answer within {_timeout.TotalSeconds:0.#} s (transfers.globus_timeout_sec)");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new TransferUnreachableException($"Globus Transfer API {call} at {_base} could not be reached: {e.Message}");
        }
        catch (GlobusApiException e) when (e.IsTransient)
        {
            throw new TransferUnreachableException($"{e.Message}, also when asked again");
        }
    }
}
