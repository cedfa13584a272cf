using System.CommandLine;
using Balsam.Jobs;
using Balsam.Launcher.Cli.Jobs.FromFile;
using Balsam.States;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary>
/// <c>balsam job create --app A --workdir W [-p k=v]... [--tag k=v]... [resources] [--parent ID]...</c>, or many jobs at
/// once with <c>--from-file jobs.yaml|jobs.json|jobs.csv [--site S] [--tag k=v]... [--skip-invalid]</c>.
/// </summary>
internal static class JobCreateCommand
{
    public static Command Create(CliContext context)
    {
        var site = new Option<string?>("--site", "-s") { Description = SiteSelector.OneSiteHelp };
        var app = new Option<string>("--app", "-a") { Description = "The app's name at the site (required without --from-file)" };
        var workdir = new Option<string>("--workdir", "-w") { Description = "Working folder, relative to the site's data/ (required without --from-file)" };
        var parameters = KeyValueOption.Create("--param", "-p", "Parameter name=value; JSON values (5, [3,4], \"x\") are kept, anything else is a string");
        var tags = KeyValueOption.Create("--tag", "-t", "Tag key=value (repeatable)");
        var parents = new Option<long[]>("--parent") { Description = "A parent job id (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var transfers = KeyValueOption.Create("--transfer", "A transfer slot=alias:/absolute/path (repeatable)");
        var data = new Option<string?>("--data") { Description = "Free data for the job: a JSON object" };
        var resources = new JobResourceOptions();
        var fromFile = new Option<string?>("--from-file", "-f")
        {
            Description = "Create every job listed in a .yaml, .json or .csv file (fields as in the README); --site and --tag apply to each",
        };
        var skipInvalid = new Option<bool>("--skip-invalid")
        {
            Description = "With --from-file: create the valid entries and list the others (default: create nothing if any entry is invalid)",
        };
        var command = new Command("create", "Create one job, or many from a file") { site, app, workdir, parameters, tags, parents, transfers, data, fromFile, skipInvalid };
        foreach (var option in resources.All)
        {
            command.Options.Add(option);
        }

        Option[] oneJobOnly = [app, workdir, parameters, parents, transfers, data, .. resources.All];
        command.Validators.Add(result =>
        {
            if (result.GetResult(fromFile) is not null)
            {
                foreach (var option in oneJobOnly.Where(option => result.GetResult(option) is not null))
                {
                    result.AddError($"{option.Name} describes one job; with --from-file give it in the file (only --site and --tag apply to every entry).");
                }
            }
            else
            {
                foreach (var option in new[] { app, workdir }.Where(option => result.GetResult(option) is null))
                {
                    result.AddError($"Option '{option.Name}' is required (or give --from-file).");
                }
            }
        });

        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            if (parse.GetValue(fromFile) is { } file)
            {
                return await JobCreateFromFile.RunAsync(context, client, context.FullPath(file), parse.GetValue(site),
                    KeyValueOption.Parse(parse.GetValue(tags), "--tag"), parse.GetValue(skipInvalid));
            }

            var target = await SiteSelector.ResolveAsync(client, context, parse.GetValue(site));
            var spec = new JobSpec
            {
                SiteId = target.Id,
                AppName = parse.GetValue(app)!,
                Workdir = parse.GetValue(workdir)!,
                Parameters = KeyValueOption.Parse(parse.GetValue(parameters), "--param")
                    .ToDictionary(pair => pair.Key, pair => KeyValueOption.ToJsonLiteral(pair.Value)),
                Tags = KeyValueOption.Parse(parse.GetValue(tags), "--tag"),
                ParentIds = [.. parse.GetValue(parents) ?? []],
                Transfers = KeyValueOption.Parse(parse.GetValue(transfers), "--transfer"),
                Data = parse.GetValue(data) ?? "{}",
                Resources = resources.Apply(parse, JobResources.Default),
            };
            var job = (await client.Cluster.GetGrain<IJobServiceGrain>(0).CreateAsync([spec])).Single();
            context.Out.WriteLine($"Created job {job.Id} at site '{target.Name}': {job.AppName} in {job.Workdir}, {job.State.Name()}");
            return ExitCodes.Success;
        });
        return command;
    }
}
