namespace Balsam.Launcher.Scheduling.Common;

/// <summary>Paths derived from a submission's script.</summary>
internal static class ScriptPaths
{
    public static string Folder(string scriptPath) =>
        Path.GetDirectoryName(Path.GetFullPath(scriptPath)) ?? throw new SchedulerException($"{scriptPath} has no folder");

    public static CommandLine InFolderOf(this CommandLine command, SchedulerSubmission submission)
    {
        var environment = new Dictionary<string, string>(command.Environment);
        foreach (var (name, value) in submission.Environment)
        {
            environment[name] = value;
        }

        return command with { WorkingDirectory = Folder(submission.ScriptPath), Environment = environment };
    }
}
