using System.CommandLine;
using Balsam.Launcher.Sites;

namespace Balsam.Launcher.Cli.Sites;

/// <summary><c>balsam site rename SITE NEWNAME</c>.</summary>
internal static class SiteRenameCommand
{
    public static Command Create(CliContext context)
    {
        var site = new Argument<string>("SITE") { Description = "The site: its id, name or folder path" };
        var newName = new Argument<string>("NEWNAME") { Description = "The new name, unique among your sites" };
        var command = new Command("rename", "Give a site a new name") { site, newName };
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetRequiredValue(site), "SITE");
            var renamed = await client.Sites.RenameAsync(target.Id, parse.GetRequiredValue(newName));
            if (SiteMarker.Read(renamed.Path)?.Id == renamed.Id)
            {
                new SiteMarker(renamed.Id, renamed.Name).WriteTo(renamed.Path);
            }

            context.Out.WriteLine($"Renamed site {renamed.Id} from '{target.Name}' to '{renamed.Name}'");
            return ExitCodes.Success;
        });
        return command;
    }
}
