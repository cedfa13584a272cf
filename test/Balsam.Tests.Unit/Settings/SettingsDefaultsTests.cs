using Balsam.Launcher.Settings;
using Balsam.Sessions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Settings;

/// <summary>Every key of settings.yml has the default of SPEC §9; an empty file is valid.</summary>
[TestClass]
public sealed class SettingsDefaultsTests
{
    [TestMethod]
    public void AnEmptyFileGivesTheSpecDefaults()
    {
        var settings = SettingsLoader.Parse("");

        Assert.AreEqual("INFO", settings.Logging.Level);
        Assert.AreEqual(0, settings.FilterTags.Count);

        var launcher = settings.Launcher;
        Assert.AreEqual(60, launcher.IdleTtlSec);
        Assert.AreEqual(1.0, launcher.DelaySec);
        Assert.AreEqual(10, launcher.ErrorTailNumLines);
        Assert.AreEqual(990, launcher.MaxConcurrentMpiruns);
        Assert.AreEqual("mpich", launcher.MpiAppLauncher);
        Assert.AreEqual("local", launcher.LocalAppLauncher);
        Assert.IsNull(launcher.MpiExecutable);
        Assert.IsTrue(launcher.MpirunAllowsNodePacking);
        Assert.AreEqual(64, launcher.SerialModePrefetchPerRank);
        Assert.AreEqual(0, launcher.SerialModeStartupParams.Count);
        Assert.AreEqual(AcquireOrder.Default, launcher.SortBy);
        Assert.IsNull(launcher.ComputeNode.Cpus);
        Assert.AreEqual(Environment.ProcessorCount, launcher.ComputeNode.EffectiveCpus);
        Assert.AreEqual(0, launcher.ComputeNode.Gpus);
        Assert.AreEqual(NodeListSource.Local, launcher.ComputeNode.NodeList);

        var scheduler = settings.Scheduler!;
        Assert.AreEqual("local", scheduler.SchedulerClass);
        Assert.AreEqual(10, scheduler.SyncPeriod);
        Assert.AreEqual("job-template.sh", scheduler.JobTemplatePath);
        Assert.AreEqual(0, scheduler.AllowedQueues.Count);

        Assert.AreEqual(1, settings.Processing!.NumWorkers);
        Assert.AreEqual(1000, settings.Processing.PrefetchDepth);

        var transfers = settings.Transfers!;
        Assert.AreEqual(5, transfers.MaxConcurrentTransfers);
        Assert.AreEqual(100, transfers.TransferBatchSize);
        Assert.AreEqual(2000, transfers.NumItemsQueryLimit);
        Assert.AreEqual(5, transfers.ServicePeriod);
        Assert.IsNull(transfers.GlobusEndpointId);
        Assert.AreEqual("https://transfer.api.globus.org/v0.10", transfers.GlobusTransferUrl);
        Assert.IsNull(transfers.GlobusAccessToken, "the token globus login keeps, unless one is set");
        Assert.AreEqual(30, transfers.GlobusTimeoutSec);
        Assert.IsNull(transfers.SshConfigFile, "ssh's own config unless one is named");

        Assert.IsNull(settings.ElasticQueue, "the elastic queue is off unless configured");
        Assert.IsNull(settings.FileCleaner, "the file cleaner is off unless configured");
    }

    [TestMethod]
    public void KeysLeftOutOfASectionKeepTheirDefaults()
    {
        var settings = SettingsLoader.Parse("""
            launcher:
              idle_ttl_sec: 5
              compute_node:
                gpus: 2
            """);

        Assert.AreEqual(5, settings.Launcher.IdleTtlSec);
        Assert.AreEqual(990, settings.Launcher.MaxConcurrentMpiruns);
        Assert.AreEqual(2, settings.Launcher.ComputeNode.Gpus);
        CollectionAssert.AreEqual(new[] { "0", "1" }, settings.Launcher.ComputeNode.EffectiveGpuIds.ToArray());
        Assert.AreEqual("CUDA_VISIBLE_DEVICES", settings.Launcher.ComputeNode.VisibleDevicesVariable);
    }

    [TestMethod]
    public void NullTurnsAServiceOffAndAnEmptySectionKeepsDefaults()
    {
        var settings = SettingsLoader.Parse("""
            scheduler: null
            processing: ~
            transfers:
            launcher:
            """);

        Assert.IsNull(settings.Scheduler);
        Assert.IsNull(settings.Processing);
        Assert.IsNull(settings.Transfers);
        Assert.AreEqual(60, settings.Launcher.IdleTtlSec, "an empty non-service section is all defaults");
    }

    [TestMethod]
    public void OptionalSectionsTakeTheirDefaultsWhenTurnedOn()
    {
        var settings = SettingsLoader.Parse("""
            scheduler:
              allowed_queues:
                debug: {max_nodes: 8, max_walltime: 720, max_queued_jobs: 2}
              allowed_projects: [datascience]
            elastic_queue:
              submit_project: datascience
              submit_queue: debug
              max_num_nodes: 4
            file_cleaner: {}
            launcher:
              sort_by: long_large_first
            """);

        var elastic = settings.ElasticQueue!;
        Assert.AreEqual(60, elastic.ServicePeriod);
        Assert.AreEqual("mpi", elastic.JobMode);
        Assert.IsTrue(elastic.UseBackfill);
        Assert.AreEqual(35, elastic.MinWallTimeMin);
        Assert.AreEqual(5, elastic.WallTimePadMin);
        Assert.AreEqual(1, elastic.MinNumNodes);
        Assert.AreEqual(10, elastic.MaxQueueWaitTimeMin);
        Assert.AreEqual(20, elastic.MaxQueuedJobs);
        Assert.AreEqual(180, settings.FileCleaner!.CleanupBatchSize);
        Assert.AreEqual(30, settings.FileCleaner.ServicePeriod);
        Assert.AreEqual(AcquireOrder.LongLargeFirst, settings.Launcher.SortBy);
        Assert.AreEqual(new Balsam.Sites.QueuePolicy(8, 720, 2), settings.ToSummary().AllowedQueues["debug"]);
    }

    [TestMethod]
    public void TheDefaultInstanceIsValid()
    {
        Assert.AreEqual(0, SiteSettingsValidator.Validate(SiteSettings.Default).Count);
    }

    [TestMethod]
    public void LoadReadsAFileAndNamesAMissingOne()
    {
        var folder = Directory.CreateTempSubdirectory("balsam-settings-");
        try
        {
            var path = Path.Combine(folder.FullName, "settings.yml");
            File.WriteAllText(path, "launcher:\n  delay_sec: 0.25\n");
            Assert.AreEqual(0.25, SettingsLoader.LoadFromSite(folder.FullName).Launcher.DelaySec);

            var missing = Assert.ThrowsExactly<FileNotFoundException>(() => SettingsLoader.Load(Path.Combine(folder.FullName, "nope.yml")));
            StringAssert.Contains(missing.Message, "nope.yml");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
