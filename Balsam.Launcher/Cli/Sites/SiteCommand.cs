using System.CommandLine;

namespace Balsam.Launcher.Cli.Sites;

/// <summary><c>balsam site ...</c>.</summary>
internal static class SiteCommand
{
    public static Command Create(CliContext context) => new("site", "Create, list, move, rename and delete sites; start and stop their agents")
    {
        SiteInitCommand.Create(context),
        SiteListCommand.Create(context),
        SiteRemoveCommand.Create(context),
        SiteMoveCommand.Create(context),
        SiteRenameCommand.Create(context),
        SiteAgentCommands.Start(context),
        SiteAgentCommands.Stop(context),
        SiteAgentCommands.Sync(context),
        SiteAgentCommands.Agent(context),
    };
}
