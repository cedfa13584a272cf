namespace Balsam.Silo.Rest.Auth;

/// <summary>The answer to a password login, as Balsam's client reads it: the token, <c>bearer</c>, and when it expires (naive UTC).</summary>
internal sealed record TokenOut(string AccessToken, string TokenType, DateTimeOffset Expiration);
