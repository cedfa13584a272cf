using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Client.Apps;
using Balsam.Client.Jobs;
using Balsam.Jobs;
using Balsam.Launcher.Pilot.RunApp;
using Balsam.States;

namespace Balsam.Launcher.SiteAgent.Hooks;

/// <summary>
/// Runs one hook of a C# app for one job at the site (SPEC §4, DESIGN §4): a fresh instance of the app class with
/// <c>Job</c> bound, in the job's workdir, its console output appended to <c>balsam.log</c>. What the hook changed on
/// the job (state, data edited in place, tags) is saved afterwards. A hook that throws fails the job with the
/// exception; a hook that leaves the state as it was fails it too, since it would otherwise run again for ever.
/// Hooks run one at a time: the working folder and the console are the process's own.
/// </summary>
public sealed class HookRunner(BalsamClient client, AppTypeLoader loader, string siteFolder)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Fetches the job and its app, then runs the hook: the body of <c>balsam run-hook</c> (see <see cref="HookProcess"/>).</summary>
    public static async Task RunForJobAsync(BalsamClient client, long jobId, AppHooks hook, string siteFolder, CancellationToken cancellationToken)
    {
        var job = await client.Cluster.GetGrain<IJobGrain>(jobId).GetAsync();
        var app = await client.Apps.GetAsync(job.SiteId, job.AppName);
        await new HookRunner(client, new AppTypeLoader(client, siteFolder), siteFolder).RunAsync(app, job, hook, cancellationToken);
    }

    public async Task RunAsync(AppInfo app, JobRecord record, AppHooks hook, CancellationToken cancellationToken)
    {
        var job = new Job(client, record);
        string workdir;
        try
        {
            workdir = Sites.SiteLayout.Workdir(siteFolder, record.Workdir);
        }
        catch (Sites.WorkdirOutsideSiteException e)
        {
            job.State = JobState.Failed;
            job.StateData = new JsonObject { ["message"] = $"{hook} was not run: {e.Message}" };
            await job.SaveAsync(cancellationToken);
            return;
        }

        Directory.CreateDirectory(workdir);
        await OneAtATime.WaitAsync(cancellationToken);
        var (folder, output, error) = (Environment.CurrentDirectory, Console.Out, Console.Error);
        try
        {
            await using var log = new StreamWriter(Path.Combine(workdir, "balsam.log"), append: true) { AutoFlush = true };
            Environment.CurrentDirectory = workdir;
            Console.SetOut(log);
            Console.SetError(log);
            await log.WriteLineAsync($"--- {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss} {hook} of job {record.Id} ({record.State.Name()})");
            try
            {
                var instance = await loader.CreateAsync(app);
                instance.Job = job;
                await (hook switch
                {
                    AppHooks.Preprocess => instance.PreprocessAsync(cancellationToken),
                    AppHooks.Postprocess => instance.PostprocessAsync(cancellationToken),
                    AppHooks.HandleError => instance.HandleErrorAsync(cancellationToken),
                    AppHooks.HandleTimeout => instance.HandleTimeoutAsync(cancellationToken),
                    _ => throw new ArgumentOutOfRangeException(nameof(hook), hook, "not a hook the processing service runs"),
                });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await log.WriteLineAsync(e.ToString());
                job.State = JobState.Failed;
                job.StateData = new JsonObject { ["message"] = $"An exception occurred in {hook}", ["exception"] = $"{e.GetType().FullName}: {e.Message}" };
            }

            if (job.State == record.State)
            {
                job.State = JobState.Failed;
                job.StateData = new JsonObject { ["message"] = $"{hook} of {app.Name} did not set the job's next state" };
            }
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
            Environment.CurrentDirectory = folder;
            OneAtATime.Release();
        }

        await job.SaveAsync(cancellationToken);
    }
}
