using System.Text.Json;
using Balsam.Apps;
using Balsam.Sites;
using Balsam.Validation;

namespace Balsam.Jobs;

/// <summary>Checks jobs to create against their app and site (SPEC §1 Job, §6) and derives their transfer items.</summary>
public static class JobSpecValidator
{
    public const int WorkdirMaxLength = Limits.WorkdirMaxLength;

    /// <summary>
    /// The parameter that carries a Python client's <c>serialized_parameters</c> (an opaque payload, as a JSON string).
    /// A job with it holds its parameter values inside it, so the app's declared parameters are not checked one by one.
    /// Not an identifier, so no app parameter can have this name.
    /// </summary>
    public const string SerializedParametersKey = "@serialized_parameters";

    /// <summary>
    /// Validates every job; throws one error listing every problem as <c>jobs[i].field</c>. The jobs returned carry
    /// their workdir in its one normal form (see <see cref="RelativePath.Normalize"/>), which is also the form that
    /// must be unique within the call.
    /// </summary>
    public static IReadOnlyList<NewJob> Validate(
        IReadOnlyList<JobSpec> specs, Func<long, string, AppInfo?> findApp, Func<long, SiteInfo?> findSite)
    {
        var errors = new ValidationCollector(specs.Count == 1 ? "job" : $"bulk create of {specs.Count} jobs (nothing was created)");
        var workdirs = new Dictionary<(long, string), int>();
        var result = new List<NewJob>(specs.Count);
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var prefix = specs.Count == 1 ? "" : $"jobs[{i}].";
            var site = findSite(spec.SiteId);
            var app = site is null ? null : findApp(spec.SiteId, spec.AppName);
            if (site is null)
            {
                errors.Add($"{prefix}site_id", $"site {spec.SiteId} does not exist");
                continue;
            }

            if (app is null)
            {
                errors.Add($"{prefix}app", $"site '{site.Name}' has no app named '{spec.AppName}'");
                continue;
            }

            var workdir = CheckWorkdir(spec.Workdir, $"{prefix}workdir", errors);
            if (workdir is not null && !workdirs.TryAdd((spec.SiteId, workdir), i))
            {
                var first = workdirs[(spec.SiteId, workdir)];
                errors.Add($"{prefix}workdir",
                    $"'{workdir}' is used by another job of this call (jobs[{first}]); workdirs must be unique within one bulk create");
            }

            CheckParameters(spec, app.Definition, prefix, errors);
            JobFieldRules.CheckResources(spec.Resources, prefix, errors);
            JobFieldRules.CheckTags(spec.Tags, $"{prefix}tags", errors);
            JobFieldRules.CheckJsonObject(spec.Data, $"{prefix}data", errors);
            errors.Require(spec.ParentIds.All(id => id > 0), $"{prefix}parent_ids", "ids must be positive");
            errors.Require(spec.ParentIds.Distinct().Count() == spec.ParentIds.Count, $"{prefix}parent_ids", "lists a parent twice");
            var items = TransferItems(spec, app.Definition, site, prefix, errors);
            result.Add(new NewJob(spec with { Workdir = workdir ?? spec.Workdir, ParentIds = [.. spec.ParentIds] }, app.Id, app.Definition.OverriddenHooks, items,
                app.Definition.IsPythonApp));
        }

        errors.ThrowIfAny();
        return result;
    }

    /// <summary>Checks a workdir; returns its normal form, or null if it breaks a rule.</summary>
    public static string? CheckWorkdir(string? workdir, string field, ValidationCollector errors)
    {
        if (RelativePath.ControlCharacterProblem(workdir) is { } controlCharacters)
        {
            errors.Add(field, controlCharacters);
            return null;
        }

        if (!RelativePath.IsContained(workdir))
        {
            errors.Add(field, RelativePath.Rule + " (it is relative to the site's data/ folder)");
            return null;
        }

        var normal = RelativePath.Normalize(workdir!);
        if (normal.Length > WorkdirMaxLength)
        {
            errors.Add(field, $"must be at most {WorkdirMaxLength} characters");
            return null;
        }

        return normal;
    }

    private static void CheckParameters(JobSpec spec, AppDefinition app, string prefix, ValidationCollector errors)
    {
        var serialized = spec.Parameters.TryGetValue(SerializedParametersKey, out var payload);
        foreach (var (name, parameter) in app.Parameters)
        {
            errors.Require(serialized || !parameter.Required || spec.Parameters.ContainsKey(name), $"{prefix}parameters.{name}",
                $"is required by app '{app.Name}'");
        }

        errors.Require(!serialized || payload!.StartsWith('"'), $"{prefix}serialized_parameters", "must be a string");
        var size = 0;
        foreach (var (name, value) in spec.Parameters)
        {
            if (name == SerializedParametersKey)
            {
                size += value.Length;
                continue;
            }

            // The messages are built only for a bad job: a bulk create checks a hundred thousand good ones.
            if (!app.Parameters.ContainsKey(name))
            {
                errors.Add($"{prefix}parameters.{name}", $"app '{app.Name}' has no such parameter (it takes: {string.Join(", ", app.Parameters.Keys.Order())})");
            }

            if (!IsJson(value))
            {
                errors.Add($"{prefix}parameters.{name}", "must be a JSON value (strings in quotes)");
            }

            size += name.Length + (value?.Length ?? 0) + 6;
        }

        errors.Require(size <= Limits.SerializedPayloadMaxChars, $"{prefix}parameters",
            $"serialized size {size} exceeds {Limits.SerializedPayloadMaxChars} characters");
    }

    private static List<NewTransferItem> TransferItems(JobSpec spec, AppDefinition app, SiteInfo site, string prefix, ValidationCollector errors)
    {
        var items = new List<NewTransferItem>();
        foreach (var (slotName, slot) in app.Transfers)
        {
            errors.Require(!slot.Required || spec.Transfers.ContainsKey(slotName), $"{prefix}transfers.{slotName}",
                $"is a required transfer slot of app '{app.Name}'");
        }

        foreach (var (slotName, value) in spec.Transfers)
        {
            var field = $"{prefix}transfers.{slotName}";
            if (!app.Transfers.TryGetValue(slotName, out var slot))
            {
                errors.Add(field, $"app '{app.Name}' has no transfer slot named '{slotName}'");
                continue;
            }

            var colon = value.IndexOf(':');
            var alias = colon > 0 ? value[..colon] : "";
            var path = colon > 0 ? value[(colon + 1)..] : "";
            if (colon <= 0 || !path.StartsWith('/'))
            {
                errors.Add(field, "must be 'alias:/absolute/path'");
                continue;
            }

            errors.Require(site.Settings.TransferLocations.ContainsKey(alias), field,
                $"site '{site.Name}' has no transfer location named '{alias}'");
            items.Add(new NewTransferItem(slotName, slot.Direction, slot.LocalPath, path, alias, slot.Recursive));
        }

        return items;
    }

    private static bool IsJson(string? value)
    {
        if (value is null)
        {
            return false;
        }

        try
        {
            using var _ = JsonDocument.Parse(value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
