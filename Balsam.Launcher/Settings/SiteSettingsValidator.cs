using System.Globalization;
using System.Text.RegularExpressions;
using Balsam.Launcher.Pilot.Mpi;
using Balsam.Launcher.Scheduling;

namespace Balsam.Launcher.Settings;

/// <summary>
/// The rules on values of <c>settings.yml</c> beyond their types: ranges, names from fixed lists, and rules across keys
/// (the elastic queue's queue and project must be allowed, its pad must be shorter than its shortest wall time, ...).
/// Each problem names its key path.
/// </summary>
public static partial class SiteSettingsValidator
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.@+-]*$")]
    private static partial Regex PlainName();

    [GeneratedRegex(@"^(?<protocol>[a-z]+)://(?<netloc>\S+)$")]
    private static partial Regex LocationUrl();

    public static IReadOnlyList<SettingsProblem> Validate(SiteSettings settings)
    {
        var rules = new Rules();
        Logging(settings.Logging, rules);
        Tags(settings.FilterTags, "filter_tags", rules);
        Launcher(settings.Launcher, rules);
        if (settings.Scheduler is { } scheduler)
        {
            Scheduler(scheduler, rules);
        }

        if (settings.Processing is { } processing)
        {
            rules.AtLeast("processing.num_workers", processing.NumWorkers, 1);
            rules.AtLeast("processing.prefetch_depth", processing.PrefetchDepth, 1);
            if (processing.HookTimeoutSec is { } timeout)
            {
                rules.AtLeast("processing.hook_timeout_sec", timeout, 1);
            }
        }

        if (settings.Transfers is { } transfers)
        {
            Transfers(transfers, rules);
        }

        if (settings.ElasticQueue is { } elastic)
        {
            ElasticQueue(elastic, settings.Scheduler, rules);
        }

        foreach (var (hash, i) in (settings.Apps.AllowedAssemblyHashes ?? []).Select((h, i) => (h, i)))
        {
            rules.Require($"apps.allowed_assembly_hashes[{i}]", hash.Length == 64 && hash.All(char.IsAsciiHexDigit),
                $"must be a SHA-256 content hash (64 hex digits), was '{hash}'");
        }

        if (settings.FileCleaner is { } cleaner)
        {
            rules.AtLeast("file_cleaner.cleanup_batch_size", cleaner.CleanupBatchSize, 1);
            rules.AtLeast("file_cleaner.service_period", cleaner.ServicePeriod, 1);
        }

        return rules.Problems;
    }

    private static void Logging(LoggingSettings logging, Rules rules)
    {
        rules.OneOf("logging.level", logging.Level.ToUpperInvariant(), LoggingSettings.Levels, shown: logging.Level);
        rules.AtLeast("logging.buffer_num_records", logging.BufferNumRecords, 1);
        rules.AtLeast("logging.flush_period", logging.FlushPeriod, 1);
    }

    private static void Launcher(LauncherSettings launcher, Rules rules)
    {
        rules.AtLeast("launcher.idle_ttl_sec", launcher.IdleTtlSec, 0);
        rules.AtLeast("launcher.service_outage_tolerance_sec", launcher.ServiceOutageToleranceSec, 0);
        rules.Require("launcher.delay_sec", launcher.DelaySec is > 0 and <= 3600, $"must be more than 0 and at most 3600 seconds (got {Number(launcher.DelaySec)})");
        rules.Require("launcher.running_report_hold_ms", launcher.RunningReportHoldMs is >= 0 and <= 10_000,
            $"must be 0 to 10000 milliseconds (got {launcher.RunningReportHoldMs})");
        rules.Require("launcher.report_batch_ms", launcher.ReportBatchMs is >= 0 and <= 10_000,
            $"must be 0 to 10000 milliseconds (got {launcher.ReportBatchMs})");
        rules.AtLeast("launcher.error_tail_num_lines", launcher.ErrorTailNumLines, 0);
        rules.AtLeast("launcher.max_concurrent_mpiruns", launcher.MaxConcurrentMpiruns, 1);
        rules.AtLeast("launcher.serial_mode_prefetch_per_rank", launcher.SerialModePrefetchPerRank, 1);
        rules.OneOf("launcher.mpi_app_launcher", launcher.MpiAppLauncher, MpiLaunchers.Names);
        rules.OneOf("launcher.local_app_launcher", launcher.LocalAppLauncher, MpiLaunchers.Names);
        rules.Require("launcher.mpi_executable", launcher.MpiExecutable is null || launcher.MpiExecutable.Trim().Length > 0,
            "must not be blank (leave it out, or null, for the launcher's usual program)");
        foreach (var (name, value) in launcher.SerialModeStartupParams)
        {
            try
            {
                LaunchParams.ToArguments(new Dictionary<string, string> { [name] = value });
            }
            catch (ArgumentException e)
            {
                rules.Add($"launcher.serial_mode_startup_params.{name}", e.Message.Split(" (Parameter")[0].Replace("launch_params", "a launch parameter"));
            }
        }

        var node = launcher.ComputeNode;
        if (node.Cpus is { } cpus)
        {
            rules.AtLeast("launcher.compute_node.cpus", cpus, 1);
        }

        rules.AtLeast("launcher.compute_node.gpus", node.Gpus, 0);
        if (node.GpuIds is { } ids)
        {
            rules.Require("launcher.compute_node.gpu_ids", ids.Count == node.Gpus,
                $"lists {ids.Count} ids but gpus is {node.Gpus}; give one id per GPU (or leave gpu_ids out to number them 0..{Math.Max(0, node.Gpus - 1)})");
            rules.Require("launcher.compute_node.gpu_ids", ids.Distinct().Count() == ids.Count, "ids must be distinct");
            rules.Require("launcher.compute_node.gpu_ids", ids.All(id => PlainName().IsMatch(id)),
                "ids must be plain names (letters, digits, '.', '_', '-'), with no commas or spaces");
        }

        rules.Require("launcher.compute_node.visible_devices_variable", Identifier().IsMatch(node.VisibleDevicesVariable),
            "must be an environment variable name, e.g. CUDA_VISIBLE_DEVICES or ZE_AFFINITY_MASK");
    }

    private static void Scheduler(SchedulerSettings scheduler, Rules rules)
    {
        rules.OneOf("scheduler.scheduler_class", scheduler.SchedulerClass, BatchSchedulers.Names);
        rules.AtLeast("scheduler.sync_period", scheduler.SyncPeriod, 1);
        foreach (var (name, queue) in scheduler.AllowedQueues)
        {
            var path = $"scheduler.allowed_queues.{name}";
            rules.Require(path, PlainName().IsMatch(name), "a queue name must be plain (letters, digits, '.', '_', '-', '@', '+')");
            rules.AtLeast($"{path}.max_nodes", queue.MaxNodes, 1);
            rules.AtLeast($"{path}.max_walltime", queue.MaxWalltime, 1);
            rules.AtLeast($"{path}.max_queued_jobs", queue.MaxQueuedJobs, 1);
        }

        for (var i = 0; i < scheduler.AllowedProjects.Count; i++)
        {
            rules.Require($"scheduler.allowed_projects[{i}]", PlainName().IsMatch(scheduler.AllowedProjects[i]),
                "a project name must be plain (letters, digits, '.', '_', '-', '@', '+')");
        }

        rules.Require("scheduler.allowed_projects", scheduler.AllowedProjects.Distinct().Count() == scheduler.AllowedProjects.Count,
            "lists a project twice");
        foreach (var (name, value) in scheduler.OptionalBatchJobParams)
        {
            var path = $"scheduler.optional_batch_job_params.{name}";
            rules.Require(path, Identifier().IsMatch(name),
                "a parameter name must be an identifier (letters, digits, '_'): the job template uses it as {{ optional_params.NAME }}");
            rules.Require(path, !value.Any(char.IsControl), "the default must be one line with no control characters");
        }

        rules.Require("scheduler.job_template_path", scheduler.JobTemplatePath.Trim().Length > 0, "must name the job template file");
    }

    private static void Transfers(TransferSettings transfers, Rules rules)
    {
        foreach (var (alias, url) in transfers.TransferLocations)
        {
            var path = $"transfers.transfer_locations.{alias}";
            rules.Require(path, PlainName().IsMatch(alias) && !alias.Contains(':'), "an alias must be a plain name (no ':')");
            var match = LocationUrl().Match(url);
            if (!match.Success)
            {
                rules.Add(path, $"must be 'protocol://netloc', e.g. globus://<endpoint id> or rsync://user@host (got '{url}')");
            }
            else
            {
                rules.OneOf(path, match.Groups["protocol"].Value, TransferSettings.Protocols, what: "one of the protocols");
                rules.Require(path, match.Groups["protocol"].Value != "globus" || transfers.GlobusEndpointId is not null,
                    "a globus location needs this site's own endpoint: set transfers.globus_endpoint_id");
            }
        }

        rules.Require("transfers.globus_transfer_url",
            Uri.TryCreate(transfers.GlobusTransferUrl, UriKind.Absolute, out var api) && (api.Scheme == Uri.UriSchemeHttps || api.Scheme == Uri.UriSchemeHttp),
            $"must be an absolute http(s) URL such as {TransferSettings.DefaultGlobusTransferUrl} (got '{transfers.GlobusTransferUrl}')");
        rules.Require("transfers.globus_access_token", transfers.GlobusAccessToken is null
            || (transfers.GlobusAccessToken.Length > 0 && !transfers.GlobusAccessToken.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))),
            "must be the token alone: no spaces or line breaks (null reads the one globus login keeps)");
        rules.AtLeast("transfers.globus_timeout_sec", transfers.GlobusTimeoutSec, 1);
        rules.Require("transfers.globus_endpoint_site_path", transfers.GlobusEndpointSitePath is null || transfers.GlobusEndpointSitePath.StartsWith('/'),
            "must be an absolute path");
        rules.Require("transfers.ssh_config_file", transfers.SshConfigFile is null
            || (transfers.SshConfigFile.StartsWith('/') && !transfers.SshConfigFile.Any(c => c is '\'' or '"' || char.IsControl(c))),
            "must be an absolute path without quotes");
        rules.AtLeast("transfers.max_concurrent_transfers", transfers.MaxConcurrentTransfers, 1);
        rules.AtLeast("transfers.transfer_batch_size", transfers.TransferBatchSize, 1);
        rules.AtLeast("transfers.num_items_query_limit", transfers.NumItemsQueryLimit, 1);
        rules.AtLeast("transfers.service_period", transfers.ServicePeriod, 1);
    }

    private static void ElasticQueue(ElasticQueueSettings elastic, SchedulerSettings? scheduler, Rules rules)
    {
        const string at = "elastic_queue";
        rules.Require(at, scheduler is not null, "needs the scheduler service: the elastic queue submits batch jobs through it (scheduler is null)");
        rules.AtLeast($"{at}.service_period", elastic.ServicePeriod, 1);
        rules.OneOf($"{at}.job_mode", elastic.JobMode, ElasticQueueSettings.JobModes);
        Tags(elastic.FilterTags, $"{at}.filter_tags", rules);
        rules.AtLeast($"{at}.min_wall_time_min", elastic.MinWallTimeMin, 1);
        rules.Require($"{at}.max_wall_time_min", elastic.MaxWallTimeMin >= elastic.MinWallTimeMin,
            $"must be at least min_wall_time_min ({elastic.MinWallTimeMin}) (got {elastic.MaxWallTimeMin})");
        rules.AtLeast($"{at}.wall_time_pad_min", elastic.WallTimePadMin, 0);
        rules.Require($"{at}.wall_time_pad_min", elastic.WallTimePadMin < elastic.MinWallTimeMin,
            $"must be less than min_wall_time_min ({elastic.MinWallTimeMin}): the pad is taken off the wall time (got {elastic.WallTimePadMin})");
        rules.AtLeast($"{at}.min_num_nodes", elastic.MinNumNodes, 1);
        rules.Require($"{at}.max_num_nodes", elastic.MaxNumNodes >= elastic.MinNumNodes,
            $"must be at least min_num_nodes ({elastic.MinNumNodes}) (got {elastic.MaxNumNodes})");
        rules.AtLeast($"{at}.max_queue_wait_time_min", elastic.MaxQueueWaitTimeMin, 1);
        rules.AtLeast($"{at}.max_queued_jobs", elastic.MaxQueuedJobs, 1);

        rules.Require($"{at}.submit_project", !string.IsNullOrWhiteSpace(elastic.SubmitProject), "must name a project");
        rules.Require($"{at}.submit_queue", !string.IsNullOrWhiteSpace(elastic.SubmitQueue), "must name a queue");
        if (scheduler is null)
        {
            return;
        }

        if (scheduler.AllowedProjects.Count > 0 && !string.IsNullOrWhiteSpace(elastic.SubmitProject))
        {
            rules.OneOf($"{at}.submit_project", elastic.SubmitProject, scheduler.AllowedProjects, what: "one of scheduler.allowed_projects");
        }

        if (scheduler.AllowedQueues.Count > 0 && !string.IsNullOrWhiteSpace(elastic.SubmitQueue))
        {
            if (!scheduler.AllowedQueues.TryGetValue(elastic.SubmitQueue, out var queue))
            {
                rules.OneOf($"{at}.submit_queue", elastic.SubmitQueue, scheduler.AllowedQueues.Keys.ToArray(), what: "one of scheduler.allowed_queues");
            }
            else
            {
                rules.Require($"{at}.max_num_nodes", elastic.MaxNumNodes <= queue.MaxNodes,
                    $"must be at most queue '{elastic.SubmitQueue}''s max_nodes ({queue.MaxNodes}) (got {elastic.MaxNumNodes})");
                rules.Require($"{at}.max_wall_time_min", elastic.MaxWallTimeMin <= queue.MaxWalltime,
                    $"must be at most queue '{elastic.SubmitQueue}''s max_walltime ({queue.MaxWalltime}) (got {elastic.MaxWallTimeMin})");
            }
        }
    }

    private static void Tags(Dictionary<string, string> tags, string path, Rules rules)
    {
        foreach (var (name, value) in tags)
        {
            rules.Require($"{path}.{name}", PlainName().IsMatch(name), "a tag name must be plain (letters, digits, '.', '_', '-', '@', '+')");
            rules.Require($"{path}.{name}", value.Length > 0 && !value.Any(char.IsControl), "a tag value must be non-empty text on one line");
        }
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Rules
    {
        public List<SettingsProblem> Problems { get; } = [];

        public void Add(string path, string rule) => Problems.Add(new SettingsProblem(path, rule));

        public void Require(string path, bool ok, string rule)
        {
            if (!ok)
            {
                Add(path, rule);
            }
        }

        public void AtLeast(string path, int value, int minimum) =>
            Require(path, value >= minimum, minimum == 0 ? $"must not be negative (got {value})" : $"must be at least {minimum} (got {value})");

        public void OneOf(string path, string value, IReadOnlyCollection<string> allowed, string? shown = null, string? what = null)
        {
            if (!allowed.Contains(value))
            {
                var suggestion = KeySuggestions.Closest(value, allowed) is { } closest ? $"; did you mean '{closest}'?" : "";
                Add(path, $"must be {what ?? "one of"}: {string.Join(", ", allowed)} (got '{shown ?? value}'){suggestion}");
            }
        }
    }
}
