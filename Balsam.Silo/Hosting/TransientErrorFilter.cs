using Balsam.Errors;
using Npgsql;
using Orleans.Storage;

namespace Balsam.Silo.Hosting;

/// <summary>
/// Turns storage failures into <see cref="BalsamTransientException"/> before they leave a grain: a driver's own
/// exception types cannot travel to clients (they have no Orleans codec), and callers must be able to tell "the database
/// was away, retry" from a refusal.
/// </summary>
public sealed class TransientErrorFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (Translate(e) is { } transient)
        {
            throw transient;
        }
    }

    /// <summary>The transient error that stands for <paramref name="error"/>, or null when it should travel as it is.</summary>
    public static BalsamTransientException? Translate(Exception error) => error switch
    {
        BalsamTransientException => null,
        NpgsqlException npgsql => new BalsamTransientException($"The service's database is unavailable ({npgsql.Message}); retry", npgsql),
        InconsistentStateException stale => new BalsamTransientException(
            $"The stored state changed under the call ({stale.Message}); it was reloaded, retry", stale),
        TimeoutException timeout => new BalsamTransientException($"The service's storage timed out ({timeout.Message}); retry", timeout),
        System.Net.Sockets.SocketException socket => new BalsamTransientException($"The service's database is unreachable ({socket.Message}); retry", socket),
        InvalidOperationException { InnerException: NpgsqlException inner } => Translate(inner),
        // Orleans wraps a storage provider's failure ("Error from storage provider ...") with the driver's exception inside.
        Orleans.Runtime.OrleansException { InnerException: { } inner } => Translate(inner),
        _ => null,
    };
}
