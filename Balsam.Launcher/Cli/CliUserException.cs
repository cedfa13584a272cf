namespace Balsam.Launcher.Cli;

/// <summary>An expected failure found by the CLI itself (a folder that is not a site, a missing confirmation). Printed as one line, exit code 1.</summary>
public sealed class CliUserException(string message) : Exception(message);
