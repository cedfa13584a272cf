namespace Balsam.Users;

/// <summary>Persisted state of a <see cref="UserGrain"/> (stock ADO.NET grain storage; keep the name stable).</summary>
[GenerateSerializer, Alias("balsam.UserState")]
public sealed class UserState
{
    /// <summary>Site name to site id.</summary>
    [Id(0)] public Dictionary<string, long> Sites { get; set; } = [];
}
