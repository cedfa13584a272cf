using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Balsam.Client.Apps;

/// <summary>Reads a class's <c>&lt;summary&gt;</c> from the XML documentation file beside its assembly, when there is one.</summary>
internal static partial class XmlDocSummary
{
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, string>> Files = new();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static string? Of(Type type) =>
        Files.GetOrAdd(type.Assembly, Load).TryGetValue("T:" + type.FullName?.Replace('+', '.'), out var summary) ? summary : null;

    private static IReadOnlyDictionary<string, string> Load(Assembly assembly)
    {
        var path = string.IsNullOrEmpty(assembly.Location) ? null : Path.ChangeExtension(assembly.Location, ".xml");
        if (path is null || !File.Exists(path))
        {
            return new Dictionary<string, string>();
        }

        try
        {
            return XDocument.Load(path).Descendants("member")
                .Where(m => ((string?)m.Attribute("name"))?.StartsWith("T:", StringComparison.Ordinal) == true && m.Element("summary") is not null)
                .GroupBy(m => (string)m.Attribute("name")!)
                .ToDictionary(g => g.Key, g => Whitespace().Replace(g.First().Element("summary")!.Value, " ").Trim());
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
        {
            return new Dictionary<string, string>(); // a broken doc file only loses the description
        }
    }
}
