using System.CommandLine;
using System.Diagnostics;
using Balsam.Launcher.Sites;

namespace Balsam.Launcher.Cli.Sites;

/// <summary><c>balsam site mv PATH DEST</c>: moves a site folder and records its new path.</summary>
internal static class SiteMoveCommand
{
    public static Command Create(CliContext context)
    {
        var site = new Argument<string>("SITE") { Description = "The site: its folder path, name or id" };
        var destination = new Argument<string>("DEST") { Description = "The new folder path (must not exist yet)" };
        var command = new Command("mv", "Move a site folder and update its registered path") { site, destination };
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetRequiredValue(site), "SITE");
            var source = target.Path;
            var dest = context.FullPath(parse.GetRequiredValue(destination));
            if (SiteMarker.Read(source)?.Id != target.Id)
            {
                throw new CliUserException(
                    $"Site '{target.Name}' is registered at {source}, but no site folder of it is there on this machine; nothing to move.");
            }

            if (Directory.Exists(dest) || File.Exists(dest))
            {
                throw new CliUserException($"{dest} already exists; give a new path for the site folder.");
            }

            if (dest.StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new CliUserException($"{dest} is inside the site folder {source}.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            MoveFolder(source, dest);
            try
            {
                await client.Sites.MoveAsync(target.Id, dest);
            }
            catch
            {
                MoveFolder(dest, source);
                throw;
            }

            context.Out.WriteLine($"Moved site '{target.Name}' (id {target.Id}) from {source} to {dest}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A rename within one file system; across file systems, <c>mv</c> copies and deletes.</summary>
    private static void MoveFolder(string source, string dest)
    {
        try
        {
            Directory.Move(source, dest);
        }
        catch (IOException) when (!OperatingSystem.IsWindows() && Directory.Exists(source) && !Directory.Exists(dest))
        {
            using var mv = Process.Start(new ProcessStartInfo("mv") { ArgumentList = { "-T", "--", source, dest } })
                ?? throw new IOException($"Could not start mv to move {source} to {dest}");
            mv.WaitForExit();
            if (mv.ExitCode != 0)
            {
                throw new IOException($"Moving {source} to {dest} failed (mv exit code {mv.ExitCode}).");
            }
        }
    }
}
