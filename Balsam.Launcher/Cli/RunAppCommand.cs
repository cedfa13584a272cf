using System.CommandLine;
using Balsam.Jobs;
using Balsam.Launcher.Pilot.RunApp;

namespace Balsam.Launcher.Cli;

/// <summary><c>balsam run-app --job-id N --site-folder DIR</c>: the runner the launcher starts (under MPI when ranks &gt; 1) for a <c>Run</c> app.</summary>
internal static class RunAppCommand
{
    public static Command Create(CliContext context)
    {
        var jobId = new Option<long>("--job-id") { Required = true, Description = "The job to run" };
        var siteFolder = new Option<string>("--site-folder") { Required = true, Description = "The site folder" };
        var command = new Command("run-app", "Run a Run app's job (started by the launcher)") { jobId, siteFolder };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            var job = await client.Cluster.GetGrain<IJobGrain>(parse.GetValue(jobId)).GetAsync();
            var app = await client.Apps.GetAsync(job.SiteId, job.AppName);
            var workdir = context.WorkingDirectory;
            var writeResult = RunResultFile.IsRankZero();
            try
            {
                var instance = await new AppTypeLoader(client, parse.GetValue(siteFolder)!).CreateAsync(app);
                var value = await RunInvoker.InvokeAsync(instance, app.Definition, job.Parameters, ct);
                if (writeResult)
                {
                    RunResultFile.WriteValue(workdir, value);
                }

                return ExitCodes.Success;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                context.Error.WriteLine($"{app.Name}.Run threw {e.GetType().FullName}: {e.Message}");
                context.Error.WriteLine(e.StackTrace);
                if (writeResult)
                {
                    RunResultFile.WriteException(workdir, RunInvoker.DescribeException(e));
                }

                return ExitCodes.UserError;
            }
        });
        return command;
    }
}
