using Balsam.Sites;
using static Balsam.Tests.Unit.Validation.ValidationAssert;

namespace Balsam.Tests.Unit.Sites;

/// <summary>Site path and the settings summary: queue policies, transfer locations, projects, batch-job parameters.</summary>
[TestClass]
public sealed class SiteSettingsValidationTests
{
    private static SiteSpec WithSettings(SiteSettingsSummary settings) =>
        new() { Name = "polaris", Path = "/home/alice/sites/polaris", Settings = settings };

    [TestMethod]
    public void AFullValidSpecPasses()
    {
        SiteValidator.ValidateSpec(WithSettings(new SiteSettingsSummary
        {
            NumNodes = 8,
            AllowedProjects = ["datascience", "p2"],
            AllowedQueues = { ["debug"] = new QueuePolicy(2, 60, 1), ["prod"] = new QueuePolicy(496, 1440, 10) },
            OptionalBatchJobParams = { ["singularity_prime_cache"] = "no", ["mig_count"] = "0" },
            TransferLocations =
            {
                ["theta_dtn"] = "globus://08925f04-569f-11e7-bef8-22000b9a448b",
                ["laptop"] = "rsync://user@laptop.example.org",
                ["here"] = "local://localhost",
            },
        }));
    }

    [TestMethod]
    [DataRow("sites/polaris")]
    [DataRow("./polaris")]
    [DataRow("~/polaris")]
    [DataRow("")]
    [DataRow("C:\\sites")]
    public void PathMustBeAbsolute(string path)
    {
        var error = Fails(() => SiteValidator.ValidateSpec(new SiteSpec { Name = "polaris", Path = path }));
        HasProblem(error, "path", "must be an absolute path");
        ProblemFieldsAre(error, "path");
    }

    [TestMethod]
    public void PathLengthIsLimited()
    {
        var error = Fails(() => SiteValidator.ValidateSpec(new SiteSpec { Name = "polaris", Path = "/" + new string('p', 512) }));
        HasProblem(error, "path", "at most 512 characters");
    }

    [TestMethod]
    public void QueuePolicyLimitsMustBePositive()
    {
        var error = Fails(() => SiteValidator.ValidateSpec(WithSettings(new SiteSettingsSummary
        {
            AllowedQueues = { ["debug"] = new QueuePolicy(0, -5, 0), ["prod"] = new QueuePolicy(1, 1, 1) },
        })));
        HasProblem(error, "settings.allowed_queues.debug.max_nodes", "must be positive");
        HasProblem(error, "settings.allowed_queues.debug.max_walltime", "must be positive", "minutes");
        HasProblem(error, "settings.allowed_queues.debug.max_queued_jobs", "must be positive");
        ProblemFieldsAre(error,
            "settings.allowed_queues.debug.max_nodes", "settings.allowed_queues.debug.max_walltime",
            "settings.allowed_queues.debug.max_queued_jobs");
    }

    [TestMethod]
    [DataRow("globus")]
    [DataRow("user@host:/path")]
    [DataRow("host.example.org")]
    [DataRow("rsync:/host")]
    [DataRow("://host")]
    [DataRow("")]
    public void TransferLocationsMustBeProtocolUrls(string url)
    {
        var error = Fails(() => SiteValidator.ValidateSpec(WithSettings(new SiteSettingsSummary
        {
            TransferLocations = { ["dtn"] = url },
        })));
        HasProblem(error, "settings.transfer_locations.dtn", "protocol://netloc");
    }

    [TestMethod]
    public void TransferLocationAliasesMustNotContainAColon()
    {
        var error = Fails(() => SiteValidator.ValidateSpec(WithSettings(new SiteSettingsSummary
        {
            TransferLocations = { ["my:dtn"] = "globus://abc" },
        })));
        HasProblem(error, "settings.transfer_locations.my:dtn", "alias must not contain ':'");
        ProblemFieldsAre(error, "settings.transfer_locations.my:dtn");
    }

    [TestMethod]
    public void NodeCountProjectsAndBatchJobParameterNamesAreChecked()
    {
        var error = Fails(() => SiteValidator.ValidateSpec(WithSettings(new SiteSettingsSummary
        {
            NumNodes = -1,
            AllowedProjects = ["ok", " "],
            OptionalBatchJobParams = { ["bad-name"] = "x", ["fine"] = "y" },
        })));
        HasProblem(error, "settings.num_nodes", "zero or more");
        HasProblem(error, "settings.allowed_projects[1]", "must not be empty");
        HasProblem(error, "settings.optional_batch_job_params.bad-name", "C# identifier");
        ProblemFieldsAre(error, "settings.num_nodes", "settings.allowed_projects[1]", "settings.optional_batch_job_params.bad-name");
    }

    [TestMethod]
    public void EveryProblemOfASpecIsReportedAtOnce()
    {
        var error = Fails(() => SiteValidator.ValidateSpec(new SiteSpec
        {
            Name = "12",
            Path = "relative",
            Settings = new SiteSettingsSummary
            {
                AllowedQueues = { ["q"] = new QueuePolicy(0, 1, 1) },
                TransferLocations = { ["x"] = "nope" },
            },
        }));
        ProblemFieldsAre(error, "name", "path", "settings.allowed_queues.q.max_nodes", "settings.transfer_locations.x");
        Assert.StartsWith("Invalid site '12':", error.Message);
    }

    [TestMethod]
    public void AnUpdateChecksOnlyWhatItChanges()
    {
        SiteValidator.ValidateUpdate("polaris", null, null);
        HasProblem(Fails(() => SiteValidator.ValidateUpdate("polaris", "relative", null)), "path", "absolute");
        var error = Fails(() => SiteValidator.ValidateUpdate("polaris", null,
            new SiteSettingsSummary { AllowedQueues = { ["debug"] = new QueuePolicy(1, 0, 1) } }));
        ProblemFieldsAre(error, "settings.allowed_queues.debug.max_walltime");
        Assert.Contains("site 'polaris'", error.Message);
    }
}
