using System.CommandLine;

namespace Balsam.Launcher.Cli.Apps;

/// <summary><c>balsam app ...</c>.</summary>
internal static class AppCommand
{
    public static Command Create(CliContext context) => new("app", "Register, list and remove apps")
    {
        AppAddCommand.Create(context),
        AppListCommand.Create(context),
        AppRemoveCommand.Create(context),
        AppSyncCommand.Create(context),
    };
}
