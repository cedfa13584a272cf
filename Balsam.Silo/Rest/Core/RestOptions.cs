namespace Balsam.Silo.Rest.Core;

/// <summary>Settings of the REST API.</summary>
public sealed class RestOptions
{
    /// <summary>Whether anyone may create a user with <c>POST /auth/password/register</c> (silo option <c>--allow-registration</c>).</summary>
    public bool AllowRegistration { get; set; }
}
