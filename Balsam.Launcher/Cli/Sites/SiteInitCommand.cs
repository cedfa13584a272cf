using System.CommandLine;
using Balsam.Client;
using Balsam.Launcher.Platforms;
using Balsam.Launcher.Sites;
using Balsam.Sites;

namespace Balsam.Launcher.Cli.Sites;

/// <summary><c>balsam site init PATH [--name NAME]</c>: creates a site folder and registers it.</summary>
internal static class SiteInitCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("PATH") { Description = "The site folder to create (new or empty)" };
        var name = new Option<string?>("--name", "-n") { Description = "The site name (default: the folder name); unique among your sites" };
        var platform = new Option<string>("--platform", "-p")
        {
            Description = $"The machine's platform defaults: {string.Join(", ", PlatformRegistry.Names)}",
            DefaultValueFactory = _ => PlatformRegistry.Default.Name,
        };
        platform.AcceptOnlyFromAmong([.. PlatformRegistry.Names]);
        var command = new Command("init", "Create a site folder (settings.yml, job-template.sh, data/, log/, qsubmit/, apps/) and register it")
        {
            path, name, platform,
        };
        command.SetAction(async (parse, ct) =>
            await RunAsync(context, context.FullPath(parse.GetRequiredValue(path)), parse.GetValue(name),
                new PlatformSiteTemplate(PlatformRegistry.Get(parse.GetValue(platform)!)), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string folder, string? name, SiteTemplate template, CancellationToken ct)
    {
        if (File.Exists(folder))
        {
            throw new CliUserException($"{folder} is a file; give a folder path for the new site.");
        }

        var marker = SiteMarker.Read(folder);
        if (marker is null && !SiteLayout.IsMissingOrEmpty(folder))
        {
            throw new CliUserException(
                $"{folder} already exists, is not empty and is not a site folder (no {SiteMarker.FileName}). Choose a new or empty folder.");
        }

        await using var client = await context.ConnectAsync(ct);
        if (marker is not null && await client.Sites.FindAsync(marker.Id) is { } existing)
        {
            return AlreadyInitialised(context, folder, name, existing);
        }

        var created = !Directory.Exists(folder);
        var site = await client.Sites.CreateAsync(new SiteSpec
        {
            Name = name ?? marker?.Name ?? Path.GetFileName(folder),
            Path = folder,
            Settings = template.Settings,
        });
        try
        {
            SiteLayout.Create(folder);
            template.WriteFiles(folder);
            new SiteMarker(site.Id, site.Name).WriteTo(folder);
        }
        catch
        {
            await client.Sites.DeleteAsync(site.Id);
            if (created && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            throw;
        }

        var again = marker is null ? "Created" : $"Registered again (the old site {marker.Id} no longer exists):";
        context.Out.WriteLine($"{again} site '{site.Name}' (id {site.Id}) at {folder}");
        context.Out.WriteLine($"Next: balsam app add --site {site.Name} --name Hello --command 'echo Hello, {{{{ say_hello_to }}}}!'");
        return ExitCodes.Success;
    }

    /// <summary>Running init again on a registered site folder only repairs its layout.</summary>
    private static int AlreadyInitialised(CliContext context, string folder, string? name, SiteInfo site)
    {
        if (name is not null && name != site.Name)
        {
            throw new CliUserException(
                $"{folder} is already site '{site.Name}' (id {site.Id}); to change its name run: balsam site rename {site.Id} {name}");
        }

        if (site.Path != folder)
        {
            throw new CliUserException(
                $"{folder} is marked as site '{site.Name}' (id {site.Id}), which is registered at {site.Path}. " +
                $"If the folder was moved, use `balsam site mv`; if it was copied, remove {SiteMarker.FileName} from the copy.");
        }

        SiteLayout.Create(folder);
        context.Out.WriteLine($"Site '{site.Name}' (id {site.Id}) is already initialised at {folder}; nothing to do.");
        return ExitCodes.Success;
    }
}
