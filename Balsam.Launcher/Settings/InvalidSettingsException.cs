namespace Balsam.Launcher.Settings;

/// <summary>A settings file broke one or more rules; <see cref="Problems"/> lists every one, each with its key path.</summary>
public sealed class InvalidSettingsException : Exception
{
    public InvalidSettingsException(string source, IReadOnlyList<SettingsProblem> problems)
        : base(FormatMessage(source, problems))
    {
        SourceName = source;
        Problems = problems.ToArray();
    }

    /// <summary>The file (or text) the settings came from.</summary>
    public string SourceName { get; }

    public IReadOnlyList<SettingsProblem> Problems { get; }

    private static string FormatMessage(string source, IReadOnlyList<SettingsProblem> problems) =>
        problems.Count == 1
            ? $"{source}: {problems[0]}"
            : $"{source} has {problems.Count} problems:{Environment.NewLine}" +
              string.Join(Environment.NewLine, problems.Select(p => $"  {p}"));
}
