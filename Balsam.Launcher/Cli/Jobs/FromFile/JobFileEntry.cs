using System.Text.Json.Nodes;

namespace Balsam.Launcher.Cli.Jobs.FromFile;

/// <summary>One job of a jobs file as read: its fields by name (nested values as JSON), and where it stands in the file.</summary>
/// <param name="Number">The entry's position, from 1.</param>
/// <param name="Line">The line the entry starts on, from 1.</param>
/// <param name="Fields">Field name to value; a YAML or JSON scalar or object, or a CSV cell already gathered by its column's prefix.</param>
internal sealed record JobFileEntry(int Number, int Line, IReadOnlyDictionary<string, JsonNode?> Fields)
{
    /// <summary>How errors name the entry: <c>line 12 (entry 3)</c>.</summary>
    public string Where => $"line {Line} (entry {Number})";
}
