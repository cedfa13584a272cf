using Balsam.Client.Connection;
using Balsam.Errors;

namespace Balsam.Launcher.Cli.Output;

/// <summary>
/// Turns exceptions into what the user reads and the exit code: one clear line each, never a stack trace (unless
/// <c>BALSAM_LOG_LEVEL</c> is Debug or Trace, for whoever reports a bug).
/// </summary>
internal static class ErrorReporter
{
    public static int Report(Exception exception, TextWriter error)
    {
        switch (exception)
        {
            case BalsamValidationException invalid:
                error.WriteLine($"error: invalid {invalid.Subject}:");
                foreach (var problem in invalid.Problems)
                {
                    error.WriteLine($"  - {problem.Field}: {problem.Rule}");
                }

                return ExitCodes.UserError;
            case Balsam.Auth.BalsamAuthenticationException or NameConflictException or ResourceNotFoundException or Balsam.Client.DoesNotExistException or CliUserException or BalsamConnectionException
                or InvalidDataException or Balsam.States.InvalidTransitionException or Settings.InvalidSettingsException:
                error.WriteLine($"error: {exception.Message}");
                return ExitCodes.UserError;
            case UnauthorizedAccessException:
            case IOException when exception is not (FileNotFoundException or FileLoadException):
                // Our own file work: a folder that cannot be created or moved. (Assemblies that fail to load are bugs.)
                error.WriteLine($"error: {exception.Message}");
                return ExitCodes.UserError;
            case OperationCanceledException:
                error.WriteLine("error: cancelled");
                return ExitCodes.UserError;
            case TimeoutException:
                error.WriteLine($"error: the service did not answer in time ({FirstLine(exception.Message)}); " +
                    "it may be busy: try again, or narrow the command with filters");
                return ExitCodes.InternalError;
            default:
                error.WriteLine($"error: unexpected failure ({exception.GetType().Name}): {FirstLine(exception.Message)}");
                if (Environment.GetEnvironmentVariable(Balsam.Client.BalsamClientOptions.LogLevelVariable) is { } level
                    && (level.Equals("Debug", StringComparison.OrdinalIgnoreCase) || level.Equals("Trace", StringComparison.OrdinalIgnoreCase)))
                {
                    error.WriteLine(exception.ToString());
                }

                return ExitCodes.InternalError;
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd('\r');
}
