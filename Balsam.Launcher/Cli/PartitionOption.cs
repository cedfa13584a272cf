using System.Globalization;
using Balsam.BatchJobs;

namespace Balsam.Launcher.Cli;

/// <summary>
/// <c>--part MODE:NODES[:KEY=VALUE...]</c> (repeatable): one launcher of a split allocation, e.g. <c>mpi:2</c> or
/// <c>serial:1:kind=small</c> (SPEC §1 partitions). Used by <c>queue submit -p</c> and by <c>launcher --part</c>.
/// </summary>
internal static class PartitionOption
{
    public const string Syntax = "MODE:NODES[:KEY=VALUE...] (MODE mpi or serial, NODES at least 1)";

    public static List<BatchJobPartition> Parse(IEnumerable<string>? values, string option) =>
        (values ?? []).Select(value => ParseOne(value, option)).ToList();

    public static BatchJobPartition ParseOne(string value, string option)
    {
        var parts = value.Split(':');
        if (parts.Length < 2 || !JobModeNames.TryParse(parts[0], out var mode)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var nodes) || nodes < 1)
        {
            throw new CliUserException($"{option} '{value}': expected {Syntax}");
        }

        var tags = new Dictionary<string, string>();
        foreach (var pair in parts.Skip(2))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw new CliUserException($"{option} '{value}': tag '{pair}' is not KEY=VALUE (expected {Syntax})");
            }

            tags[pair[..equals]] = pair[(equals + 1)..];
        }

        return new BatchJobPartition { JobMode = mode, NumNodes = nodes, FilterTags = tags };
    }

    /// <summary>The option's value for a partition (the inverse of <see cref="ParseOne"/>).</summary>
    public static string Format(BatchJobPartition partition) =>
        string.Join(':', new[] { partition.JobMode.Name(), partition.NumNodes.ToString(CultureInfo.InvariantCulture) }
            .Concat(partition.FilterTags.Select(t => $"{t.Key}={t.Value}")));
}
