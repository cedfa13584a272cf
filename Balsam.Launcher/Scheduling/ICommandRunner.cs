namespace Balsam.Launcher.Scheduling;

/// <summary>Runs a scheduler command. The real one starts a process; tests of schedulers absent here replay recorded outputs.</summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(CommandLine command, CancellationToken cancellationToken);
}
