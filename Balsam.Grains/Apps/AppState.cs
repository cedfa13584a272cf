namespace Balsam.Apps;

/// <summary>Persisted state of an <see cref="AppGrain"/> (stock ADO.NET grain storage; keep the name stable).</summary>
[GenerateSerializer, Alias("balsam.AppState")]
public sealed class AppState
{
    [Id(0)] public AppInfo? App { get; set; }
}
