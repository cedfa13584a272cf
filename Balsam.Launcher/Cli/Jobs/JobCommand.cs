using System.CommandLine;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary><c>balsam job create | ls | modify | rm</c>.</summary>
internal static class JobCommand
{
    public static Command Create(CliContext context) => new("job", "Create, list, change and delete jobs")
    {
        JobCreateCommand.Create(context),
        JobListCommand.Create(context),
        JobModifyCommand.Create(context),
        JobRemoveCommand.Create(context),
        JobWaitCommand.Create(context),
    };
}
