using Balsam.Launcher.Pilot.Spawn;

namespace Balsam.Launcher.Pilot;

/// <summary>A job run as its own process group (<see cref="ProcessGroups"/>).</summary>
internal sealed class ProcessRun(SessionProcess process) : IJobRun
{
    public Task Finished => process.Exited;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public Task StopAsync(TimeSpan grace) => process.StopAsync(grace);

    public void Dispose() => process.Dispose();
}
