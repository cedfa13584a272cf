using System.Globalization;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;

namespace Balsam.Launcher.Cli.Jobs.FromFile;

/// <summary>
/// A CSV jobs file: a header row, then one job a row. Plain columns are job fields (<c>app</c>, <c>workdir</c>,
/// <c>site</c>, <c>data</c>, resources such as <c>num_nodes</c>, <c>parents</c> as ids separated by spaces);
/// <c>parameters.NAME</c>, <c>tags.KEY</c>, <c>transfers.SLOT</c> and <c>launch_params.KEY</c> columns fill those maps.
/// An empty cell leaves the field out. Parameter cells are JSON values or else strings, as with <c>-p</c>.
/// </summary>
internal static class CsvJobFile
{
    private static readonly HashSet<string> Maps = ["parameters", "tags", "transfers", "launch_params"];

    public static IReadOnlyList<JobFileEntry> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            throw new CliUserException($"{Path.GetFileName(path)}: expected a header row (app,workdir,parameters.NAME,...)");
        }

        var entries = new List<JobFileEntry>();
        while (csv.Read())
        {
            var fields = new Dictionary<string, JsonNode?>();
            for (var column = 0; column < header.Length; column++)
            {
                var cell = csv.GetField(column);
                if (string.IsNullOrEmpty(cell))
                {
                    continue;
                }

                var name = header[column];
                var dot = name.IndexOf('.');
                if (dot > 0 && Maps.Contains(name[..dot]))
                {
                    var map = fields.TryGetValue(name[..dot], out var existing) && existing is JsonObject o ? o : new JsonObject();
                    map[name[(dot + 1)..]] = name[..dot] == "parameters" ? JsonNode.Parse(KeyValueOption.ToJsonLiteral(cell)) : JsonValue.Create(cell);
                    fields[name[..dot]] = map;
                }
                else
                {
                    fields[name] = Cell(name, cell);
                }
            }

            entries.Add(new JobFileEntry(entries.Count + 1, csv.Parser.RawRow, fields));
        }

        return entries;
    }

    private static JsonNode? Cell(string column, string cell)
    {
        if (column == "parents")
        {
            return new JsonArray([.. cell.Split([' ', ';', ','], StringSplitOptions.RemoveEmptyEntries).Select(id =>
                long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : (JsonNode)JsonValue.Create(id))]);
        }

        if (column == "data")
        {
            try
            {
                return JsonNode.Parse(cell);
            }
            catch (System.Text.Json.JsonException)
            {
                return JsonValue.Create(cell); // named by the entry check: data must be a JSON object
            }
        }

        return JobFileFields.Resources.ContainsKey(column) ? JsonNode.Parse(KeyValueOption.ToJsonLiteral(cell)) : JsonValue.Create(cell);
    }
}
