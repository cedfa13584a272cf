using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Balsam.Launcher.Cli.Jobs.FromFile;

/// <summary>
/// A YAML or JSON jobs file: a list of mappings (or a mapping with a <c>jobs</c> list). JSON is read as YAML, which
/// keeps each entry's line for error messages. A plain YAML scalar that reads as a JSON number, boolean or null keeps
/// that type; a quoted one is a string.
/// </summary>
internal static class YamlJobFile
{
    public static IReadOnlyList<JobFileEntry> Read(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new CliUserException($"{Path.GetFileName(path)} line {e.Start.Line}: not valid YAML or JSON: {e.InnerException?.Message ?? e.Message}");
        }

        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (root is YamlMappingNode wrapper && wrapper.Children.TryGetValue(new YamlScalarNode("jobs"), out var jobs))
        {
            root = jobs;
        }

        if (root is not YamlSequenceNode list)
        {
            throw new CliUserException($"{Path.GetFileName(path)}: expected a list of jobs (each with app and workdir), or a mapping with a 'jobs' list");
        }

        var entries = new List<JobFileEntry>(list.Children.Count);
        foreach (var item in list.Children)
        {
            var number = entries.Count + 1;
            var line = (int)item.Start.Line;
            if (item is not YamlMappingNode mapping)
            {
                throw new CliUserException($"{Path.GetFileName(path)} line {line} (entry {number}): expected a mapping of job fields");
            }

            entries.Add(new JobFileEntry(number, line, mapping.Children.ToDictionary(
                pair => ((YamlScalarNode)pair.Key).Value ?? "", pair => ToJson(pair.Value))));
        }

        return entries;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain } plain => Plain(plain.Value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => null,
    };

    private static JsonNode? Plain(string? text)
    {
        if (text is null or "" or "~" or "null")
        {
            return null;
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}
