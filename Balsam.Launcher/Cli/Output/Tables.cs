using Spectre.Console;
using Spectre.Console.Rendering;

namespace Balsam.Launcher.Cli.Output;

/// <summary>Builds Spectre tables from plain strings (never markup: user text may contain brackets).</summary>
internal static class Tables
{
    public static Table Create(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    public static void AddTextRow(this Table table, params string[] cells) =>
        table.AddRow(cells.Select(cell => (IRenderable)new Text(cell)).ToArray());

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "-";

    public static string Lines(IEnumerable<string> lines)
    {
        var text = string.Join('\n', lines);
        return text.Length == 0 ? "-" : text;
    }
}
