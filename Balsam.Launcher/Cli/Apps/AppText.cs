using Balsam.Apps;

namespace Balsam.Launcher.Cli.Apps;

/// <summary>How apps read in tables and messages.</summary>
internal static class AppText
{
    /// <summary><c>say_hello_to, seconds=1</c>: required parameters bare, optional ones with their default.</summary>
    public static string ParameterSummary(AppDefinition app)
    {
        var text = string.Join(", ", Ordered(app).Select(p => p.Value.Required ? p.Key : $"{p.Key}={p.Value.Default}"));
        return text.Length == 0 ? "-" : text;
    }

    public static IEnumerable<string> ParameterLines(AppDefinition app) =>
        Ordered(app).Select(p =>
            (p.Value.Required ? $"{p.Key} (required)" : $"{p.Key} (optional, default {p.Value.Default})")
            + (p.Value.Help.Length > 0 ? $": {p.Value.Help}" : ""));

    public static IEnumerable<string> TransferLines(AppDefinition app) =>
        app.Transfers.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t =>
            $"{t.Key} ({(t.Value.Direction == TransferDirection.In ? "in" : "out")}, {(t.Value.Required ? "required" : "optional")}, " +
            $"local_path {t.Value.LocalPath}{(t.Value.Recursive ? ", recursive" : "")})" +
            (t.Value.Description.Length > 0 ? $": {t.Value.Description}" : ""));

    public static string Kind(AppDefinition app) => app.IsRunApp ? "Run" : "command";

    /// <summary>The command template, or the <c>Run(...)</c> signature.</summary>
    public static string Body(AppDefinition app) =>
        app.IsRunApp ? $"Run({string.Join(", ", app.RunParameters!)})" : app.CommandTemplate ?? "";

    /// <summary>Template parameters first, in order of use, then the rest by name.</summary>
    private static IEnumerable<KeyValuePair<string, AppParameter>> Ordered(AppDefinition app)
    {
        var order = app.IsRunApp ? app.RunParameters! : CommandTemplatePlaceholders.Find(app.CommandTemplate ?? "");
        return app.Parameters
            .OrderBy(p => order.Contains(p.Key) ? order.ToList().IndexOf(p.Key) : int.MaxValue)
            .ThenBy(p => p.Key, StringComparer.Ordinal);
    }
}
