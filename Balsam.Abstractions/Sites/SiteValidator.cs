using Balsam.Validation;

namespace Balsam.Sites;

/// <summary>Checks site names, paths and settings (SPEC §1 Site).</summary>
public static class SiteValidator
{
    public static void ValidateSpec(SiteSpec spec)
    {
        var errors = new ValidationCollector($"site '{spec.Name}'");
        CheckName(spec.Name, errors);
        CheckPath(spec.Path, errors);
        CheckSettings(spec.Settings, errors);
        errors.ThrowIfAny();
    }

    public static void ValidateName(string name)
    {
        var errors = new ValidationCollector($"site name '{name}'");
        CheckName(name, errors);
        errors.ThrowIfAny();
    }

    public static void ValidateUpdate(string siteName, string? path, SiteSettingsSummary? settings)
    {
        var errors = new ValidationCollector($"site '{siteName}'");
        if (path is not null)
        {
            CheckPath(path, errors);
        }

        if (settings is not null)
        {
            CheckSettings(settings, errors);
        }

        errors.ThrowIfAny();
    }

    private static void CheckName(string? name, ValidationCollector errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("name", "must not be empty");
            return;
        }

        errors.Require(name.Length <= Limits.SiteNameMaxLength, "name", $"must be at most {Limits.SiteNameMaxLength} characters");
        errors.Require(name.Trim() == name, "name", "must not start or end with white space");
        errors.Require(!name.Any(char.IsControl), "name", "must not contain control characters");
        errors.Require(!name.Contains(',') && !name.Contains('/'), "name",
            "must not contain ',' or '/' (they separate site selectors and paths)");
        errors.Require(!long.TryParse(name, out _), "name", "must not be a number (numbers select sites by id)");
    }

    private static void CheckPath(string? path, ValidationCollector errors)
    {
        if (string.IsNullOrWhiteSpace(path) || !System.IO.Path.IsPathFullyQualified(path))
        {
            errors.Add("path", "must be an absolute path");
            return;
        }

        errors.Require(path.Length <= Limits.SitePathMaxLength, "path", $"must be at most {Limits.SitePathMaxLength} characters");
    }

    private static void CheckSettings(SiteSettingsSummary settings, ValidationCollector errors)
    {
        errors.Require(settings.NumNodes >= 0, "settings.num_nodes", "must be zero or more");
        foreach (var (queue, policy) in settings.AllowedQueues)
        {
            var field = $"settings.allowed_queues.{queue}";
            errors.Require(policy.MaxNodes > 0, $"{field}.max_nodes", "must be positive");
            errors.Require(policy.MaxWalltimeMin > 0, $"{field}.max_walltime", "must be positive (minutes)");
            errors.Require(policy.MaxQueuedJobs > 0, $"{field}.max_queued_jobs", "must be positive");
        }

        foreach (var (alias, url) in settings.TransferLocations)
        {
            var ok = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme.Length > 0 && url.Contains("://");
            errors.Require(ok, $"settings.transfer_locations.{alias}", "must be a URL of the form protocol://netloc");
            errors.Require(!alias.Contains(':'), $"settings.transfer_locations.{alias}", "alias must not contain ':'");
        }

        foreach (var name in settings.OptionalBatchJobParams.Keys)
        {
            errors.Require(Identifier.IsValid(name), $"settings.optional_batch_job_params.{name}", "name " + Identifier.Rule);
        }

        for (var i = 0; i < settings.AllowedProjects.Count; i++)
        {
            errors.Require(!string.IsNullOrWhiteSpace(settings.AllowedProjects[i]), $"settings.allowed_projects[{i}]",
                "must not be empty");
        }
    }
}
