namespace Balsam.Sessions;

/// <summary>Persisted state of a <see cref="SessionGrain"/> (stock ADO.NET grain storage; keep the name stable).</summary>
[GenerateSerializer, Alias("balsam.SessionState")]
public sealed class SessionState
{
    [Id(0)] public SessionInfo? Session { get; set; }
}
