namespace Balsam.Launcher.Cli;

/// <summary>Process exit codes of the <c>balsam</c> command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The request was understood but refused: invalid input, a name conflict, a missing resource, no service.</summary>
    public const int UserError = 1;

    /// <summary>The command line itself is wrong: unknown command or option, missing argument.</summary>
    public const int Usage = 2;

    /// <summary>An unexpected failure (a bug): the message and stack trace are printed.</summary>
    public const int InternalError = 3;
}
