namespace Balsam.Launcher.Scheduling;

/// <summary>What a command printed and how it exited.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command's own words for an error: stderr, else stdout, trimmed.</summary>
    public string ErrorText => (string.IsNullOrWhiteSpace(StandardError) ? StandardOutput : StandardError).Trim();
}
