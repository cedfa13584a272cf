namespace Balsam.Launcher.Settings;

/// <summary>
/// <c>apps</c>: which uploaded app code (C# assemblies synced from a client) this site runs. Command-template apps are
/// not affected: they run no uploaded code.
/// </summary>
public sealed record AppsSettings
{
    /// <summary>False: no uploaded assembly runs here (no <c>Run</c> apps, no C# hooks or preambles); their jobs fail saying so.</summary>
    public bool AllowUploadedCode { get; init; } = true;

    /// <summary>When set, only assemblies with these SHA-256 content hashes (the SHA-256 of the assembly file, as <c>sha256sum</c> prints it) run.</summary>
    public List<string>? AllowedAssemblyHashes { get; init; }
}
