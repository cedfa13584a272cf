namespace Balsam.Silo.Auth;

/// <summary>A user as <c>balsam-silo user ls</c> lists it.</summary>
internal sealed record UserSummary(string Name, DateTimeOffset CreatedAt, DateTimeOffset PasswordChangedAt, int ActiveTokens);
