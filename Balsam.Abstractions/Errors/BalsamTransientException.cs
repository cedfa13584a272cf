namespace Balsam.Errors;

/// <summary>
/// The service could not do the call just now (its database or a silo was unavailable); nothing was changed by it.
/// Retry with back-off. Every storage and connection failure reaches callers as this one type (never a driver's own
/// exception), so clients can tell "try again" from a refusal such as <see cref="BalsamValidationException"/>.
/// </summary>
[GenerateSerializer, Alias("balsam.BalsamTransientException")]
public sealed class BalsamTransientException : Exception
{
    public BalsamTransientException(string message)
        : base(message)
    {
    }

    public BalsamTransientException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
