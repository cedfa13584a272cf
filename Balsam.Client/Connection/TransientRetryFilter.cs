using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Balsam.Errors;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Balsam.Client.Connection;

/// <summary>
/// Sends a call again, with exponential back-off (0.2 s doubling up to 5 s, with jitter), while it fails with a transient
/// error and the client's <see cref="ClientConnection.TransientRetryLimit"/> has not passed since its first attempt.
/// Reads and idempotent writes are retried after any transient error (<see cref="TransientErrors.IsTransient"/>); a call
/// marked <see cref="NotIdempotentAttribute"/> only after <see cref="BalsamTransientException"/>, which the service
/// raises before it commits anything. Refusals (validation, not found, an illegal move) are never retried.
/// </summary>
internal sealed class TransientRetryFilter : IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, bool> NotIdempotent = new();
    private static readonly ResiliencePropertyKey<CallAttempt> AttemptKey = new("balsam.call");

    private readonly TimeSpan _limit;
    private readonly ResiliencePipeline _pipeline;

    public TransientRetryFilter(ClientConnection connection, ILogger<TransientRetryFilter> logger)
    {
        _limit = connection.TransientRetryLimit;
        _pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } error && args.Context.Properties.TryGetValue(AttemptKey, out var call) && ShouldRetry(error, call)),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            MaxRetryAttempts = int.MaxValue, // bounded by time instead, in ShouldRetry
            OnRetry = args =>
            {
                args.Context.Properties.TryGetValue(AttemptKey, out var call);
                logger.LogInformation("{Call} failed ({Error}); attempt {Attempt} in {Delay:F1} s",
                    call?.Name, args.Outcome.Exception?.Message.Split('\n')[0], args.AttemptNumber + 2, args.RetryDelay.TotalSeconds);
                return default;
            },
        }).Build();
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (_limit <= TimeSpan.Zero)
        {
            await context.Invoke();
            return;
        }

        var method = context.InterfaceMethod;
        var call = new CallAttempt(
            $"{method?.DeclaringType?.Name}.{method?.Name}", Stopwatch.GetTimestamp(), _limit,
            method is not null && NotIdempotent.GetOrAdd(method, m => m.GetCustomAttribute<NotIdempotentAttribute>() is not null));
        var resilience = ResilienceContextPool.Shared.Get();
        resilience.Properties.Set(AttemptKey, call);
        try
        {
            await _pipeline.ExecuteAsync(static async (_, grainCall) => await grainCall.Invoke(), resilience, context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    /// <summary>Whether <paramref name="error"/> of <paramref name="call"/> is worth another attempt now.</summary>
    internal static bool ShouldRetry(Exception error, CallAttempt call) =>
        Stopwatch.GetElapsedTime(call.Started) < call.Limit
        && (call.NotIdempotent ? IsServiceTransient(error) : TransientErrors.IsTransient(error));

    private static bool IsServiceTransient(Exception error) => error switch
    {
        BalsamTransientException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsServiceTransient),
        _ => false,
    };

    /// <summary>One call through the filter: what it is, when its first attempt began, and how it may be retried.</summary>
    internal sealed record CallAttempt(string Name, long Started, TimeSpan Limit, bool NotIdempotent);
}
