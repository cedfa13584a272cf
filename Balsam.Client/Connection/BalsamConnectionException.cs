namespace Balsam.Client.Connection;

/// <summary>
/// The Balsam service could not be reached, or its address is malformed. The message names the address tried,
/// where that address came from, and what to run.
/// </summary>
public sealed class BalsamConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="endpoint">The address that was tried, when one was resolved.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public BalsamConnectionException(string message, ServiceEndpoint? endpoint = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>The address that was tried, or null when none could be resolved.</summary>
    public ServiceEndpoint? Endpoint { get; }
}
