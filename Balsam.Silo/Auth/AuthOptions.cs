using Balsam.Auth;

namespace Balsam.Silo.Auth;

/// <summary>Settings of login: how long a token lives (a login may ask for less, never more).</summary>
public sealed class AuthOptions
{
    public TimeSpan TokenLifetime { get; set; } = Balsam.Auth.TokenLifetime.Default;
}
