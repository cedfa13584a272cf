using System.Globalization;

namespace Balsam.Launcher.Pilot.Nodes;

/// <summary>
/// Expands a Slurm host list such as <c>nid[001234,001240-001242],login1</c> into host names, keeping zero padding
/// (what <c>scontrol show hostnames</c> prints, without needing Slurm's commands on the node).
/// </summary>
public static class HostListExpander
{
    public static IReadOnlyList<string> Expand(string hostList)
    {
        var hosts = new List<string>();
        foreach (var item in SplitTopLevel(hostList))
        {
            var open = item.IndexOf('[');
            if (open < 0)
            {
                hosts.Add(item);
                continue;
            }

            var close = item.IndexOf(']', open);
            if (close < 0)
            {
                throw new FormatException($"host list '{hostList}': '{item}' has '[' without ']'");
            }

            var prefix = item[..open];
            var suffix = item[(close + 1)..];
            foreach (var range in item[(open + 1)..close].Split(','))
            {
                var bounds = range.Split('-');
                if (bounds.Length == 1)
                {
                    hosts.Add(prefix + bounds[0] + suffix);
                    continue;
                }

                if (bounds.Length != 2 || !int.TryParse(bounds[0], CultureInfo.InvariantCulture, out var first)
                    || !int.TryParse(bounds[1], CultureInfo.InvariantCulture, out var last) || last < first)
                {
                    throw new FormatException($"host list '{hostList}': '{range}' is not a number or a range a-b");
                }

                for (var n = first; n <= last; n++)
                {
                    hosts.Add(prefix + n.ToString(CultureInfo.InvariantCulture).PadLeft(bounds[0].Length, '0') + suffix);
                }
            }
        }

        return hosts;
    }

    private static IEnumerable<string> SplitTopLevel(string hostList)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < hostList.Length; i++)
        {
            depth += hostList[i] switch { '[' => 1, ']' => -1, _ => 0 };
            if (hostList[i] == ',' && depth == 0)
            {
                if (i > start)
                {
                    yield return hostList[start..i].Trim();
                }

                start = i + 1;
            }
        }

        if (start < hostList.Length && hostList[start..].Trim() is { Length: > 0 } last)
        {
            yield return last;
        }
    }
}
