using System.CommandLine;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary><c>balsam job create | ls | show | modify | rm | wait</c>.</summary>
internal static class JobCommand
{
    public static Command Create(CliContext context) => new("job", "Create, list, show, change and delete jobs")
    {
        JobCreateCommand.Create(context),
        JobListCommand.Create(context),
        JobShowCommand.Create(context),
        JobModifyCommand.Create(context),
        JobRemoveCommand.Create(context),
        JobWaitCommand.Create(context),
    };
}
