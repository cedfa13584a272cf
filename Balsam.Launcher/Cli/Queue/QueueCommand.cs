using System.CommandLine;

namespace Balsam.Launcher.Cli.Queue;

/// <summary><c>balsam queue submit | ls | rm</c>: batch jobs, the allocations that run launchers at a site.</summary>
internal static class QueueCommand
{
    public static Command Create(CliContext context) => new("queue", "Submit, list and end batch jobs (allocations that run launchers)")
    {
        QueueSubmitCommand.Create(context),
        QueueListCommand.Create(context),
        QueueRemoveCommand.Create(context),
    };
}
