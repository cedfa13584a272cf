using System.CommandLine;
using System.Globalization;
using Balsam.BatchJobs;

namespace Balsam.Launcher.Cli;

/// <summary>
/// <c>--part MODE:NODES[:K=V...]</c> (repeatable): one launcher of a split allocation, e.g. <c>mpi:2</c> or
/// <c>serial:1:kind=small</c> (SPEC §1 partitions). Used by <c>queue submit -p</c> and by <c>launcher --part</c>.
/// </summary>
internal static class PartitionOption
{
    public const string Syntax = "MODE:NODES[:K=V[:K=V]...]";

    /// <summary>The repeatable option; <paramref name="alias"/> is <c>-p</c> for <c>queue submit</c>.</summary>
    public static Option<string[]> Create(string description, string? alias = null)
    {
        var option = alias is null ? new Option<string[]>("--part") : new Option<string[]>("--part", alias);
        option.Description = description;
        option.AllowMultipleArgumentsPerToken = false;
        option.Arity = ArgumentArity.ZeroOrMore;
        return option;
    }

    public static List<BatchJobPartition> Parse(IEnumerable<string>? values) => [.. (values ?? []).Select(ParseOne)];

    /// <exception cref="CliUserException">The value breaks the syntax; the message says which part and why.</exception>
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

    /// <summary>The option's value for a partition (the inverse of <see cref="ParseOne"/>).</summary>
    public static string Format(BatchJobPartition partition) =>
        string.Join(':', new[] { partition.JobMode.Name(), partition.NumNodes.ToString(CultureInfo.InvariantCulture) }
            .Concat(partition.FilterTags.Select(t => $"{t.Key}={t.Value}")));

    private static CliUserException Invalid(string text, string why) => new($"--part '{text}': {why} (expected {Syntax}, e.g. serial:2:exp=a)");
}
