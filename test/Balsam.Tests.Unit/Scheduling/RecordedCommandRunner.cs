using Balsam.Launcher.Scheduling;

namespace Balsam.Tests.Unit.Scheduling;

/// <summary>
/// Replays recorded real outputs of scheduler commands that cannot run here (PBS, LSF, Cobalt): each answer is keyed
/// by program and arguments; every command asked for is kept so tests can assert the exact argv and environment.
/// </summary>
public sealed class RecordedCommandRunner : ICommandRunner
{
    private readonly List<(string Program, Func<IReadOnlyList<string>, bool> Matches, CommandResult Result)> _answers = [];

    public List<CommandLine> Asked { get; } = [];

    /// <summary>The text of a recorded file under Scheduling/Recorded/.</summary>
    public static string Recorded(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scheduling", "Recorded", relativePath));

    /// <summary>Answers <paramref name="program"/> (any arguments, or those exactly) with a recorded file on stdout.</summary>
    public RecordedCommandRunner Stdout(string program, string recordedFile, params string[] arguments) =>
        Answer(program, new CommandResult(0, Recorded(recordedFile), ""), arguments);

    /// <summary>Answers with a recorded file on stderr and a non-zero exit code.</summary>
    public RecordedCommandRunner Stderr(string program, string recordedFile, int exitCode, params string[] arguments) =>
        Answer(program, new CommandResult(exitCode, "", Recorded(recordedFile)), arguments);

    public RecordedCommandRunner Answer(string program, CommandResult result, params string[] arguments)
    {
        _answers.Add((program, args => arguments.Length == 0 || args.SequenceEqual(arguments), result));
        return this;
    }

    public Task<CommandResult> RunAsync(CommandLine command, CancellationToken cancellationToken)
    {
        Asked.Add(command);
        foreach (var (program, matches, result) in _answers)
        {
            if (program == command.Program && matches(command.Arguments))
            {
                return Task.FromResult(result);
            }
        }

        throw new AssertFailedException($"No recorded output for: {command}");
    }
}
