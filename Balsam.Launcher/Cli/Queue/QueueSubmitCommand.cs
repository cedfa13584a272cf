using System.CommandLine;
using Balsam.BatchJobs;
using Balsam.Client.BatchJobs;
using Balsam.Launcher.Cli.Jobs;

namespace Balsam.Launcher.Cli.Queue;

/// <summary>
/// <c>balsam queue submit -n N -t MIN -q QUEUE -A PROJECT -j mpi|serial [--tag K=V]... [-p MODE:NODES[:K=V]]...
/// [-x NAME=VALUE]... [--site SITE]</c>: creates a batch job at one site, checked against the site's settings.
/// </summary>
internal static class QueueSubmitCommand
{
    public static Command Create(CliContext context)
    {
        var numNodes = new Option<int>("--num-nodes", "-n") { Description = "Nodes of the allocation", Required = true };
        var wallTime = new Option<int>("--wall-time-min", "-t") { Description = "Wall time in minutes", Required = true };
        var queue = new Option<string>("--queue", "-q") { Description = "Scheduler queue (one of the site's allowed_queues)", Required = true };
        var project = new Option<string>("--project", "-A") { Description = "Project (allocation) charged (one of the site's allowed_projects)", Required = true };
        var jobMode = new Option<string>("--job-mode", "-j") { Description = "How the launcher runs jobs: mpi or serial", Required = true };
        jobMode.AcceptOnlyFromAmong([.. JobModeNames.All]);
        var tags = KeyValueOption.Create("--tag", "Run only jobs with this tag, K=V (repeatable)");
        var parts = PartitionOption.Create(
            $"A partition {PartitionOption.Syntax}: a launcher in job mode mpi|serial on NODES nodes for jobs with these tags " +
            "(repeatable; node counts must add up to --num-nodes)", "-p");
        var extra = KeyValueOption.Create("--extra-param", "-x", "A job-template parameter NAME=VALUE (one of the site's optional_batch_job_params; repeatable)");
        var site = new Option<string?>("--site", "-s") { Description = SiteSelector.OneSiteHelp };
        var command = new Command("submit", "Request an allocation from a site's scheduler (a batch job that runs a launcher)")
        {
            numNodes, wallTime, queue, project, jobMode, tags, parts, extra, site,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = new BatchJobRequest
            {
                NumNodes = parse.GetValue(numNodes),
                WallTimeMin = parse.GetValue(wallTime),
                Queue = parse.GetValue(queue)!,
                Project = parse.GetValue(project)!,
                JobMode = JobModeNames.TryParse(parse.GetValue(jobMode), out var mode) ? mode : JobMode.Mpi,
                FilterTags = KeyValueOption.Parse(parse.GetValue(tags), "--tag"),
                Partitions = PartitionOption.Parse(parse.GetValue(parts)),
                OptionalParams = KeyValueOption.Parse(parse.GetValue(extra), "--extra-param"),
            };
            await using var client = await context.ConnectAsync(ct);
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetValue(site));
            var created = await client.BatchJobs.CreateAsync(request with { Site = target }, ct);
            context.Out.WriteLine($"Created batch job {created.Id} at site '{target.Name}': {created.State.Name()} " +
                "(the site's scheduler service submits it; balsam queue ls shows its progress)");
            BatchJobTable.Write(context, [created], [target], verbose: false);
            return ExitCodes.Success;
        });
        return command;
    }
}
