namespace Balsam.Launcher.Pilot.Shell;

/// <summary>
/// An app's command could not be built: a required parameter has no value, a value is not JSON, or the template is not
/// valid Mustache. The launcher fails the job with this message (SPEC §5: "constructing the job command line").
/// </summary>
public sealed class CommandTemplateException : Exception
{
    public CommandTemplateException(string message, IReadOnlyList<string>? parameters = null, Exception? inner = null)
        : base(message, inner)
    {
        Parameters = parameters ?? [];
    }

    /// <summary>The parameters concerned, when the problem is about parameters.</summary>
    public IReadOnlyList<string> Parameters { get; }
}
