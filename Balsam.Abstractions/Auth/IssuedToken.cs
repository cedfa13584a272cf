namespace Balsam.Auth;

/// <summary>A new bearer token: shown once, stored by the service only as a hash.</summary>
[GenerateSerializer, Alias("balsam.IssuedToken")]
public sealed record IssuedToken
{
    [Id(0)] public required string Token { get; init; }

    [Id(1)] public required string UserName { get; init; }

    [Id(2)] public DateTimeOffset ExpiresAt { get; init; }
}
