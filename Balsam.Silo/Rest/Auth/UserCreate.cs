namespace Balsam.Silo.Rest.Auth;

/// <summary>Balsam's <c>UserCreate</c>: the body of <c>POST /auth/password/register</c>.</summary>
internal sealed record UserCreate
{
    public required string Username { get; init; }

    public required string Password { get; init; }
}
