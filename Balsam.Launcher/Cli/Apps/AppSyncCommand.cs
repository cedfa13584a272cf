using System.CommandLine;
using System.Reflection;
using System.Runtime.Loader;
using Balsam.Client.Apps;

namespace Balsam.Launcher.Cli.Apps;

/// <summary>
/// <c>balsam app sync [--site SITE]</c>: registers every <see cref="ApplicationDefinition"/> class found in the
/// assemblies (<c>*.dll</c>) of the site's <c>apps/</c> folder whose <c>Site</c> is this site (others are named and
/// skipped). Re-syncing replaces the app of the same name, as SPEC warns.
/// </summary>
internal static class AppSyncCommand
{
    public static Command Create(CliContext context)
    {
        var site = new Option<string?>("--site", "-s") { Description = SiteSelector.OneSiteHelp };
        var command = new Command("sync", "Register the app classes of the site's apps/ folder (built .dll files)") { site };
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            client.Apps.Warn = context.Error.WriteLine;
            var target = await SiteSelector.ResolveAsync(client, context, parse.GetValue(site));
            var folder = Path.Combine(target.Path, "apps");
            var assemblies = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.dll") : [];
            var loader = new AssemblyLoadContext("balsam-app-sync", isCollectible: true);
            var synced = 0;
            foreach (var file in assemblies.Order())
            {
                Assembly assembly;
                try
                {
                    assembly = loader.LoadFromAssemblyPath(file);
                }
                catch (BadImageFormatException)
                {
                    continue; // a native library beside the app assemblies
                }

                foreach (var type in assembly.GetExportedTypes().Where(t => t.IsSubclassOf(typeof(ApplicationDefinition)) && !t.IsAbstract))
                {
                    var declared = AppDefinitionBuilder.Instantiate(type).Site;
                    if (declared.Id is { } id ? id != target.Id : declared.Name != target.Name)
                    {
                        context.Out.WriteLine($"Skipped {type.FullName}: it belongs to site {declared}, not '{target.Name}'");
                        continue;
                    }

                    var app = await client.Apps.SyncAsync(type, ct);
                    context.Out.WriteLine($"Synced {type.FullName} as app '{app.Name}' (id {app.Id}) from {Path.GetFileName(file)}");
                    synced++;
                }
            }

            if (synced == 0)
            {
                context.Out.WriteLine($"No ApplicationDefinition classes in {folder}. Build your app project and copy its .dll there.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
