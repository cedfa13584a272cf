namespace Balsam.Launcher.Scheduling.Templates;

/// <summary>A batch job's script could not be rendered: a value breaks a rule, or the template is broken.</summary>
public sealed class JobTemplateException(string message, Exception? inner = null) : Exception(message, inner);
