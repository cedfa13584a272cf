using System.CommandLine;
using Balsam.Launcher.Pilot.Executor;

namespace Balsam.Launcher.Cli;

/// <summary><c>balsam run-executor --site-folder DIR</c>: the warm executor a launcher starts for <c>Run</c> app jobs (<see cref="ExecutorHost"/>).</summary>
internal static class RunExecutorCommand
{
    public static Command Create()
    {
        var siteFolder = new Option<string>("--site-folder") { Required = true, Description = "The site folder" };
        var command = new Command("run-executor", "Run Run apps' jobs for a launcher, one after another (started by the launcher)") { siteFolder };
        command.Hidden = true;
        command.SetAction((parse, _) => new ExecutorHost(Path.GetFullPath(parse.GetValue(siteFolder)!)).RunAsync());
        return command;
    }
}
