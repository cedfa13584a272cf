using System.CommandLine;
using Balsam.Errors;
using Balsam.Launcher.Sites;

namespace Balsam.Launcher.Cli.Sites;

/// <summary><c>balsam site rm PATH|NAME|ID [--yes]</c>: deletes a site and its apps from the service; the folder stays.</summary>
internal static class SiteRemoveCommand
{
    public static Command Create(CliContext context)
    {
        var site = new Argument<string>("SITE") { Description = "The site: a folder path, a name or an id" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var command = new Command("rm", "Delete a site and its apps from the service (the folder and its data are kept)") { site, yes };
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetRequiredValue(site), "SITE");
            var description = $"site '{target.Name}' (id {target.Id}, {target.AppNames.Count} app(s), path {target.Path})";
            if (!parse.GetValue(yes))
            {
                if (!context.CanPrompt)
                {
                    throw new CliUserException($"Not deleting {description} without confirmation: pass --yes.");
                }

                if (!context.Confirm($"Delete {description}?"))
                {
                    context.Out.WriteLine("Nothing deleted.");
                    return ExitCodes.UserError;
                }
            }

            if (!await client.Sites.DeleteAsync(target.Id))
            {
                throw new ResourceNotFoundException("Site", target.Id.ToString());
            }

            context.Out.WriteLine($"Deleted {description}.");
            if (SiteMarker.Read(target.Path)?.Id == target.Id)
            {
                context.Out.WriteLine($"The folder {target.Path} and its data were kept: `balsam site init {target.Path}` registers it again; " +
                    "delete it yourself if you no longer need it.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
