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

    /// <summary>
    /// The transient error that stands for <paramref name="error"/>, or null when it should travel as it is. The whole
    /// chain of inner exceptions is looked at (Orleans wraps a storage provider's failure, "Error from storage provider",
    /// around the driver's exception), and the result carries the message only: a driver exception inside it could not
    /// be serialized, and the caller would get a codec failure instead of "retry".
    /// </summary>
    public static BalsamTransientException? Translate(Exception error)
    {
        if (error is BalsamTransientException { InnerException: null })
        {
            return null;
        }

        for (var e = error; e is not null; e = e.InnerException)
        {
            var message = e switch
            {
                BalsamTransientException transient => transient.Message,
                NpgsqlException npgsql => $"The service's database is unavailable ({npgsql.Message}); retry",
                InconsistentStateException stale => $"The stored state changed under the call ({stale.Message}); it was reloaded, retry",
                TimeoutException timeout => $"The service's storage timed out ({timeout.Message}); retry",
                System.Net.Sockets.SocketException socket => $"The service's database is unreachable ({socket.Message}); retry",
                _ => null,
            };
            if (message is not null)
            {
                return new BalsamTransientException(message);
            }
        }

        return null;
    }
}
