using System.CommandLine;
using Balsam.Jobs;
using Balsam.States;

namespace Balsam.Launcher.Cli.Jobs;

/// <summary><c>balsam job create --app A --workdir W [-p k=v]... [--tag k=v]... [resources] [--parent ID]...</c></summary>
internal static class JobCreateCommand
{
    public static Command Create(CliContext context)
    {
        var site = new Option<string?>("--site", "-s") { Description = SiteSelector.OneSiteHelp };
        var app = new Option<string>("--app", "-a") { Description = "The app's name at the site", Required = true };
        var workdir = new Option<string>("--workdir", "-w") { Description = "Working folder, relative to the site's data/", Required = true };
        var parameters = KeyValueOption.Create("--param", "-p", "Parameter name=value; JSON values (5, [3,4], \"x\") are kept, anything else is a string");
        var tags = KeyValueOption.Create("--tag", "-t", "Tag key=value (repeatable)");
        var parents = new Option<long[]>("--parent") { Description = "A parent job id (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var transfers = KeyValueOption.Create("--transfer", "A transfer slot=alias:/absolute/path (repeatable)");
        var data = new Option<string?>("--data") { Description = "Free data for the job: a JSON object" };
        var resources = new JobResourceOptions();
        var command = new Command("create", "Create one job") { site, app, workdir, parameters, tags, parents, transfers, data };
        foreach (var option in resources.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
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
