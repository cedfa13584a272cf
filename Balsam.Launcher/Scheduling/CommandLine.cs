namespace Balsam.Launcher.Scheduling;

/// <summary>A program with its arguments (no shell), the folder to run it in, and extra environment.</summary>
public sealed record CommandLine(string Program, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public override string ToString() => string.Join(' ', new[] { Program }.Concat(Arguments));
}
