namespace Balsam.Launcher.Pilot;

/// <summary>A started job's run, however it runs: its own process group, or a warm executor.</summary>
internal interface IJobRun : IDisposable
{
    /// <summary>Completes when the run has ended.</summary>
    Task Finished { get; }

    bool HasExited { get; }

    /// <summary>The run's exit code (as its process's would be); read once <see cref="HasExited"/>.</summary>
    int ExitCode { get; }

    /// <summary>Stops the run: asks it to end, and ends it by force after <paramref name="grace"/>.</summary>
    Task StopAsync(TimeSpan grace);
}
