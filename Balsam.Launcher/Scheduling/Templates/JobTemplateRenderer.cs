using System.Globalization;
using System.Text.RegularExpressions;
using Balsam.BatchJobs;
using Balsam.Launcher.Pilot.Shell;
using Balsam.Launcher.Settings;
using Stubble.Core;
using Stubble.Core.Builders;
using Stubble.Core.Exceptions;
using Stubble.Core.Settings;

namespace Balsam.Launcher.Scheduling.Templates;

/// <summary>
/// Renders a site's <c>job-template.sh</c> (Mustache, HTML escaping off) for one batch job (SPEC §10). The variables:
/// <list type="table">
/// <item><term>project, queue, job_mode</term><description>as given (checked to be plain names)</description></item>
/// <item><term>num_nodes, wall_time_min</term><description>numbers</description></item>
/// <item><term>wall_time_hms</term><description>the wall time as HH:MM:SS (for <c>#PBS -l walltime</c>, <c>#SBATCH --time</c>)</description></item>
/// <item><term>launcher_wall_time_min</term><description>wall_time_min − 2 (at least 1): the launcher stops in time to report</description></item>
/// <item><term>launcher_command</term><description>the whole shell-quoted launcher line:
/// <c>balsam launcher -j MODE -t MIN [--batch-job-id ID] [--tag K=V]... [--part MODE:N[:K=V]...]...</c></description></item>
/// <item><term>site_path, site_path_quoted</term><description>the site folder, raw and shell-quoted</description></item>
/// <item><term>balsam_executable_quoted</term><description>the command that runs balsam, shell-quoted</description></item>
/// <item><term>filter_tags</term><description>a list of {name, value} for sections; filter_tag_args: the quoted <c>--tag</c> options</description></item>
/// <item><term>partitions</term><description>the quoted <c>--part</c> options, or empty</description></item>
/// <item><term>optional_params.NAME, optional_params_quoted.NAME</term><description>every optional batch-job parameter of the
/// settings, with its default unless the batch job sets it; raw (for scheduler directives) and shell-quoted</description></item>
/// </list>
/// A variable the template names that is not in this list is an error, as is an optional parameter the settings do not allow.
/// </summary>
public static partial class JobTemplateRenderer
{
    private static readonly StubbleVisitorRenderer Stubble = new StubbleBuilder().Build();

    private static readonly RenderSettings Settings = new() { SkipHtmlEncoding = true, ThrowOnDataMiss = true };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.@+-]*$")]
    private static partial Regex PlainName();

    /// <summary>The batch job's script.</summary>
    /// <exception cref="JobTemplateException">A value breaks a rule (all are listed), or the template names an unknown variable.</exception>
    public static string Render(string template, JobTemplateRequest request, SchedulerSettings scheduler)
    {
        var variables = Variables(request, scheduler);
        try
        {
            return Stubble.Render(template, variables, Settings);
        }
        catch (StubbleDataMissException e)
        {
            throw new JobTemplateException($"the job template names a variable that does not exist: {e.Message}", e);
        }
        catch (StubbleException e)
        {
            throw new JobTemplateException($"the job template is not valid Mustache: {e.Message}", e);
        }
    }

    /// <summary>The template's variables for a batch job (see the class summary).</summary>
    /// <exception cref="JobTemplateException">A value breaks a rule; the message lists every problem.</exception>
    public static Dictionary<string, object> Variables(JobTemplateRequest request, SchedulerSettings scheduler)
    {
        var problems = Check(request, scheduler);
        if (problems.Count > 0)
        {
            throw new JobTemplateException("cannot render the batch job's script: " + string.Join("; ", problems));
        }

        var optional = new Dictionary<string, string>(scheduler.OptionalBatchJobParams);
        foreach (var (name, value) in request.OptionalParams)
        {
            optional[name] = value;
        }

        return new Dictionary<string, object>
        {
            ["project"] = request.Project,
            ["queue"] = request.Queue,
            ["num_nodes"] = request.NumNodes,
            ["wall_time_min"] = request.WallTimeMin,
            ["wall_time_hms"] = HoursMinutesSeconds(request.WallTimeMin),
            ["launcher_wall_time_min"] = LauncherWallTime(request.WallTimeMin),
            ["job_mode"] = request.JobMode,
            ["site_path"] = request.SitePath,
            ["site_path_quoted"] = ShellQuoting.Quote(request.SitePath),
            ["balsam_executable_quoted"] = ShellQuoting.Join(request.BalsamCommand),
            ["launcher_command"] = ShellQuoting.Join(LauncherCommand(request)),
            ["filter_tags"] = request.FilterTags.Select(t => new Dictionary<string, object> { ["name"] = t.Key, ["value"] = t.Value }).ToList(),
            ["filter_tag_args"] = ShellQuoting.Join(TagArguments(request.FilterTags)),
            ["partitions"] = ShellQuoting.Join(PartitionArguments(request.Partitions)),
            ["optional_params"] = optional.ToDictionary(p => p.Key, p => (object)p.Value),
            ["optional_params_quoted"] = optional.ToDictionary(p => p.Key, p => (object)ShellQuoting.Quote(p.Value)),
        };
    }

    /// <summary>The launcher's argv: <c>balsam launcher -j MODE -t MIN [--tag K=V]... [--part MODE:N[:K=V]...]...</c>.</summary>
    public static IReadOnlyList<string> LauncherCommand(JobTemplateRequest request) =>
    [
        .. request.BalsamCommand, "launcher",
        "-j", request.JobMode,
        "-t", LauncherWallTime(request.WallTimeMin).ToString(CultureInfo.InvariantCulture),
        .. request.BatchJobId is { } id ? new[] { "--batch-job-id", id.ToString(CultureInfo.InvariantCulture) } : [],
        .. TagArguments(request.FilterTags),
        .. PartitionArguments(request.Partitions),
    ];

    /// <summary>Minutes as HH:MM:SS (90 gives 01:30:00).</summary>
    public static string HoursMinutesSeconds(int minutes) =>
        string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}:00");

    private static int LauncherWallTime(int wallTimeMin) => Math.Max(1, wallTimeMin - 2);

    private static IEnumerable<string> TagArguments(IReadOnlyDictionary<string, string> tags) =>
        tags.SelectMany(t => new[] { "--tag", $"{t.Key}={t.Value}" });

    private static IEnumerable<string> PartitionArguments(IReadOnlyList<BatchJobPartition> partitions) =>
        partitions.SelectMany(p => new[] { "--part", Cli.PartitionOption.Format(p) });

    private static List<string> Check(JobTemplateRequest request, SchedulerSettings scheduler)
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Require(PlainName().IsMatch(request.Project), $"project '{request.Project}' must be a plain name");
        Require(PlainName().IsMatch(request.Queue), $"queue '{request.Queue}' must be a plain name");
        Require(request.NumNodes >= 1, $"num_nodes must be at least 1 (got {request.NumNodes})");
        Require(request.WallTimeMin >= 1, $"wall_time_min must be at least 1 (got {request.WallTimeMin})");
        Require(ElasticQueueSettings.JobModes.Contains(request.JobMode), $"job_mode must be mpi or serial (got '{request.JobMode}')");
        Require(Path.IsPathRooted(request.SitePath) && !request.SitePath.Any(char.IsControl), "site path must be an absolute path on one line");
        Require(request.BalsamCommand.Count > 0 && Path.IsPathRooted(request.BalsamCommand[0]) && !request.BalsamCommand.Any(a => a.Any(char.IsControl)),
            "the balsam command must start with an absolute path and be on one line");
        CheckTags(request.FilterTags, "filter_tags", partition: false, problems);

        for (var i = 0; i < request.Partitions.Count; i++)
        {
            var partition = request.Partitions[i];
            Require(Enum.IsDefined(partition.JobMode), $"partitions[{i}].job_mode must be mpi or serial (got '{partition.JobMode}')");
            Require(partition.NumNodes >= 1, $"partitions[{i}].num_nodes must be at least 1 (got {partition.NumNodes})");
            CheckTags(partition.FilterTags, $"partitions[{i}].filter_tags", partition: true, problems);
        }

        if (request.Partitions.Count > 0)
        {
            var total = request.Partitions.Sum(p => p.NumNodes);
            Require(total == request.NumNodes, $"the partitions' nodes add up to {total}, not the batch job's {request.NumNodes}");
        }

        foreach (var (name, value) in request.OptionalParams)
        {
            Require(scheduler.OptionalBatchJobParams.ContainsKey(name),
                $"optional parameter '{name}' is not allowed here (scheduler.optional_batch_job_params: " +
                $"{(scheduler.OptionalBatchJobParams.Count == 0 ? "none" : string.Join(", ", scheduler.OptionalBatchJobParams.Keys))})");
            Require(!value.Any(char.IsControl), $"optional parameter '{name}' must be one line with no control characters");
        }

        return problems;
    }

    private static void CheckTags(IReadOnlyDictionary<string, string> tags, string field, bool partition, List<string> problems)
    {
        foreach (var (name, value) in tags)
        {
            if (!PlainName().IsMatch(name) || value.Length == 0 || value.Any(char.IsControl) || (partition && value.Contains(':')))
            {
                problems.Add($"{field}.{name}: a tag needs a plain name and a one-line value{(partition ? " without ':'" : "")} (got '{name}={value}')");
            }
        }
    }
}
