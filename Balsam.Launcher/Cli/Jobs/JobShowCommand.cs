using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Jobs;
using Balsam.Launcher.Cli.Output;
using Balsam.Launcher.Sites;
using Balsam.States;
using Balsam.Transfers;
using Spectre.Console;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary>
/// <c>balsam job show ID</c>: one job in full: its fields, parameters, tags, state history, state data, the tail of its
/// last error, its workdir and its transfer items with their state, task and the provider's message.
/// </summary>
internal static class JobShowCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The job's id" };
        var command = new Command("show", "Show one job: fields, history, errors and transfer items") { id };
        command.SetAction(async (parse, ct) =>
        {
            var jobId = parse.GetValue(id);
            await using var client = await context.ConnectAsync(ct);
            var sites = await client.Sites.ListAsync();
            var service = client.Cluster.GetGrain<IJobServiceGrain>(0);
            var job = sites.Count == 0 ? null : (await service.QueryAsync(new JobQuery { Ids = [jobId], SiteIds = [.. sites.Select(s => s.Id)] })).SingleOrDefault();
            if (job is null)
            {
                throw new CliUserException($"job {jobId}: no such job among your jobs");
            }

            var site = sites.Single(s => s.Id == job.SiteId);
            var events = await service.EventsAsync(new EventQuery { JobIds = [job.Id], SiteIds = [site.Id] });
            var items = await service.TransferItemsAsync(new TransferItemQuery { JobIds = [job.Id], SiteIds = [site.Id] });

            context.Console.Write(Fields(job, site));
            context.Out.WriteLine();
            WriteParameters(job, context);
            WriteHistory(events, context);
            context.Out.WriteLine($"State data: {job.StateData}");
            if (ErrorTail(job, events) is { } tail)
            {
                context.Out.WriteLine("Error tail:");
                foreach (var line in tail.Split('\n'))
                {
                    context.Out.WriteLine($"  {line.TrimEnd('\r')}");
                }
            }

            context.Out.WriteLine();
            if (items.Count == 0)
            {
                context.Out.WriteLine("Transfer items: none.");
            }
            else
            {
                context.Out.WriteLine("Transfer items:");
                context.Console.Write(TransferItemTable.Create(items, withJob: false));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Table Fields(JobRecord job, Balsam.Sites.SiteInfo site)
    {
        var table = Tables.Create("Field", "Value");
        var r = job.Resources;
        var rows = new (string Name, string Value)[]
        {
            ("Id", job.Id.ToString(CultureInfo.InvariantCulture)),
            ("Site", $"{site.Name} ({site.Id})"),
            ("App", job.AppName),
            ("State", job.State.Name()),
            ("Workdir", $"{job.Workdir} ({Path.Combine(site.Path, SiteLayout.Data, job.Workdir)})"),
            ("Tags", JobListCommand.TagsText(job.Tags)),
            ("Parents", job.ParentIds.Count == 0 ? "-" : string.Join(' ', job.ParentIds)),
            ("Nodes", JobListCommand.NodesText(r)),
            ("Ranks per node", $"{r.RanksPerNode}"),
            ("Threads", $"{r.ThreadsPerRank} per rank, {r.ThreadsPerCore} per core"),
            ("GPUs per rank", r.GpusPerRank.ToString(CultureInfo.InvariantCulture)),
            ("Wall time", r.WallTimeMin == 0 ? "-" : $"{r.WallTimeMin} min"),
            ("Launch params", r.LaunchParams.Count == 0 ? "-" : string.Join(' ', r.LaunchParams.Select(p => $"{p.Key}={p.Value}"))),
            ("Return code", job.ReturnCode?.ToString(CultureInfo.InvariantCulture) ?? "-"),
            ("Batch job", job.BatchJobId?.ToString(CultureInfo.InvariantCulture) ?? "-"),
            ("Session", job.SessionId?.ToString(CultureInfo.InvariantCulture) ?? "-"),
            ("Pending stage-in", $"{job.PendingStageIn}"),
            ("Pending stage-out", $"{job.PendingStageOut}"),
            ("Pending cleanup", Tables.YesNo(job.PendingFileCleanup)),
            ("Data", job.Data),
            ("Created", Tables.Time(job.CreatedAt)),
            ("Updated", Tables.Time(job.LastUpdate)),
        };
        foreach (var (name, value) in rows)
        {
            table.AddTextRow(name, value);
        }

        return table;
    }

    private static void WriteParameters(JobRecord job, CliContext context)
    {
        if (job.Parameters.Count == 0)
        {
            context.Out.WriteLine("Parameters: none.");
            return;
        }

        context.Out.WriteLine("Parameters:");
        var table = Tables.Create("Name", "Value");
        foreach (var (name, value) in job.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            table.AddTextRow(name, value);
        }

        context.Console.Write(table);
    }

    private static void WriteHistory(IReadOnlyList<JobEvent> events, CliContext context)
    {
        context.Out.WriteLine("History:");
        var table = Tables.Create("Time", "From", "To", "Message");
        foreach (var e in events)
        {
            table.AddTextRow(Tables.Time(e.Timestamp), e.From.Name(), e.To.Name(), Message(e.Data));
        }

        context.Console.Write(table);
    }

    /// <summary>An event's <c>message</c> (or the first line of its <c>error</c>), else its data as it is.</summary>
    private static string Message(string data)
    {
        var node = Parse(data);
        if (node?["message"]?.ToString() is { Length: > 0 } message)
        {
            return message;
        }

        if (node?["error"]?.ToString() is { Length: > 0 } error)
        {
            return error.Split('\n', 2)[0];
        }

        return data is "{}" or "" ? "-" : data;
    }

    /// <summary>The <c>error</c> text of the latest event that has one (a run's stderr tail), else the run's exception.</summary>
    private static string? ErrorTail(JobRecord job, IReadOnlyList<JobEvent> events)
    {
        foreach (var e in events.Reverse())
        {
            if (Parse(e.Data)?["error"] is JsonValue value && value.ToString() is { Length: > 0 } error)
            {
                return error;
            }
        }

        return string.IsNullOrEmpty(job.Exception) ? null : job.Exception;
    }

    private static JsonObject? Parse(string data)
    {
        try
        {
            return JsonNode.Parse(data) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
