using System.Text.RegularExpressions;
using Balsam.Sites;
using Balsam.Validation;

namespace Balsam.BatchJobs;

/// <summary>
/// The rules a new batch job must meet, checked when it is created so that a bad request never reaches the scheduler:
/// its own shape, and the site's allowed queues (with their node and wall-time limits), projects and optional
/// parameters. The site checks again at submission against its current settings.yml.
/// </summary>
public static partial class BatchJobValidator
{
    public const int MaxNameLength = 64;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.@+-]*$")]
    private static partial Regex PlainName();

    /// <summary>Throws <see cref="Errors.BalsamValidationException"/> listing every broken rule.</summary>
    public static void Validate(BatchJobSpec spec, SiteInfo site)
    {
        var errors = new ValidationCollector("batch job");
        Collect(spec, site.Settings, errors);
        errors.ThrowIfAny();
    }

    public static void Collect(BatchJobSpec spec, SiteSettingsSummary settings, ValidationCollector errors)
    {
        CheckName(spec.Project, "project", errors);
        CheckName(spec.Queue, "queue", errors);
        errors.Require(spec.NumNodes >= 1, "num_nodes", $"must be at least 1 (got {spec.NumNodes})");
        errors.Require(spec.WallTimeMin >= 1, "wall_time_min", $"must be at least 1 minute (got {spec.WallTimeMin})");
        errors.Require(Enum.IsDefined(spec.JobMode), "job_mode", "must be mpi or serial");
        CheckTags(spec.FilterTags, "filter_tags", partition: false, errors);

        for (var i = 0; i < spec.Partitions.Count; i++)
        {
            var partition = spec.Partitions[i];
            errors.Require(Enum.IsDefined(partition.JobMode), $"partitions[{i}].job_mode", "must be mpi or serial");
            errors.Require(partition.NumNodes >= 1, $"partitions[{i}].num_nodes", $"must be at least 1 (got {partition.NumNodes})");
            CheckTags(partition.FilterTags, $"partitions[{i}].filter_tags", partition: true, errors);
        }

        if (spec.Partitions.Count > 0)
        {
            var total = spec.Partitions.Sum(p => p.NumNodes);
            errors.Require(total == spec.NumNodes, "partitions", $"node counts add up to {total}; they must add up to num_nodes ({spec.NumNodes})");
        }

        foreach (var (name, value) in spec.OptionalParams)
        {
            errors.Require(settings.OptionalBatchJobParams.ContainsKey(name), $"optional_params.{name}",
                "must be one of the site's optional batch-job parameters (" +
                (settings.OptionalBatchJobParams.Count == 0 ? "it has none" : string.Join(", ", settings.OptionalBatchJobParams.Keys)) + ")");
            errors.Require(!value.Any(char.IsControl), $"optional_params.{name}", "must be one line with no control characters");
        }

        var conflicting = settings.FilterTags.Where(tag => spec.FilterTags.TryGetValue(tag.Key, out var value) && value != tag.Value).ToList();
        errors.Require(conflicting.Count == 0, "filter_tags",
            $"must agree with the site's filter_tags ({string.Join(", ", conflicting.Select(t => $"{t.Key}={t.Value}"))}), which every batch job of the site carries");

        if (settings.AllowedProjects.Count > 0)
        {
            errors.Require(settings.AllowedProjects.Contains(spec.Project), "project",
                $"must be one of the site's allowed projects ({string.Join(", ", settings.AllowedProjects)})");
        }

        if (settings.AllowedQueues.Count > 0)
        {
            if (settings.AllowedQueues.TryGetValue(spec.Queue, out var policy))
            {
                errors.Require(spec.NumNodes <= policy.MaxNodes, "num_nodes", $"queue '{spec.Queue}' allows at most {policy.MaxNodes} nodes");
                errors.Require(spec.WallTimeMin <= policy.MaxWalltimeMin, "wall_time_min",
                    $"queue '{spec.Queue}' allows at most {policy.MaxWalltimeMin} minutes");
            }
            else
            {
                errors.Add("queue", $"must be one of the site's allowed queues ({string.Join(", ", settings.AllowedQueues.Keys)})");
            }
        }
    }

    private static void CheckName(string value, string field, ValidationCollector errors) =>
        errors.Require(value.Length is >= 1 and <= MaxNameLength && PlainName().IsMatch(value), field,
            $"must be a plain name of 1 to {MaxNameLength} letters, digits or _.@+- (got '{value}')");

    private static void CheckTags(Dictionary<string, string> tags, string field, bool partition, ValidationCollector errors)
    {
        Jobs.JobFieldRules.CheckTagLimits(tags, field, errors);
        foreach (var (name, value) in tags)
        {
            errors.Require(PlainName().IsMatch(name) && value.Length > 0 && !value.Any(char.IsControl) && !(partition && value.Contains(':')),
                $"{field}.{name}", $"a tag needs a plain name and a one-line value{(partition ? " without ':'" : "")} (got '{name}={value}')");
        }
    }
}
