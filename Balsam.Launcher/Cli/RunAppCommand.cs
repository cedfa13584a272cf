using System.CommandLine;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Jobs;
using Balsam.Launcher.Pilot.RunApp;

namespace Balsam.Launcher.Cli;

/// <summary>
/// <c>balsam run-app --job-id N --site-folder DIR</c>: the runner the launcher starts (under MPI when ranks &gt; 1) for a
/// <c>Run</c> app. It reads the job from the workdir's <see cref="RunAppJobFile"/> and connects to the service only for
/// an app assembly not cached at the site (or when the file is missing).
/// </summary>
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
            var workdir = context.WorkingDirectory;
            BalsamClient? client = null;
            try
            {
                var job = RunAppJobFile.TryRead(workdir, parse.GetValue(jobId));
                if (job is null)
                {
                    client = await context.ConnectAsync(ct);
                    var record = await client.Cluster.GetGrain<IJobGrain>(parse.GetValue(jobId)).GetAsync();
                    job = RunAppJob.From(record, await client.Apps.GetAsync(record.SiteId, record.AppName));
                }

                var loader = new AppTypeLoader(async contentHash =>
                {
                    client ??= await context.ConnectAsync(ct);
                    return await client.Cluster.GetGrain<IAppCatalogueGrain>(0).DownloadAssemblyAsync(contentHash);
                }, parse.GetValue(siteFolder)!);
                // The connection is needed only to load the app: close it before the user's code runs, so a service
                // restart during a long run cannot turn a finished run into an error.
                return await RunAppExecution.RunAsync(job, loader, workdir, context.Error,
                    () => CloseQuietlyAsync(Interlocked.Exchange(ref client, null)), ct);
            }
            finally
            {
                await CloseQuietlyAsync(client);
            }
        });
        return command;
    }

    private static async Task CloseQuietlyAsync(BalsamClient? client)
    {
        try
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }
        }
        catch (Exception)
        {
            // The run's outcome is in the result file and the exit code; a service that went away meanwhile changes neither.
        }
    }
}
