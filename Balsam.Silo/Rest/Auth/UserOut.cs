namespace Balsam.Silo.Rest.Auth;

/// <summary>Balsam's <c>UserOut</c>: the user's number and name.</summary>
internal sealed record UserOut(long Id, string Username);
