using System.Diagnostics;

namespace Balsam.Launcher.Pilot;

/// <summary>A job run as its own process group (<see cref="ProcessGroups"/>).</summary>
internal sealed class ProcessRun(Process process) : IJobRun
{
    public Task Finished { get; } = process.WaitForExitAsync();

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public Task StopAsync(TimeSpan grace) => ProcessGroups.StopAsync(process, grace);

    public void Dispose() => process.Dispose();
}
