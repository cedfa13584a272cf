namespace Balsam.Errors;

/// <summary>Which failures of a call are worth retrying: the service's transient error, and a lost connection.</summary>
public static class TransientErrors
{
    /// <summary>
    /// True for <see cref="BalsamTransientException"/>, Orleans' connection and gateway failures, and time-outs;
    /// false for refusals (validation, not found, an illegal move, a fenced report), which a retry cannot change.
    /// </summary>
    public static bool IsTransient(Exception error) => error switch
    {
        BalsamTransientException => true,
        Orleans.Runtime.OrleansMessageRejectionException => true,
        Orleans.Runtime.OrleansException when error.GetType().Name == "ConnectionFailedException" => true, // in Orleans.Core
        TimeoutException => true,
        System.Net.Sockets.SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        _ => false,
    };
}
