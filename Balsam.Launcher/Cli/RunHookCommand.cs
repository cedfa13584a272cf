using System.CommandLine;
using Balsam.Apps;
using Balsam.Launcher.SiteAgent.Hooks;

namespace Balsam.Launcher.Cli;

/// <summary>
/// <c>balsam run-hook --job-id N --hook Preprocess --site-folder DIR</c>: runs one C# hook of a job in a process of its
/// own, so that the processing service can run <c>processing.num_workers</c> hooks at once, each with its own working
/// folder and console (started by the site agent).
/// </summary>
internal static class RunHookCommand
{
    public static Command Create(CliContext context)
    {
        var jobId = new Option<long>("--job-id") { Required = true, Description = "The job whose hook runs" };
        var hook = new Option<AppHooks>("--hook") { Required = true, Description = "Preprocess, Postprocess, HandleError or HandleTimeout" };
        var siteFolder = new Option<string>("--site-folder") { Required = true, Description = "The site folder" };
        var command = new Command("run-hook", "Run one hook of a job (started by the site agent)") { jobId, hook, siteFolder };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            await HookRunner.RunForJobAsync(client, parse.GetValue(jobId), parse.GetValue(hook), parse.GetValue(siteFolder)!, ct);
            return ExitCodes.Success;
        });
        return command;
    }
}
