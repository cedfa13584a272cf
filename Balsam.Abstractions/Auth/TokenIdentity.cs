namespace Balsam.Auth;

/// <summary>Whom a valid token stands for, and until when.</summary>
[GenerateSerializer, Alias("balsam.TokenIdentity")]
public sealed record TokenIdentity
{
    [Id(0)] public required string UserName { get; init; }

    [Id(1)] public DateTimeOffset CreatedAt { get; init; }

    [Id(2)] public DateTimeOffset ExpiresAt { get; init; }
}
