namespace Balsam.Launcher.Settings;

/// <summary><c>processing</c>: the site agent's service that runs the apps' hooks (preprocess, postprocess, error, timeout).</summary>
public sealed record ProcessingSettings
{
    /// <summary>Hooks run at once.</summary>
    public int NumWorkers { get; init; } = 1;

    /// <summary>Jobs the service keeps leased ahead of its workers.</summary>
    public int PrefetchDepth { get; init; } = 1000;
}
