using Balsam.Launcher.Scheduling;

namespace Balsam.Tests.Integration.Scheduling;

/// <summary>Runs commands as real processes with the test Slurm's client environment (SLURM_CONF) added.</summary>
public sealed class SlurmEnvironmentRunner(IReadOnlyDictionary<string, string> slurm) : ICommandRunner
{
    private readonly ProcessCommandRunner _runner = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task<CommandResult> RunAsync(CommandLine command, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(slurm);
        foreach (var (name, value) in command.Environment)
        {
            environment[name] = value;
        }

        return _runner.RunAsync(command with { Environment = environment }, cancellationToken);
    }
}
