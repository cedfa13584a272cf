using System.CommandLine;
using Balsam.Jobs;
using Balsam.Launcher.Cli.Output;
using Balsam.States;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary><c>balsam job modify [IDS] [filters] [--state S] [--tag k=v]... [--data JSON] [resources]</c>: changes every matching job through its grain.</summary>
internal static class JobModifyCommand
{
    /// <summary>
    /// Jobs changed per request. The service changes each through its grain, a bounded number at a time; a few hundred
    /// a request keep each well inside the client's response timeout on a busy machine, and the round trips few.
    /// </summary>
    private const int ChangesPerRequest = 500;

    /// <summary>Jobs read per request.</summary>
    private const int PageSize = 5_000;

    public static Command Create(CliContext context)
    {
        var ids = new Argument<long[]>("ids") { Description = "Job ids (or select jobs with the filter options)", Arity = ArgumentArity.ZeroOrMore };
        var filters = new JobFilterOptions();
        var state = new Option<string?>("--set-state") { Description = "Move the jobs to this state, e.g. RESTART_READY" };
        var tags = KeyValueOption.Create("--set-tag", "Set a tag key=value on each job (others are kept; repeatable)");
        var data = new Option<string?>("--set-data") { Description = "Replace each job's data with this JSON object" };
        var resources = new JobResourceOptions();
        var command = new Command("modify", "Change jobs: state, tags, data or resources") { ids, state, tags, data };
        foreach (var option in filters.All.Concat(resources.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var givenIds = parse.GetValue(ids) ?? [];
            if (givenIds.Length == 0 && !filters.HasFilter(parse))
            {
                throw new CliUserException("Name the jobs: give ids, or filters such as --state FAILED or --tag exp=1.");
            }

            var newTags = KeyValueOption.Parse(parse.GetValue(tags), "--set-tag");
            var newState = parse.GetValue(state) is { } s ? JobStateNames.Parse(s) : (JobState?)null;
            if (newState is null && newTags.Count == 0 && parse.GetValue(data) is null && !resources.AnyGiven(parse))
            {
                throw new CliUserException("Nothing to change: give --set-state, --set-tag, --set-data or a resource option.");
            }

            await using var client = await context.ConnectAsync(ct);
            var (query, _) = await filters.BuildAsync(parse, client, context);
            if (givenIds.Length > 0)
            {
                query = query with { Ids = [.. givenIds] };
            }

            // The matches are read first, a page a request (a change may move a job out of the filter), then changed.
            var service = client.Cluster.GetGrain<IJobServiceGrain>(0);
            var jobs = new List<JobRecord>();
            for (var page = await service.QueryAsync(query with { Limit = PageSize }); page.Count > 0;
                 page = page.Count < PageSize ? [] : await service.QueryAsync(query with { Limit = PageSize, Offset = jobs.Count }))
            {
                jobs.AddRange(page);
            }

            var failures = new Dictionary<long, string>();
            await CliProgress.RunAsync(context, "Modifying jobs", jobs.Count, async advance =>
            {
                foreach (var chunk in jobs.Chunk(ChangesPerRequest))
                {
                    var patches = chunk.ToDictionary(job => job.Id, job => Patch(job));
                    var result = await service.UpdateEachAsync(patches);
                    if (result.Transient is { Count: > 0 } transient)
                    {
                        // The database went away under some of them: send those once more before naming them.
                        var again = await service.UpdateEachAsync(transient.ToDictionary(id => id, id => patches[id]));
                        foreach (var id in transient.Where(id => !again.Failures.ContainsKey(id)))
                        {
                            result.Failures.Remove(id);
                        }

                        foreach (var (id, reason) in again.Failures)
                        {
                            result.Failures[id] = reason;
                        }
                    }

                    foreach (var (id, reason) in result.Failures)
                    {
                        failures[id] = reason;
                    }

                    advance(chunk.Length);
                }
            });

            context.Out.WriteLine($"Modified {jobs.Count - failures.Count} of {jobs.Count} matching jobs.");
            foreach (var (id, reason) in failures.OrderBy(f => f.Key).Take(20))
            {
                context.Error.WriteLine($"  job {id}: {reason.Split(Environment.NewLine)[0]}");
            }

            return failures.Count == 0 ? ExitCodes.Success : ExitCodes.UserError;

            JobPatch Patch(JobRecord job)
            {
                var merged = new Dictionary<string, string>(job.Tags);
                foreach (var (key, value) in newTags)
                {
                    merged[key] = value;
                }

                return new JobPatch
                {
                    State = newState,
                    Tags = newTags.Count > 0 ? merged : null,
                    Data = parse.GetValue(data),
                    Resources = resources.AnyGiven(parse) ? resources.Apply(parse, job.Resources) : null,
                };
            }
        });
        return command;
    }
}
