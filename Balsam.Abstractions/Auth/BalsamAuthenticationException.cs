namespace Balsam.Auth;

/// <summary>A login was refused. The message is the same for an unknown user and a wrong password.</summary>
[GenerateSerializer, Alias("balsam.BalsamAuthenticationException")]
public sealed class BalsamAuthenticationException : Exception
{
    /// <summary>The one message of a refused login.</summary>
    public const string WrongCredentials = "Wrong user name or password";

    public BalsamAuthenticationException()
        : base(WrongCredentials)
    {
    }

    public BalsamAuthenticationException(string message)
        : base(message)
    {
    }
}
