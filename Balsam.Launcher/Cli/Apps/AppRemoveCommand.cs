using System.CommandLine;
using Balsam.Errors;

namespace Balsam.Launcher.Cli.Apps;

/// <summary><c>balsam app rm [--site SITE] NAME</c>.</summary>
internal static class AppRemoveCommand
{
    public static Command Create(CliContext context)
    {
        var site = new Option<string?>("--site", "-s") { Description = SiteSelector.OneSiteHelp };
        var name = new Argument<string>("NAME") { Description = "The app name" };
        var command = new Command("rm", "Remove an app from a site") { site, name };
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetValue(site));
            var app = parse.GetRequiredValue(name);
            if (!await client.Apps.DeleteAsync(target.Id, app))
            {
                throw new ResourceNotFoundException("App", $"'{app}' at site '{target.Name}'");
            }

            context.Out.WriteLine($"Removed app '{app}' from site '{target.Name}' (id {target.Id})");
            return ExitCodes.Success;
        });
        return command;
    }
}
