using Balsam.Client.Apps;
using Balsam.Client.Sites;
using Balsam.States;

namespace Balsam.Tests.Integration.Faults;

/// <summary>A run long enough to span a silo restart; its return value must still reach the caller.</summary>
public sealed class SlowAdder : ApplicationDefinition
{
    public const string SiteName = "fault-future";

    public override SiteRef Site => SiteName;

    public async Task<int> Run(int x, int y, int sleepMs)
    {
        await Task.Delay(sleepMs);
        return x + y;
    }
}

/// <summary>A short command that leaves one execution mark per run, with a postprocess hook the site agent runs.</summary>
public sealed class MarkedWithHook : ApplicationDefinition
{
    public const string SiteName = "fault-agent";

    public override SiteRef Site => SiteName;

    public override string CommandTemplate => "sleep 0.1; echo $BALSAM_JOB_ID >> ../../marks";

    public override async Task PostprocessAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(10, cancellationToken);
        Job.State = JobState.Postprocessed;
    }
}

/// <summary>A command whose postprocess hook takes a few seconds and says when it has begun (<c>data/hook-ID.started</c>; it runs in the job's workdir, two levels below).</summary>
public sealed class SlowHook : ApplicationDefinition
{
    public const string SiteName = "fault-slow-hook";

    public override SiteRef Site => SiteName;

    public override string CommandTemplate => "true";

    public override async Task PostprocessAsync(CancellationToken cancellationToken)
    {
        File.WriteAllText(Path.Combine("..", "..", $"hook-{Job.Id}.started"), ""); // from the workdir data/h/N
        await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
        Job.State = JobState.Postprocessed;
    }
}
