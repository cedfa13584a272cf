namespace Balsam.Launcher.Platforms;

/// <summary>A file a platform puts into a new site folder: its path relative to the folder, and its text.</summary>
public sealed record PlatformFile(string RelativePath, string Content);
