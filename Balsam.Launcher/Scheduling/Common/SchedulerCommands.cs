namespace Balsam.Launcher.Scheduling.Common;

/// <summary>Runs a scheduler command and turns a failure into a <see cref="SchedulerException"/> carrying its own words.</summary>
internal static class SchedulerCommands
{
    /// <summary>
    /// Scheduler clients format times in the time zone of their own process; running them with <c>TZ=UTC</c> makes
    /// every timestamp they print UTC, so no time-zone name has to be guessed when parsing.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Utc = new Dictionary<string, string> { ["TZ"] = "UTC" };

    public static CommandLine Line(string program, params string[] arguments) => new(program, arguments) { Environment = Utc };

    public static async Task<string> RunAsync(ICommandRunner runner, CommandLine command, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(command, cancellationToken);
        if (!result.Succeeded)
        {
            throw Failed(command, result);
        }

        return result.StandardOutput;
    }

    public static SchedulerException Failed(CommandLine command, CommandResult result)
    {
        var words = result.ErrorText;
        return new SchedulerException(words.Length > 0 ? words : $"{command.Program} exited with code {result.ExitCode}");
    }
}
