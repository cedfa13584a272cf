using Balsam.Client.Connection;
using Balsam.Errors;

namespace Balsam.Launcher.Cli.Output;

/// <summary>Turns exceptions into what the user reads and the exit code: expected errors get clear lines, bugs a stack trace.</summary>
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
            default:
                error.WriteLine($"error: unexpected failure ({exception.GetType().Name}): {exception.Message}");
                error.WriteLine(exception.ToString());
                return ExitCodes.InternalError;
        }
    }
}
