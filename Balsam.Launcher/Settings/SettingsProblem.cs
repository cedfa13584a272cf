namespace Balsam.Launcher.Settings;

/// <summary>One problem in a settings file: the key path (<c>launcher.compute_node.cpus</c>), the rule, and the line.</summary>
public sealed record SettingsProblem(string Path, string Rule, int? Line = null)
{
    public override string ToString() => Line is { } line ? $"line {line}: {Path}: {Rule}" : $"{Path}: {Rule}";
}
