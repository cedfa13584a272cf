using Balsam.Launcher.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Settings;

/// <summary>Every problem in settings.yml is reported with its key path, the rule and the line.</summary>
[TestClass]
public sealed class SettingsValidationTests
{
    private const string Elastic = """
        scheduler:
          allowed_queues:
            debug: {max_nodes: 8, max_walltime: 60, max_queued_jobs: 2}
          allowed_projects: [datascience]
        elastic_queue:
          submit_project: datascience
          submit_queue: debug
          max_num_nodes: 4
          max_wall_time_min: 60

        """;

    [TestMethod]
    [DataRow("launcher:\n  idle_tll_sec: 5\n", "launcher.idle_tll_sec", "unknown key; did you mean 'idle_ttl_sec'?", 2)]
    [DataRow("launchr:\n  idle_ttl_sec: 5\n", "launchr", "did you mean 'launcher'?", 1)]
    [DataRow("launcher:\n  idle-ttl-sec: 5\n", "launcher.idle-ttl-sec", "did you mean 'idle_ttl_sec'?", 2)]
    [DataRow("launcher:\n  sync_period: 5\n", "launcher.sync_period", "belongs under 'scheduler'", 2)]
    [DataRow("launcher:\n  colour: blue\n", "launcher.colour", "the keys of this section are: idle_ttl_sec", 2)]
    [DataRow("launcher:\n  idle_ttl_sec: soon\n", "launcher.idle_ttl_sec", "expected a whole number, got 'soon'", 2)]
    [DataRow("launcher:\n  idle_ttl_sec: 1.5\n", "launcher.idle_ttl_sec", "no fractions", 2)]
    [DataRow("launcher:\n  idle_ttl_sec: \"60\"\n", "launcher.idle_ttl_sec", "without quotes", 2)]
    [DataRow("launcher:\n  idle_ttl_sec: -1\n", "launcher.idle_ttl_sec", "must not be negative (got -1)", 2)]
    [DataRow("launcher:\n  error_tail_num_lines: -3\n", "launcher.error_tail_num_lines", "must not be negative", 2)]
    [DataRow("launcher:\n  max_concurrent_mpiruns: 0\n", "launcher.max_concurrent_mpiruns", "must be at least 1 (got 0)", 2)]
    [DataRow("launcher:\n  serial_mode_prefetch_per_rank: 0\n", "launcher.serial_mode_prefetch_per_rank", "at least 1", 2)]
    [DataRow("launcher:\n  delay_sec: 0\n", "launcher.delay_sec", "more than 0", 2)]
    [DataRow("launcher:\n  delay_sec: .nan\n", "launcher.delay_sec", "expected a number", 2)]
    [DataRow("launcher:\n  running_report_hold_ms: -5\n", "launcher.running_report_hold_ms", "must be 0 to 10000 milliseconds (got -5)", 2)]
    [DataRow("launcher:\n  running_report_hold_ms: 60000\n", "launcher.running_report_hold_ms", "must be 0 to 10000 milliseconds (got 60000)", 2)]
    [DataRow("launcher:\n  report_batch_ms: -1\n", "launcher.report_batch_ms", "must be 0 to 10000 milliseconds (got -1)", 2)]
    [DataRow("launcher:\n  mpirun_allows_node_packing: yes\n", "launcher.mpirun_allows_node_packing", "expected true or false, got 'yes'", 2)]
    [DataRow("launcher:\n  mpi_app_launcher: mpitch\n", "launcher.mpi_app_launcher", "did you mean 'mpich'?", 2)]
    [DataRow("launcher:\n  local_app_launcher: shell\n", "launcher.local_app_launcher", "must be one of: mpich, openmpi, slurm, pals, local", 2)]
    [DataRow("launcher:\n  mpi_executable: ' '\n", "launcher.mpi_executable", "must not be blank", 2)]
    [DataRow("launcher:\n  sort_by: longest\n", "launcher.sort_by", "must be one of: default, long_large_first (got 'longest')", 2)]
    [DataRow("launcher:\n  serial_mode_startup_params:\n    'bad name': x\n", "launcher.serial_mode_startup_params.bad name", "not an option name", 3)]
    [DataRow("launcher:\n  compute_node: 8\n", "launcher.compute_node", "expected a mapping", 2)]
    [DataRow("launcher:\n  compute_node:\n    cpus: 0\n", "launcher.compute_node.cpus", "must be at least 1 (got 0)", 3)]
    [DataRow("launcher:\n  compute_node:\n    gpus: -4\n", "launcher.compute_node.gpus", "must not be negative", 3)]
    [DataRow("launcher:\n  compute_node:\n    gpus: 2\n    gpu_ids: ['0']\n", "launcher.compute_node.gpu_ids", "lists 1 ids but gpus is 2", 4)]
    [DataRow("launcher:\n  compute_node:\n    gpus: 2\n    gpu_ids: ['0', '0']\n", "launcher.compute_node.gpu_ids", "distinct", 4)]
    [DataRow("launcher:\n  compute_node:\n    visible_devices_variable: 'CUDA VISIBLE'\n", "launcher.compute_node.visible_devices_variable", "environment variable name", 3)]
    [DataRow("launcher:\n  compute_node:\n    node_list: cobalt\n", "launcher.compute_node.node_list", "must be one of: local, pbs_nodefile, slurm_nodelist", 3)]
    [DataRow("logging:\n  level: LOUD\n", "logging.level", "must be one of: TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL (got 'LOUD')", 2)]
    [DataRow("logging:\n  flush_period: 0\n", "logging.flush_period", "at least 1", 2)]
    [DataRow("filter_tags:\n  'a b': x\n", "filter_tags.a b", "a tag name must be plain", 2)]
    [DataRow("filter_tags: [a, b]\n", "filter_tags", "expected a mapping", 1)]
    [DataRow("scheduler:\n  scheduler_class: slurmm\n", "scheduler.scheduler_class", "did you mean 'slurm'?", 2)]
    [DataRow("scheduler:\n  sync_period: 0\n", "scheduler.sync_period", "at least 1", 2)]
    [DataRow("scheduler:\n  allowed_queues:\n    debug:\n      max_nodes: 2\n      max_walltime: 60\n", "scheduler.allowed_queues.debug.max_queued_jobs", "is required", 3)]
    [DataRow("scheduler:\n  allowed_queues:\n    debug: {max_nodes: -2, max_walltime: 60, max_queued_jobs: 1}\n", "scheduler.allowed_queues.debug.max_nodes", "must be at least 1 (got -2)", 3)]
    [DataRow("scheduler:\n  allowed_queues:\n    debug: {max_nodes: 2, max_wall_time: 60, max_queued_jobs: 1}\n", "scheduler.allowed_queues.debug.max_wall_time", "did you mean 'max_walltime'?", 3)]
    [DataRow("scheduler:\n  allowed_projects: datascience\n", "scheduler.allowed_projects", "expected a list", 2)]
    [DataRow("scheduler:\n  allowed_projects: [a, a]\n", "scheduler.allowed_projects", "twice", 2)]
    [DataRow("scheduler:\n  optional_batch_job_params:\n    mig-count: '0'\n", "scheduler.optional_batch_job_params.mig-count", "identifier", 3)]
    [DataRow("scheduler:\n  job_template_path: ''\n", "scheduler.job_template_path", "must name the job template", 2)]
    [DataRow("processing:\n  num_workers: 0\n", "processing.num_workers", "must be at least 1", 2)]
    [DataRow("processing:\n  prefetch_depth: -1\n", "processing.prefetch_depth", "must be at least 1", 2)]
    [DataRow("processing:\n  hook_timeout_sec: 0\n", "processing.hook_timeout_sec", "must be at least 1", 2)]
    [DataRow("transfers:\n  transfer_locations:\n    dtn: ftp://host\n", "transfers.transfer_locations.dtn", "one of the protocols: globus, rsync, local (got 'ftp')", 3)]
    [DataRow("transfers:\n  transfer_locations:\n    dtn: somewhere\n", "transfers.transfer_locations.dtn", "protocol://netloc", 3)]
    [DataRow("transfers:\n  transfer_locations:\n    dtn: globus://6c54cade-bde5-45c1-bdea-f4bd71dba2cc\n", "transfers.transfer_locations.dtn", "set transfers.globus_endpoint_id", 3)]
    [DataRow("transfers:\n  transfer_location:\n    dtn: rsync://me@dtn\n", "transfers.transfer_location", "did you mean 'transfer_locations'?", 2)]
    [DataRow("transfers:\n  transfer_batch_size: 0\n", "transfers.transfer_batch_size", "at least 1", 2)]
    [DataRow("transfers:\n  num_items_query_limit: 0\n", "transfers.num_items_query_limit", "at least 1", 2)]
    [DataRow("transfers:\n  max_concurrent_transfers: many\n", "transfers.max_concurrent_transfers", "expected a whole number", 2)]
    [DataRow("file_cleaner:\n  cleanup_batch_size: 10\n  periode: 30\n", "file_cleaner.periode", "unknown key", 3)]
    [DataRow("transfers:\n  globus_endpoint_id: not-a-uuid\n", "transfers.globus_endpoint_id", "expected a UUID", 2)]
    [DataRow("transfers:\n  globus_endpoint_site_path: relative/path\n", "transfers.globus_endpoint_site_path", "absolute", 2)]
    [DataRow("transfers:\n  ssh_config_file: ssh/config\n", "transfers.ssh_config_file", "absolute path without quotes", 2)]
    [DataRow("transfers:\n  globus_transfer_url: transfer.api.globus.org\n", "transfers.globus_transfer_url", "must be an absolute http(s) URL such as https://transfer.api.globus.org/v0.10 (got 'transfer.api.globus.org')", 2)]
    [DataRow("transfers:\n  globus_timeout_sec: 0\n", "transfers.globus_timeout_sec", "at least 1", 2)]
    [DataRow("transfers:\n  globus_access_token: 'Bearer abc'\n", "transfers.globus_access_token", "the token alone", 2)]
    [DataRow("transfers:\n  ssh_config_file: \"/home/me/it's\"\n", "transfers.ssh_config_file", "absolute path without quotes", 2)]
    [DataRow("transfers:\n  max_concurrent_transfers: 0\n", "transfers.max_concurrent_transfers", "at least 1", 2)]
    [DataRow("transfers:\n  service_period: -5\n", "transfers.service_period", "at least 1", 2)]
    [DataRow("file_cleaner:\n  service_period: 0\n", "file_cleaner.service_period", "at least 1", 2)]
    [DataRow("file_cleaner:\n  cleanup_batch_size: 0\n", "file_cleaner.cleanup_batch_size", "at least 1", 2)]
    [DataRow(Elastic + "  wall_time_pad_min: 35\n", "elastic_queue.wall_time_pad_min", "must be less than min_wall_time_min (35)", 10)]
    [DataRow(Elastic + "  min_num_nodes: 6\n", "elastic_queue.max_num_nodes", "must be at least min_num_nodes (6) (got 4)", 8)]
    [DataRow(Elastic + "  min_wall_time_min: 90\n", "elastic_queue.max_wall_time_min", "must be at least min_wall_time_min (90)", 9)]
    [DataRow(Elastic + "  job_mode: parallel\n", "elastic_queue.job_mode", "must be one of: mpi, serial", 10)]
    [DataRow(Elastic + "  service_period: 0\n", "elastic_queue.service_period", "at least 1", 10)]
    [DataRow(Elastic + "  max_queued_jobs: 0\n", "elastic_queue.max_queued_jobs", "at least 1", 10)]
    [DataRow(Elastic + "  use_backfill: maybe\n", "elastic_queue.use_backfill", "expected true or false", 10)]
    [DataRow(Elastic + "  submit_queue2: x\n", "elastic_queue.submit_queue2", "did you mean 'submit_queue'?", 10)]
    [DataRow("scheduler:\n  allowed_queues:\n    debug: {max_nodes: 2, max_walltime: 60, max_queued_jobs: 1}\nelastic_queue:\n  submit_project: p\n  submit_queue: debgu\n  max_num_nodes: 1\n",
        "elastic_queue.submit_queue", "one of scheduler.allowed_queues: debug (got 'debgu'); did you mean 'debug'?", 6)]
    [DataRow("scheduler:\n  allowed_projects: [datascience]\nelastic_queue:\n  submit_project: other\n  submit_queue: q\n  max_num_nodes: 1\n",
        "elastic_queue.submit_project", "one of scheduler.allowed_projects", 4)]
    [DataRow("scheduler:\n  allowed_queues:\n    debug: {max_nodes: 2, max_walltime: 60, max_queued_jobs: 1}\nelastic_queue:\n  submit_project: p\n  submit_queue: debug\n  max_num_nodes: 3\n  max_wall_time_min: 60\n",
        "elastic_queue.max_num_nodes", "at most queue 'debug''s max_nodes (2)", 7)]
    [DataRow("scheduler:\n  allowed_queues:\n    debug: {max_nodes: 2, max_walltime: 60, max_queued_jobs: 1}\nelastic_queue:\n  submit_project: p\n  submit_queue: debug\n  max_num_nodes: 2\n",
        "elastic_queue.max_wall_time_min", "at most queue 'debug''s max_walltime (60) (got 360)", 4)]
    [DataRow("elastic_queue:\n  submit_project: p\n  max_num_nodes: 2\n", "elastic_queue.submit_queue", "is required", 1)]
    [DataRow("scheduler: null\nelastic_queue:\n  submit_project: p\n  submit_queue: q\n  max_num_nodes: 2\n", "elastic_queue", "needs the scheduler service", 2)]
    [DataRow("- just\n- a list\n", "(top level)", "expected a mapping", 1)]
    public void EachProblemNamesItsKeyTheRuleAndTheLine(string yaml, string path, string rule, int line)
    {
        var problems = ProblemsOf(yaml);

        var problem = problems.FirstOrDefault(p => p.Path == path);
        Assert.IsNotNull(problem, $"expected a problem at {path}; got:\n{string.Join("\n", problems)}");
        StringAssert.Contains(problem.Rule, rule);
        Assert.AreEqual(line, problem.Line, problem.ToString());
    }

    [TestMethod]
    public void EveryProblemOfAFileIsInOneExceptionInLineOrder()
    {
        var error = Assert.ThrowsExactly<InvalidSettingsException>(() => SettingsLoader.Parse("""
            logging:
              level: LOUD
            launcher:
              idle_ttl_sec: -1
              max_concurrent_mpiruns: lots
              colour: blue
            processing:
              num_workers: 0
            """, "/sites/demo/settings.yml"));

        CollectionAssert.AreEqual(
            new[] { "logging.level", "launcher.idle_ttl_sec", "launcher.max_concurrent_mpiruns", "launcher.colour", "processing.num_workers" },
            error.Problems.Select(p => p.Path).ToArray());
        CollectionAssert.AreEqual(new int?[] { 2, 4, 5, 6, 8 }, error.Problems.Select(p => p.Line).ToArray());
        StringAssert.StartsWith(error.Message, "/sites/demo/settings.yml has 5 problems:");
        StringAssert.Contains(error.Message, "line 4: launcher.idle_ttl_sec: must not be negative (got -1)");
        StringAssert.Contains(error.Message, "line 6: launcher.colour: unknown key");
        Assert.AreEqual("/sites/demo/settings.yml", error.SourceName);
    }

    [TestMethod]
    public void AValueOfTheWrongTypeIsReportedOnceNotAgainAsARuleOnItsDefault()
    {
        var problems = ProblemsOf("launcher:\n  compute_node:\n    gpus: many\n    gpu_ids: ['0', '1']\n");

        Assert.AreEqual(1, problems.Count(p => p.Path == "launcher.compute_node.gpus"), string.Join("\n", problems));
    }

    [TestMethod]
    public void InvalidYamlIsReportedWithItsLine()
    {
        var problems = ProblemsOf("launcher:\n  idle_ttl_sec: 5\n   delay_sec: [1\n");

        Assert.AreEqual(1, problems.Count);
        Assert.AreEqual("(file)", problems[0].Path);
        StringAssert.Contains(problems[0].Rule, "is not valid YAML");
        Assert.IsNotNull(problems[0].Line);
    }

    [TestMethod]
    public void ADuplicateKeyIsAProblem()
    {
        var problems = ProblemsOf("launcher:\n  idle_ttl_sec: 5\n  idle_ttl_sec: 6\n");

        Assert.AreEqual(1, problems.Count, string.Join("\n", problems));
        StringAssert.Contains(problems[0].ToString(), "line 3");
    }

    [TestMethod]
    public void ProblemsInCodeBuiltSettingsNameTheirKeys()
    {
        var settings = SiteSettings.Default with
        {
            Launcher = new LauncherSettings { IdleTtlSec = -5, ComputeNode = new ComputeNodeSettings { Gpus = 1, GpuIds = ["a", "b"] } },
            FileCleaner = new FileCleanerSettings { CleanupBatchSize = 0 },
        };

        var paths = SiteSettingsValidator.Validate(settings).Select(p => p.Path).ToArray();

        CollectionAssert.AreEquivalent(
            new[] { "launcher.idle_ttl_sec", "launcher.compute_node.gpu_ids", "file_cleaner.cleanup_batch_size" }, paths);
    }

    private static IReadOnlyList<SettingsProblem> ProblemsOf(string yaml)
    {
        try
        {
            SettingsLoader.Parse(yaml);
        }
        catch (InvalidSettingsException e)
        {
            return e.Problems;
        }

        Assert.Fail("the settings were accepted:\n" + yaml);
        return [];
    }

    [TestMethod]
    public void AllowedAssemblyHashesMustBeContentHashes()
    {
        var settings = SiteSettings.Default with { Apps = new AppsSettings { AllowedAssemblyHashes = [new string('a', 64), "not-a-hash"] } };
        var problem = SiteSettingsValidator.Validate(settings).Single();
        Assert.AreEqual("apps.allowed_assembly_hashes[1]", problem.Path);
        StringAssert.Contains(problem.Rule, "64 hex digits");
    }

    [TestMethod]
    public void UploadedCodeRunsUnlessTheSiteSaysOtherwise()
    {
        var image = new Balsam.Apps.AssemblyImageRef { ContentHash = new string('b', 64), AssemblyName = "Demo.Apps", TypeName = "Demo.Apps.Norm" };
        var uploaded = new Balsam.Apps.AppDefinition { Name = "Norm", Assembly = image };
        var command = new Balsam.Apps.AppDefinition { Name = "Echo", CommandTemplate = "echo hi" };

        Assert.IsNull(Balsam.Launcher.Sites.UploadedCodePolicy.Refusal(new AppsSettings(), uploaded));
        StringAssert.Contains(Balsam.Launcher.Sites.UploadedCodePolicy.Refusal(new AppsSettings { AllowUploadedCode = false }, uploaded),
            "apps.allow_uploaded_code is false");
        Assert.IsNull(Balsam.Launcher.Sites.UploadedCodePolicy.Refusal(new AppsSettings { AllowUploadedCode = false }, command), "templates are not uploaded code");
        Assert.IsNull(Balsam.Launcher.Sites.UploadedCodePolicy.Refusal(new AppsSettings { AllowedAssemblyHashes = [new string('B', 64)] }, uploaded));
        StringAssert.Contains(Balsam.Launcher.Sites.UploadedCodePolicy.Refusal(new AppsSettings { AllowedAssemblyHashes = [new string('c', 64)] }, uploaded),
            "apps.allowed_assembly_hashes");
    }
}
