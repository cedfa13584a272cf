using Balsam.Client.Apps;
using Balsam.Client.Sites;
using Balsam.States;

namespace Balsam.Tests.Integration.Sdk.Apps;

public sealed class Hooked : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;

    public override string? CommandTemplate => "simulate";

    public override Task PreprocessAsync(CancellationToken cancellationToken)
    {
        Job.Data["prepared"] = true;
        Job.State = JobState.Preprocessed;
        return Task.CompletedTask;
    }

    public override Task HandleErrorAsync(CancellationToken cancellationToken)
    {
        Job.State = JobState.RestartReady;
        return Task.CompletedTask;
    }

    public override IReadOnlyList<string> ShellPreamble() => ["module load simulate"];
}
