using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Jobs;
using Balsam.Validation;

namespace Balsam.Launcher.Cli.Jobs.FromFile;

/// <summary>Turns an entry's fields into a job (all but its site id), naming each field that breaks a rule.</summary>
internal static class JobFileFields
{
    /// <summary>Resource fields and how each is set (names as SPEC §1 Job).</summary>
    public static readonly IReadOnlyDictionary<string, Func<JobResources, double, JobResources>> Resources =
        new Dictionary<string, Func<JobResources, double, JobResources>>
        {
            ["num_nodes"] = (r, v) => r with { NumNodes = (int)v },
            ["ranks_per_node"] = (r, v) => r with { RanksPerNode = (int)v },
            ["threads_per_rank"] = (r, v) => r with { ThreadsPerRank = (int)v },
            ["threads_per_core"] = (r, v) => r with { ThreadsPerCore = (int)v },
            ["gpus_per_rank"] = (r, v) => r with { GpusPerRank = v },
            ["node_packing_count"] = (r, v) => r with { NodePackingCount = (int)v },
            ["wall_time_min"] = (r, v) => r with { WallTimeMin = (int)v },
        };

    private static readonly string[] Known =
        ["app", "workdir", "site", "parameters", "tags", "transfers", "parents", "data", "launch_params", .. Resources.Keys];

    /// <summary>The entry as a job of site 0 (the caller sets the site), and the site it names, if any.</summary>
    public static (JobSpec Spec, string? Site) Read(JobFileEntry entry, IReadOnlyDictionary<string, string> extraTags, ValidationCollector errors)
    {
        var field = (string name) => $"{entry.Where}: {name}";
        foreach (var name in entry.Fields.Keys.Where(name => !Known.Contains(name)))
        {
            errors.Add(field(name), $"is not a job field (known: {string.Join(", ", Known)})");
        }

        var resources = JobResources.Default;
        foreach (var (name, set) in Resources)
        {
            if (entry.Fields.TryGetValue(name, out var value) && value is not null)
            {
                if (value is JsonValue number && number.GetValueKind() == JsonValueKind.Number
                    && double.TryParse(number.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var amount)
                    && (name == "gpus_per_rank" || amount == Math.Floor(amount)))
                {
                    resources = set(resources, amount);
                }
                else
                {
                    errors.Add(field(name), name == "gpus_per_rank" ? "must be a number" : "must be a whole number");
                }
            }
        }

        var spec = new JobSpec
        {
            SiteId = 0,
            AppName = Text(entry, "app", required: true, errors) ?? "",
            Workdir = Text(entry, "workdir", required: true, errors) ?? "",
            Parameters = Map(entry, "parameters", value => value?.ToJsonString() ?? "null", errors),
            Tags = new Dictionary<string, string>(Map(entry, "tags", Scalar, errors).Concat(extraTags).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)),
            Transfers = Map(entry, "transfers", Scalar, errors),
            ParentIds = Parents(entry, errors),
            Data = Data(entry, errors),
            Resources = resources with { LaunchParams = Map(entry, "launch_params", Scalar, errors) },
        };
        return (spec, Text(entry, "site", required: false, errors));
    }

    private static string? Text(JobFileEntry entry, string name, bool required, ValidationCollector errors)
    {
        if (!entry.Fields.TryGetValue(name, out var value) || value is null)
        {
            errors.Require(!required, $"{entry.Where}: {name}", "is required");
            return null;
        }

        if (value is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.String or JsonValueKind.Number)
        {
            return scalar.ToString();
        }

        errors.Add($"{entry.Where}: {name}", "must be text");
        return null;
    }

    private static Dictionary<string, string> Map(JobFileEntry entry, string name, Func<JsonNode?, string> value, ValidationCollector errors)
    {
        if (!entry.Fields.TryGetValue(name, out var node) || node is null)
        {
            return [];
        }

        if (node is not JsonObject map)
        {
            errors.Add($"{entry.Where}: {name}", "must be a mapping of names to values");
            return [];
        }

        return map.ToDictionary(pair => pair.Key, pair => value(pair.Value));
    }

    private static string Scalar(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String
        ? value.GetValue<string>()
        : node?.ToJsonString() ?? "";

    private static List<long> Parents(JobFileEntry entry, ValidationCollector errors)
    {
        if (!entry.Fields.TryGetValue("parents", out var node) || node is null)
        {
            return [];
        }

        var items = node as JsonArray ?? [node.DeepClone()];
        var ids = new List<long>();
        foreach (var item in items)
        {
            if (item is JsonValue value && value.TryGetValue<long>(out var id))
            {
                ids.Add(id);
            }
            else
            {
                errors.Add($"{entry.Where}: parents", $"'{item?.ToJsonString()}' is not a job id");
            }
        }

        return ids;
    }

    private static string Data(JobFileEntry entry, ValidationCollector errors)
    {
        if (!entry.Fields.TryGetValue("data", out var node) || node is null)
        {
            return "{}";
        }

        errors.Require(node is JsonObject, $"{entry.Where}: data", "must be a JSON object");
        return node is JsonObject ? node.ToJsonString() : "{}";
    }
}
