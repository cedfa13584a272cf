using Balsam.Apps;
using Balsam.Launcher.Settings;

namespace Balsam.Launcher.Sites;

/// <summary>Whether this site runs an app's uploaded assembly (settings.yml <c>apps</c>), and if not, why.</summary>
public static class UploadedCodePolicy
{
    /// <summary>Null when the app may run here; otherwise the reason, naming the setting, for the job's FAILED event.</summary>
    public static string? Refusal(AppsSettings settings, AppDefinition app)
    {
        if (app.Assembly is not { } assembly)
        {
            return null;
        }

        if (!settings.AllowUploadedCode)
        {
            return $"This site runs no uploaded code (apps.allow_uploaded_code is false in settings.yml): app {app.Name} needs assembly " +
                   $"{assembly.AssemblyName} ({assembly.ContentHash})";
        }

        if (settings.AllowedAssemblyHashes is { } allowed && !allowed.Contains(assembly.ContentHash, StringComparer.OrdinalIgnoreCase))
        {
            return $"Assembly {assembly.AssemblyName} of app {app.Name} ({assembly.ContentHash}) is not in apps.allowed_assembly_hashes of settings.yml";
        }

        return null;
    }
}
