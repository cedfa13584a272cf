using System.CommandLine;
using System.Globalization;
using Balsam.BatchJobs;

namespace Balsam.Launcher.Cli.Queue;

/// <summary>
/// The repeated <c>-p/--part MODE:NODES[:K=V[:K=V]]</c> option of <c>queue submit</c> (the launcher's own syntax):
/// <c>serial:2:exp=a</c> runs a serial launcher on 2 nodes for jobs tagged exp=a.
/// </summary>
internal static class PartitionOption
{
    public const string Syntax = "MODE:NODES[:K=V[:K=V]...]";

    public static Option<string[]> Create() => new("--part", "-p")
    {
        Description = $"A partition {Syntax}: a launcher in job mode mpi|serial on NODES nodes for jobs with these tags " +
            "(repeatable; node counts must add up to --num-nodes)",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static List<BatchJobPartition> Parse(IEnumerable<string>? values) => [.. (values ?? []).Select(ParseOne)];

    public static BatchJobPartition ParseOne(string text)
    {
        var parts = text.Split(':');
        if (parts.Length < 2)
        {
            throw Invalid(text, "expected at least MODE:NODES");
        }

        if (!JobModeNames.TryParse(parts[0], out var mode))
        {
            throw Invalid(text, $"job mode '{parts[0]}' is not one of {string.Join(", ", JobModeNames.All)}");
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var nodes) || nodes < 1)
        {
            throw Invalid(text, $"node count '{parts[1]}' is not a whole number of at least 1");
        }

        var tags = new Dictionary<string, string>();
        foreach (var pair in parts.Skip(2))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw Invalid(text, $"tag '{pair}' is not K=V");
            }

            tags[pair[..equals]] = pair[(equals + 1)..];
        }

        return new BatchJobPartition { JobMode = mode, NumNodes = nodes, FilterTags = tags };
    }

    private static CliUserException Invalid(string text, string why) => new($"--part '{text}': {why} (expected {Syntax}, e.g. serial:2:exp=a)");
}
