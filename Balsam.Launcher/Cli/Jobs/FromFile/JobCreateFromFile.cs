using System.Text.RegularExpressions;
using Balsam.Apps;
using Balsam.Client;
using Balsam.Errors;
using Balsam.Jobs;
using Balsam.Launcher.Cli.Output;
using Balsam.Sites;
using Balsam.Validation;

namespace Balsam.Launcher.Cli.Jobs.FromFile;

/// <summary>
/// <c>balsam job create --from-file FILE</c>: every entry is checked first (the file's fields, then the same rules the
/// service applies, against the site's apps); any bad entry stops the command with nothing created, each problem named
/// by line, entry and field, unless <c>--skip-invalid</c> asks to create the good ones. Jobs are then created in
/// requests of <see cref="JobsPerRequest"/>; if the service refuses one, those already created are deleted again.
/// </summary>
internal static partial class JobCreateFromFile
{
    /// <summary>Jobs per create request: one database insert each, well inside the client's response timeout.</summary>
    public const int JobsPerRequest = 2_000;

    public static async Task<int> RunAsync(
        CliContext context, BalsamClient client, string path, string? siteOption, IReadOnlyDictionary<string, string> extraTags, bool skipInvalid)
    {
        var file = Path.GetFileName(path);
        var entries = JobFile.Read(path);
        if (entries.Count == 0)
        {
            throw new CliUserException($"{file} lists no jobs.");
        }

        var errors = new ValidationCollector($"{file} (nothing was created)");
        var read = entries.Select(entry => (Entry: entry, Job: JobFileFields.Read(entry, extraTags, errors))).ToList();

        var sites = new Dictionary<string, SiteInfo?>();
        var apps = new Dictionary<long, IReadOnlyList<AppInfo>>();
        var specs = new List<(JobFileEntry Entry, JobSpec Spec)>();
        foreach (var (entry, (spec, siteName)) in read)
        {
            var selector = siteName ?? siteOption ?? "";
            if (!sites.TryGetValue(selector, out var site))
            {
                try
                {
                    site = await SiteSelector.ResolveAsync(client, context, selector);
                    apps.TryAdd(site.Id, await client.Apps.ListAsync(site.Id));
                }
                catch (Exception e) when (e is CliUserException or DoesNotExistException or ResourceNotFoundException)
                {
                    site = null;
                    errors.Add($"{entry.Where}: site", e.Message);
                }

                sites[selector] = site;
            }

            if (site is not null)
            {
                specs.Add((entry, spec with { SiteId = site.Id }));
            }
        }

        specs = CheckedAgainstApps(specs, sites.Values.OfType<SiteInfo>().ToDictionary(s => s.Id), apps, errors, skipInvalid);
        if (errors.HasProblems && !skipInvalid)
        {
            errors.ThrowIfAny();
        }

        // With --skip-invalid an entry with any problem is left out.
        var skipped = errors.Problems.Select(p => p.Field.Split(':')[0]).ToHashSet();
        specs = [.. specs.Where(s => !skipped.Contains(s.Entry.Where))];
        foreach (var problem in errors.Problems)
        {
            context.Error.WriteLine($"  skipped {problem.Field}: {problem.Rule}");
        }

        var created = await CreateAsync(context, client, [.. specs.Select(s => s.Spec)]);
        context.Out.WriteLine($"Created {created} jobs from {file}" +
            (skipped.Count > 0 ? $"; skipped {skipped.Count} invalid entries." : "."));
        return skipped.Count > 0 ? ExitCodes.UserError : ExitCodes.Success;
    }

    /// <summary>The service's own rules (JobSpecValidator), run here first so that no request is refused half way.</summary>
    private static List<(JobFileEntry Entry, JobSpec Spec)> CheckedAgainstApps(
        List<(JobFileEntry Entry, JobSpec Spec)> specs, Dictionary<long, SiteInfo> sites, Dictionary<long, IReadOnlyList<AppInfo>> apps,
        ValidationCollector errors, bool skipInvalid)
    {
        var invalidByFile = errors.Problems.Select(p => p.Field.Split(':')[0]).ToHashSet();
        var candidates = specs.Where(s => !invalidByFile.Contains(s.Entry.Where)).ToList();
        while (candidates.Count > 0)
        {
            try
            {
                JobSpecValidator.Validate([.. candidates.Select(c => c.Spec)],
                    (site, app) => apps[site].FirstOrDefault(a => a.Name == app), site => sites.GetValueOrDefault(site));
                return candidates;
            }
            catch (BalsamValidationException invalid)
            {
                var rejected = new HashSet<int>();
                foreach (var problem in invalid.Problems)
                {
                    var match = candidates.Count == 1 ? null : IndexedField().Match(problem.Field);
                    var index = match is { Success: true } ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    var field = match is { Success: true } ? match.Groups[2].Value : problem.Field;
                    errors.Add($"{candidates[index].Entry.Where}: {field}", Regex.Replace(problem.Rule, @"jobs\[(\d+)\]",
                        m => candidates[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].Entry.Where));
                    rejected.Add(index);
                }

                if (!skipInvalid)
                {
                    return candidates;
                }

                candidates = [.. candidates.Where((_, i) => !rejected.Contains(i))];
            }
        }

        return candidates;
    }

    private static async Task<int> CreateAsync(CliContext context, BalsamClient client, IReadOnlyList<JobSpec> specs)
    {
        var service = client.Cluster.GetGrain<IJobServiceGrain>(0);
        var created = new List<long>();
        try
        {
            await CliProgress.RunAsync(context, "Creating jobs", specs.Count, async advance =>
            {
                foreach (var chunk in specs.Chunk(JobsPerRequest))
                {
                    created.AddRange((await service.CreateAsync(chunk)).Select(job => job.Id));
                    advance(chunk.Length);
                }
            });
            return created.Count;
        }
        catch when (created.Count > 0)
        {
            // All or nothing: take back what the earlier requests created before reporting the refusal.
            foreach (var chunk in created.Chunk(JobRemoveCommand.PageSize))
            {
                await service.DeleteAsync(new JobQuery { Ids = [.. chunk], Limit = chunk.Length });
            }

            throw;
        }
    }

    [GeneratedRegex(@"^jobs\[(\d+)\]\.(.+)$")]
    private static partial Regex IndexedField();
}
