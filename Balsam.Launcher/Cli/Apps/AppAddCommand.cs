using System.CommandLine;
using Balsam.Apps;

namespace Balsam.Launcher.Cli.Apps;

/// <summary>
/// <c>balsam app add --site SITE --name Name --command TEMPLATE [--param name[=default]]... [--description D]</c>:
/// registers a command-template app. Parameters named in the template are required unless given a default.
/// </summary>
internal static class AppAddCommand
{
    public static Command Create(CliContext context)
    {
        var site = new Option<string?>("--site", "-s") { Description = SiteSelector.OneSiteHelp };
        var name = new Option<string>("--name", "-n") { Description = "The app name (a C# identifier, e.g. Hello)", Required = true };
        var template = new Option<string>("--command", "-c")
        {
            Description = "The command template, with parameters as {{ name }} (e.g. 'echo Hello, {{ say_hello_to }}!')",
            Required = true,
        };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "A parameter: NAME=DEFAULT makes it optional with that default; NAME alone declares it required",
            HelpName = "NAME[=DEFAULT]",
        };
        var description = new Option<string?>("--description", "-d") { Description = "What the app does" };
        var command = new Command("add", "Register a command-template app at a site (replaces an app of the same name)")
        {
            site, name, template, parameters, description,
        };
        command.SetAction(async (parse, ct) =>
        {
            var definition = new AppDefinition
            {
                Name = parse.GetRequiredValue(name),
                CommandTemplate = parse.GetRequiredValue(template),
                Description = parse.GetValue(description) ?? "",
                Parameters = ParseParameters(parse.GetValue(parameters) ?? []),
            };
            await using var client = await context.ConnectAsync(ct);
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetValue(site));
            var app = await client.Apps.RegisterAsync(target.Id, definition);
            context.Out.WriteLine($"Registered app '{app.Name}' (id {app.Id}) at site '{target.Name}' (id {target.Id})");
            context.Out.WriteLine($"  command: {app.Definition.CommandTemplate}");
            context.Out.WriteLine($"  parameters: {AppText.ParameterSummary(app.Definition)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<string, AppParameter> ParseParameters(string[] values)
    {
        var parameters = new Dictionary<string, AppParameter>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=');
            var (key, parameter) = equals < 0
                ? (value.Trim(), AppParameter.RequiredParameter())
                : (value[..equals].Trim(), AppParameter.Optional(value[(equals + 1)..]));
            if (!parameters.TryAdd(key, parameter))
            {
                throw new CliUserException($"--param {key} is given more than once.");
            }
        }

        return parameters;
    }
}
