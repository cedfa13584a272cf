using Microsoft.Extensions.Options;
using Npgsql;

namespace Balsam.Silo.Storage;

/// <summary>
/// Checks <see cref="BalsamPostgresOptions"/> when the silo starts; each failure names the option, the rule and the
/// value, e.g. <c>BalsamPostgresOptions.GroupCommitMaxBatch must be between 1 and 10000, was 0</c>.
/// </summary>
public sealed class BalsamPostgresOptionsValidator : IValidateOptions<BalsamPostgresOptions>
{
    private const string Prefix = nameof(BalsamPostgresOptions) + ".";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BalsamPostgresOptions options)
    {
        var failures = new List<string>();
        CheckConnectionString(options.ConnectionString, failures);
        Range(nameof(options.GroupCommitMaxBatch), options.GroupCommitMaxBatch, 1, 10_000, failures);
        Range(nameof(options.GroupCommitWriters), options.GroupCommitWriters, 1, 64, failures);
        Range(nameof(options.GroupCommitGatherMs), options.GroupCommitGatherMs, 0, 1_000, failures);
        Range(nameof(options.InsertChunkSize), options.InsertChunkSize, 1, 100_000, failures);
        Range(nameof(options.PromotionSweepLimit), options.PromotionSweepLimit, 1, 100_000, failures);
        Range(nameof(options.MaxAutoPrepare), options.MaxAutoPrepare, 0, 1_000, failures);
        Range(nameof(options.AutoPrepareMinUsages), options.AutoPrepareMinUsages, 1, 1_000, failures);
        Period(nameof(options.PromotionSweepPeriod), options.PromotionSweepPeriod, failures);
        Period(nameof(options.OrphanedRunSweepPeriod), options.OrphanedRunSweepPeriod, failures);
        Period(nameof(options.JobCountFoldPeriod), options.JobCountFoldPeriod, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckConnectionString(string? connectionString, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"{Prefix}{nameof(BalsamPostgresOptions.ConnectionString)} must be set, was empty");
            return;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            failures.Add($"{Prefix}{nameof(BalsamPostgresOptions.ConnectionString)} must be a PostgreSQL connection string: {e.Message}");
        }
    }

    private static void Period(string option, TimeSpan value, List<string> failures)
    {
        if (value < TimeSpan.FromMilliseconds(10) || value > TimeSpan.FromDays(1))
        {
            failures.Add($"{Prefix}{option} must be between 00:00:00.010 and 1.00:00:00, was {value}");
        }
    }

    private static void Range(string option, int value, int lowest, int highest, List<string> failures)
    {
        if (value < lowest || value > highest)
        {
            failures.Add($"{Prefix}{option} must be between {lowest} and {highest}, was {value}");
        }
    }
}
